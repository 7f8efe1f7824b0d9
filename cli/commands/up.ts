import type { Command } from 'commander';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '../../functions/shared/log';
import { EMULATORS } from '../../local/emulators';
import { startControl } from '../../local/control';
import { flushPipelines } from '../../local/flush';
import { liveEvents } from '../../local/live';
import { startRetailFeed } from '../../local/retail-feed';
import { openSink, produce, type EventSink } from '../../local/producers';
import { startLocal, type LocalRuntime } from '../../local/runtime';
import { localStack } from '../../local/stack';
import { RunStatus } from '../../local/status';
import { kafkaTopic } from '../../pipelines/naming';
import { FlagError } from '../flags';

/** Options of `tributary up`. */
interface UpFlags {
  pipelines?: string;
  dataDir: string;
  memory?: boolean;
  fresh?: boolean;
  rate: string;
  duration?: string;
  producers: boolean;
  timeScale: string;
  port: string;
  seed: string;
}

const positive = (flag: string, v: string, example: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new FlagError(flag, v, `a positive number, e.g. ${flag} ${example}`);
  return n;
};

/** `tributary up`: the whole platform locally, from the synthesized resource graph. */
export function register(program: Command): void {
  const cmd = program
    .command('up')
    .description('Run the platform locally: emulators, the provisioned resource graph, functions, schedules, producers, API and dashboard')
    .option('--pipelines <ids>', 'comma-separated pipelines to run (default: all)')
    .option('--data-dir <dir>', 'state kept across restarts', '.tributary')
    .option('--memory', 'keep no state on disk (ignores --data-dir)')
    .option('--fresh', 'wipe --data-dir first')
    .option('--rate <n>', 'events per second per pipeline from the producers', '20')
    .option('--duration <s>', 'stop after this many seconds and print the per-pipeline summary')
    .option('--no-producers', 'start everything but the producers (send your own events)')
    .option('--time-scale <x>', 'virtual seconds per real second for schedules (a daily retrain every 24 min at 60)', '1')
    .option('--port <n>', 'port of the API and dashboard', '8080')
    .option('--seed <n>', 'seed of the generated sample data', '1');
  for (const spec of EMULATORS) cmd.option(`--port-${spec.name} <n>`, `port of the ${spec.name} emulator`, String(spec.defaultPort));
  cmd.action(async (flags: UpFlags & Record<string, string>) => {
      process.env.METADATA_SERVER_DETECTION ??= 'none'; // no GCE metadata server locally: do not probe for one
      const rate = positive('--rate', flags.rate, '50');
      const timeScale = positive('--time-scale', flags.timeScale, '60');
      const port = positive('--port', flags.port, '8081');
      const duration = flags.duration === undefined ? undefined : positive('--duration', flags.duration, '120');
      const emulatorPorts: Record<string, number> = {};
      for (const spec of EMULATORS) {
        const key = `port${spec.name[0].toUpperCase()}${spec.name.slice(1)}`;
        const n = Number(flags[key]);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new FlagError(`--port-${spec.name}`, String(flags[key]), `a port number, e.g. --port-${spec.name} ${spec.defaultPort + 1}`);
        emulatorPorts[spec.name] = n;
      }
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new FlagError('--seed', flags.seed, 'an integer, e.g. --seed 7');
      const dataDir = flags.memory ? undefined : resolve(flags.dataDir);
      if (flags.fresh && dataDir) rmSync(dataDir, { recursive: true, force: true });
      const logDir = dataDir ? join(dataDir, 'logs') : join(tmpdir(), `tributary-logs-${process.pid}`);
      mkdirSync(logDir, { recursive: true });
      const logFile = createWriteStream(join(logDir, 'up.log'), { flags: 'a' });
      const log = createLogger({ fields: { component: 'up' }, sink: (line) => logFile.write(line + '\n') });
      const say = (s: string) => process.stdout.write(s + '\n');

      say('tributary up: synthesizing the dev stack (cached until pipelines/, schemas/, infra/ or sql/ change)...');
      const stack = localStack({ pipelines: flags.pipelines?.split(',').map((s) => s.trim()).filter(Boolean), dataDir: dataDir ?? logDir });
      say(`  ${stack.synthesized ? 'synthesized' : 'up to date'}: ${stack.file}`);
      say('starting the emulators, provisioning the graph and the functions (the first start compiles TypeScript; about a minute)...');

      let status: RunStatus | undefined;
      const runtime: LocalRuntime = await startLocal({
        stackFile: stack.file,
        dataDir,
        apiPort: port,
        emulatorPorts,
        timeScale,
        log,
        onFunctionLine: (fn, line) => logFile.write(`${line.startsWith('{') ? line.replace(/^\{/, `{"function":${JSON.stringify(fn)},`) : JSON.stringify({ function: fn, message: line })}\n`),
        onJob: (r) => {
          status?.job(r);
          if (!r.ok) log.warn('scheduled run failed', { job: r.job, error: r.error });
        },
      });
      status = new RunStatus(runtime.plan, stack.pipelines);
      const control = await startControl(runtime.scheduler, dataDir ?? logDir);

      say('');
      say('service        url');
      for (const spec of EMULATORS) {
        const h = runtime.emulators.get(spec.name);
        if (h) say(`${spec.name.padEnd(14)} ${h.url}`);
      }
      if (runtime.postgres) say(`${'postgres'.padEnd(14)} ${runtime.postgres.url}`);
      if (runtime.apiUrl) say(`${'api+dashboard'.padEnd(14)} ${runtime.apiUrl}/`);
      say('');
      say('# point your own clients at the emulators:');
      for (const [k, v] of Object.entries(runtime.env)) say(`export ${k}=${v}`);
      const controlDir = dataDir ?? logDir;
      const runFlag = controlDir === resolve('.tributary') ? '' : ` --data-dir ${controlDir}`;
      say(`# \`tributary run${runFlag}\` lists the schedules; \`tributary run${runFlag} <job>\` runs one now`);
      say(`# logs: ${join(logDir, 'up.log')}   ${runtime.functions.size} functions, ${runtime.scheduler.names().length} schedules`);
      say('');

      const stopProducers = new AbortController();
      const producers: Promise<number>[] = [];
      const sinks: EventSink[] = [];
      if (flags.producers) {
        const kafka = runtime.emulators.get('kafka');
        for (const id of stack.pipelines) {
          const viaKafka = kafka && runtime.plan.kafkaTopics.some((t) => t.name === kafkaTopic(id));
          const sink = await openSink(id, viaKafka ? { kind: 'kafka', brokers: [`${kafka.host}:${kafka.port}`] } : { kind: 'pubsub', pubsub: runtime.clients.pubsub });
          sinks.push(sink);
          let last = 0;
          const onProgress = (n: number) => {
            status!.produced(id, n - last);
            last = n;
          };
          producers.push(
            produce({ events: liveEvents(id, seed), sink, rate, signal: stopProducers.signal, onProgress }).catch((err: Error) => {
              log.error('producer failed', { pipeline: id, error: err.message });
              say(`producer for ${id} failed: ${err.message}`);
              return 0;
            }),
          );
        }
      }
      // retail also arrives through its PostgreSQL table (pgSource) and CSV drops in the landing bucket (ingestFile).
      const feeds: { stop(): Promise<void> }[] = [];
      if (flags.producers && stack.pipelines.includes('retail')) {
        const hasLanding = runtime.plan.functions.some((f) => f.target === 'ingestFile' && f.pipeline === 'retail');
        feeds.push(
          await startRetailFeed({
            postgresUrl: runtime.postgres?.url,
            storage: hasLanding ? runtime.clients.storage : undefined,
            project: runtime.plan.project,
            seed,
            onError: (err) => log.warn('retail feed failed a write', { error: err.message }),
          }),
        );
      }
      const ticker = setInterval(() => say(`\n${new Date().toISOString()}\n${status!.table()}`), process.stdout.isTTY ? 10_000 : 30_000);
      ticker.unref();

      let stopping = false;
      const shutdown = async (reason: string): Promise<void> => {
        if (stopping) return;
        stopping = true;
        clearInterval(ticker);
        say(`\n${reason}: stopping producers...`);
        stopProducers.abort();
        await Promise.allSettled(producers);
        await Promise.allSettled(sinks.map((s) => s.close()));
        await Promise.allSettled(feeds.map((f) => f.stop()));
        await control.close();
        say('letting the bridge and the drains flush what is in flight...');
        await runtime.scheduler.stop();
        await flushPipelines(runtime, say);
        say('stopping functions and emulators (state is saved)...');
        await runtime.stop();
        if (dataDir) writeFileSync(join(dataDir, 'counters.json'), JSON.stringify(status!.toJSON(), null, 2));
        say(`\n${status!.table()}`);
        logFile.end();
      };

      await new Promise<void>((done) => {
        const onSignal = () => void shutdown('interrupted').then(done);
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        if (duration) setTimeout(() => void shutdown(`--duration ${duration}s reached`).then(done), duration * 1000);
      });
      const unhealthy = [...status!.pipelines].filter(([, c]) => c.failedRuns > 0 || c.deadLettered > 0);
      if (unhealthy.length) {
        say(`unhealthy: ${unhealthy.map(([id, c]) => `${id} (${c.failedRuns} failed runs, ${c.deadLettered} dead-lettered)`).join(', ')}; details in the log`);
        process.exitCode = 1;
      }
    });
}
