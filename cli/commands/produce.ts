import type { Command } from 'commander';
import { PubSub } from '@google-cloud/pubsub';
import { getPipeline } from '../../pipelines';
import { REPLAY_FORMATS, replay, schemaCaster, timeField, type Pacing, type ReplayFormat } from '../../pipelines/replay';
import { liveEvents } from '../../local/live';
import { openSink, produce, type ProduceTarget } from '../../local/producers';
import { FlagError } from '../flags';

/** Options of `tributary produce`. */
interface ProduceFlags {
  file?: string;
  format?: string;
  mode: string;
  rate: string;
  speedup: string;
  count?: string;
  target: string;
  seed: string;
}

const MODES = ['rate', 'timewarp', 'max'] as const;
const TARGETS = ['kafka', 'pubsub'] as const;

/** `tributary produce`: send generated or replayed events to a pipeline's Kafka or Pub/Sub entry. */
export function register(program: Command): void {
  program
    .command('produce')
    .description('Send events to a pipeline: generated (default) or replayed from a file, at a rate or at the data\'s own pace')
    .argument('<id>', 'pipeline id (taxi, stocks, iot, crypto, retail)')
    .option('--file <path>', 'replay this file (NDJSON, JSON array, CSV) or iot folder instead of generating')
    .option('--format <f>', `file format: ${REPLAY_FORMATS.join('|')} (default: from the path)`)
    .option('--mode <m>', `pacing: ${MODES.join('|')}`, 'rate')
    .option('--rate <n>', 'events per second (--mode rate)', '100')
    .option('--speedup <x>', 'replay the data\'s own time this many times faster (--mode timewarp)', '1')
    .option('--count <n>', 'stop after this many events (default: the whole file; 1000 when generating)')
    .option('--target <t>', `entry point: ${TARGETS.join('|')} (kafka: KAFKA_BROKERS; pubsub: PUBSUB_EMULATOR_HOST or Google)`, 'kafka')
    .option('--seed <n>', 'seed of generated events', '1')
    .action(async (id: string, flags: ProduceFlags) => {
      process.env.METADATA_SERVER_DETECTION ??= 'none'; // no GCE metadata server locally: do not probe for one
      const definition = getPipeline(id);
      if (!(MODES as readonly string[]).includes(flags.mode)) throw new FlagError('--mode', flags.mode, MODES.join(' or '));
      if (!(TARGETS as readonly string[]).includes(flags.target)) throw new FlagError('--target', flags.target, TARGETS.join(' or '));
      if (flags.format && !(REPLAY_FORMATS as readonly string[]).includes(flags.format)) throw new FlagError('--format', flags.format, REPLAY_FORMATS.join(', '));
      const num = (flag: string, v: string, ex: string) => {
        const n = Number(v);
        if (!(n > 0)) throw new FlagError(flag, v, `a positive number, e.g. ${flag} ${ex}`);
        return n;
      };
      const rate = num('--rate', flags.rate, '500');
      const speedup = num('--speedup', flags.speedup, '60');
      const count = flags.count === undefined ? (flags.file ? undefined : 1000) : num('--count', flags.count, '10000');
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new FlagError('--seed', flags.seed, 'an integer, e.g. --seed 7');

      let events: AsyncIterable<Buffer> | Iterable<Buffer>;
      let batchSize: number | undefined;
      let sendRate: number | undefined = flags.mode === 'rate' ? rate : undefined;
      if (flags.file) {
        const replaySource = definition.sources.find((s) => s.kind === 'replay');
        if (flags.mode === 'timewarp' && !replaySource) throw new FlagError('--mode', 'timewarp', `rate or max: pipeline ${id} declares no replay time field`);
        const pacing: Pacing =
          flags.mode === 'timewarp' && replaySource?.kind === 'replay'
            ? { mode: 'timewarp', speedup, timeOf: timeField(replaySource.timestampField) }
            : { mode: 'max' };
        if (pacing.mode === 'timewarp') (batchSize = 1), (sendRate = undefined);
        const records = replay({
          path: flags.file,
          format: flags.format as ReplayFormat | undefined,
          cast: schemaCaster(definition.schema),
          pacing,
          count,
          progress: { label: `${id} ${flags.file}`, stream: process.stderr },
        });
        events = (async function* () {
          for await (const r of records) yield Buffer.from(r.payload);
        })();
      } else {
        const live = liveEvents(id, seed);
        events = (function* () {
          for (let i = 0; i < (count ?? Infinity); i++) yield live.next().value as Buffer;
        })();
      }

      const target: ProduceTarget =
        flags.target === 'kafka'
          ? { kind: 'kafka', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') }
          : { kind: 'pubsub', pubsub: new PubSub({ projectId: process.env.GOOGLE_CLOUD_PROJECT ?? 'tributary-dev' }) };
      const sink = await openSink(id, target);
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      try {
        const sent = await produce({ events, sink, rate: sendRate, batchSize, signal: ac.signal });
        process.stdout.write(`sent ${sent} ${id} events to ${flags.target === 'kafka' ? `kafka ${id}.raw` : `pubsub ${id}-raw`}\n`);
      } finally {
        await sink.close();
        if (target.kind === 'pubsub') await target.pubsub.close();
      }
    });
}
