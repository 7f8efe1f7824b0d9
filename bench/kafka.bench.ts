/**
 * Kafka emulator and bridge throughput.
 *
 * - produce: kafkajs `producer.send` of 1,000 messages of 200 bytes per call (acks=-1), from
 *   producer processes of their own (this file, re-run with KAFKA_BENCH_ROLE=producer), fresh per
 *   round and warmed up before timing. Variants, rounds interleaved: one producer with one send in
 *   flight; one producer with {@link IN_FLIGHT} (kafkajs pipelines requests on its connection);
 *   the same to a topic with the partitions of a pipeline's raw topic ({@link RAW_TOPIC_PARTITIONS}),
 *   without and with {@link PRODUCER_NODE_FLAGS}; two producer processes with {@link IN_FLIGHT}
 *   each sending at once (aggregate msgs/s, first start to last end). One kafkajs producer spends
 *   ~10 µs of CPU encoding each record (the broker under 1 µs; both listed per variant), so one
 *   producer process tops out near 100k msgs/s on this CPU whatever the broker does; the
 *   two-process figure is what the emulator takes from kafkajs when the client has more than one
 *   core. The baseline is the same batches sent as pre-encoded Produce frames over a bare socket
 *   (what the broker takes when the client costs nothing), measured in the same run.
 * - consume: a kafkajs consumer group reading the produced messages with `eachBatch`.
 * - bridge: the Kafka → Pub/Sub bridge publishing 20,000 records of a 4-partition topic to the
 *   Pub/Sub emulator; counted when Pub/Sub has accepted each.
 * Both emulators run in child processes, as `tributary emulators` runs them. The machine is a
 * shared 2-core box with other jobs running: compare ratios, not absolute numbers. Goals:
 * ≥ 100,000 msgs/s produce and consume, ≥ 20,000 msgs/s bridge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { Kafka, logLevel } from 'kafkajs';
import { encodeBatch, encodeRecords } from '../emulators/kafka/protocol/records';
import { Writer } from '../emulators/kafka/protocol/writer';
import { startBridge } from '../functions/bridge/bridge';
import { pubsubBridgePublisher } from '../functions/bridge/publisher';
import { createLogger } from '../functions/shared/log';
import { median, processCpuMs } from './stats';

const MESSAGES = 100_000;
const BATCH = 1_000;
const VALUE = Buffer.alloc(200, 'x');
const ROUNDS = 3;
/** Sends in flight in the pipelined variants. */
const IN_FLIGHT = 4;
/**
 * Partitions of a pipeline's `<id>.raw` topic as Tributary provisions it. kafkajs groups a send's
 * messages per partition with a reduce that copies the partition's array for every message
 * (quadratic in the messages per partition): 2.1 µs per message for 1,000 messages to one
 * partition, 1.2 µs across three (CPU time, kafkajs's own function run alone).
 */
const RAW_TOPIC_PARTITIONS = 3;
/**
 * Node flags of the tuned producer variant: a larger V8 young generation (kafkajs allocates a
 * zeroed 512-byte Encoder per record plus the batch and request buffers). A user running a busy
 * producer sets it with NODE_OPTIONS. Interleaved A/B here on a loaded machine showed no clear
 * change in the producer's CPU per message (9.7 vs 10.1, 9.5 vs 11.1 µs), hence a variant of its
 * own rather than the default.
 */
const PRODUCER_NODE_FLAGS = ['--max-semi-space-size=64'];

/** Starts `code` (which prints `ADDR <host:port>`) in a child process. */
async function child(code: string): Promise<{ addr: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(__dirname, '..') });
  const addr = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ADDR (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (c) => reject(new Error(`emulator exited with ${c}`)));
  });
  return { addr, proc };
}

const rate = (n: number, ns: bigint): number => Math.round(n / (Number(ns) / 1e9));


interface ProduceRound { msgsPerSec: number; clientCpuUsPerMsg: number; brokerCpuUsPerMsg: number }

/**
 * A producer process: warm-up sends, READY, then on GO (a line on stdin) MESSAGES in batches of
 * BATCH with `KAFKA_BENCH_IN_FLIGHT` sends in flight; prints its wall-clock start and end and
 * its CPU time as RESULT and exits.
 */
async function producerRole(): Promise<void> {
  const env = process.env;
  const inFlight = Number(env.KAFKA_BENCH_IN_FLIGHT);
  const kafka = new Kafka({ clientId: 'bench', brokers: [env.KAFKA_BENCH_BROKER!], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const messages = Array.from({ length: BATCH }, () => ({ value: VALUE }));
  const sendAll = async (topic: string, batches: number): Promise<void> => {
    for (let i = 0; i < batches; i += inFlight) await Promise.all(Array.from({ length: Math.min(inFlight, batches - i) }, () => producer.send({ topic, messages })));
  };
  // warm-up, as a long-running producer is: a fresh process's first 100k messages cost 15-18 µs
  // of CPU each and the next 100k 11-13, against ~10 after that (JIT, heap sizing)
  await sendAll('bench-warm', (2 * MESSAGES) / BATCH);
  const go = new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdout.write('READY\n');
  await go;
  const wallMs = (): number => performance.timeOrigin + performance.now();
  const c0 = process.cpuUsage();
  const startMs = wallMs();
  await sendAll(env.KAFKA_BENCH_TOPIC!, MESSAGES / BATCH);
  const endMs = wallMs();
  const cpu = process.cpuUsage(c0);
  process.stdout.write(`RESULT ${JSON.stringify({ startMs, endMs, cpuUs: cpu.user + cpu.system })}\n`);
  await producer.disconnect();
  process.exit(0);
}

/** A producer process, once it is READY; `go()` starts its timed sends and resolves its RESULT. */
async function producerProcess(broker: string, topic: string, inFlight: number, flags: readonly string[]): Promise<{ go: () => Promise<{ startMs: number; endMs: number; cpuUs: number }> }> {
  const proc = spawn(process.execPath, [...flags, '--import', 'tsx', __filename], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: join(__dirname, '..'),
    env: { ...process.env, KAFKA_BENCH_ROLE: 'producer', KAFKA_BENCH_BROKER: broker, KAFKA_BENCH_TOPIC: topic, KAFKA_BENCH_IN_FLIGHT: String(inFlight) },
  });
  let out = '';
  const exited = new Promise<never>((_, reject) => proc.once('exit', (c) => reject(new Error(`producer process exited with ${c}; output: ${out}`))));
  const line = (re: RegExp): Promise<RegExpExecArray> =>
    Promise.race([
      exited,
      new Promise<RegExpExecArray>((resolve) => {
        const check = (): void => {
          const m = re.exec(out);
          if (m) {
            proc.stdout?.off('data', onData);
            resolve(m);
          }
        };
        const onData = (d: Buffer): void => {
          out += d.toString();
          check();
        };
        proc.stdout?.on('data', onData);
        check();
      }),
    ]);
  await line(/^READY$/m);
  return {
    go: async () => {
      proc.stdin?.write('GO\n');
      const m = await line(/^RESULT (.*)$/m);
      return JSON.parse(m[1]!) as { startMs: number; endMs: number; cpuUs: number };
    },
  };
}

/** One produce round: `processes` producer processes sending at once; aggregate msgs/s from the first start to the last end. */
async function produceRound(broker: string, brokerPid: number | undefined, topic: string, inFlight: number, processes: number, flags: readonly string[]): Promise<ProduceRound> {
  const producers = await Promise.all(Array.from({ length: processes }, () => producerProcess(broker, topic, inFlight, flags)));
  const b0 = processCpuMs(brokerPid);
  const results = await Promise.all(producers.map((p) => p.go()));
  const brokerMs = processCpuMs(brokerPid) - b0;
  const total = processes * MESSAGES;
  const seconds = (Math.max(...results.map((r) => r.endMs)) - Math.min(...results.map((r) => r.startMs))) / 1000;
  const perMsg = (us: number): number => Math.round((us / total) * 100) / 100;
  return {
    msgsPerSec: Math.round(total / seconds),
    clientCpuUsPerMsg: perMsg(results.reduce((a, r) => a + r.cpuUs, 0)),
    brokerCpuUsPerMsg: perMsg(brokerMs * 1000),
  };
}

/** Medians of a variant's rounds, every round kept. */
function summarize(rounds: ProduceRound[], extra: Record<string, unknown>): Record<string, unknown> {
  return {
    ...extra,
    msgsPerSec: median(rounds.map((r) => r.msgsPerSec)),
    clientCpuUsPerMsg: median(rounds.map((r) => r.clientCpuUsPerMsg)),
    brokerCpuUsPerMsg: median(rounds.map((r) => r.brokerCpuUsPerMsg)),
    runs: rounds.map((r) => r.msgsPerSec),
    rounds,
  };
}


/** Sends pre-encoded Produce v7 frames, one in flight, over a bare socket; msgs/s. */
async function rawProduce(addr: string, topic: string): Promise<number> {
  const [host, port] = addr.split(':');
  const socket = connect(Number(port), host);
  await new Promise((r) => socket.once('connect', r));
  const batch = encodeBatch({ payload: encodeRecords(Array.from({ length: BATCH }, () => ({ value: VALUE })), Date.now()), count: BATCH, baseTimestamp: Date.now() });
  const frame = (id: number): Buffer => {
    const w = new Writer(batch.length + 100);
    const at = w.reserve32();
    w.int16(0).int16(7).int32(id).str(false, 'bench').str(false, null).int16(-1).int32(30_000);
    w.array(false, [0], (w2) => { w2.str(false, topic).array(false, [0], (w3) => { w3.int32(0).bytes(false, batch); }); });
    const b = w.toBuffer();
    w.patchInt32(at, b.length - 4);
    return Buffer.from(b);
  };
  let pending: (() => void) | undefined;
  let buf = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
      buf = buf.subarray(4 + buf.readInt32BE(0));
      pending?.();
    }
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES / BATCH; i++) {
    await new Promise<void>((r) => { pending = r; socket.write(frame(i + 1)); });
  }
  const r = rate(MESSAGES, process.hrtime.bigint() - t0);
  socket.destroy();
  return r;
}

export default async function bench(): Promise<Record<string, unknown>> {
  const loadAtStart = Math.round(loadavg()[0]! * 10) / 10;
  const kafkaIndex = join(__dirname, '..', 'emulators', 'kafka', 'index.ts');
  const pubsubIndex = join(__dirname, '..', 'emulators', 'pubsub', 'index.ts');
  const k = await child(`require(${JSON.stringify(kafkaIndex)}).startKafka({ port: 0 }).then((h) => process.stdout.write('ADDR ' + h.bootstrap + '\\n'))`);
  const p = await child(`require(${JSON.stringify(pubsubIndex)}).startPubSub({ port: 0 }).then((h) => process.stdout.write('ADDR ' + h.host + ':' + h.port + '\\n'))`);
  const kafka = new Kafka({ clientId: 'bench', brokers: [k.addr], logLevel: logLevel.NOTHING });
  try {
    const admin = kafka.admin();
    await admin.connect();
    const topics = Array.from({ length: ROUNDS }, (_, i) => `bench-${i}`);
    // bench-raw3 has the 3 partitions Tributary gives every `<id>.raw` topic (infra/constructs/kafka.ts)
    const partitions: Record<string, number> = { 'bridge.raw': 4, 'bench-raw3': RAW_TOPIC_PARTITIONS };
    await admin.createTopics({ topics: [...topics, 'bench-raw', 'bench-raw3', 'bench-warm', 'bridge.raw'].map((topic) => ({ topic, numPartitions: partitions[topic] ?? 1 })) });
    await admin.disconnect();

    const raw: number[] = [];
    for (let i = 0; i < ROUNDS; i++) raw.push(await rawProduce(k.addr, 'bench-raw'));

    // the one-in-flight rounds fill bench-0..2, which the consume rounds read
    const variants = {
      oneInFlight: { inFlight: 1, processes: 1, partitions: 1, flags: [] as string[], rounds: [] as ProduceRound[] },
      pipelined: { inFlight: IN_FLIGHT, processes: 1, partitions: 1, flags: [] as string[], rounds: [] as ProduceRound[] },
      pipelinedRawTopicPartitions: { inFlight: IN_FLIGHT, processes: 1, partitions: RAW_TOPIC_PARTITIONS, flags: [] as string[], rounds: [] as ProduceRound[] },
      pipelinedRawTopicPartitionsTunedFlags: { inFlight: IN_FLIGHT, processes: 1, partitions: RAW_TOPIC_PARTITIONS, flags: PRODUCER_NODE_FLAGS, rounds: [] as ProduceRound[] },
      twoProducerProcesses: { inFlight: IN_FLIGHT, processes: 2, partitions: 1, flags: [] as string[], rounds: [] as ProduceRound[] },
    };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, v] of Object.entries(variants)) {
        const topic = name === 'oneInFlight' ? topics[r]! : v.partitions === 1 ? 'bench-raw' : 'bench-raw3';
        v.rounds.push(await produceRound(k.addr, k.proc.pid, topic, v.inFlight, v.processes, v.flags));
      }
    }
    const produceVariants = Object.fromEntries(
      Object.entries(variants).map(([name, v]) => [name, summarize(v.rounds, { sendsInFlightPerProducer: v.inFlight, producerProcesses: v.processes, topicPartitions: v.partitions, nodeFlags: v.flags })]),
    );
    const produce = variants.oneInFlight.rounds.map((x) => x.msgsPerSec);
    const produce4 = variants.pipelined.rounds.map((x) => x.msgsPerSec);
    const produceTwo = median(variants.twoProducerProcesses.rounds.map((x) => x.msgsPerSec));
    const produceRawTopic = median(variants.pipelinedRawTopicPartitions.rounds.map((x) => x.msgsPerSec));
    const produceTuned = median(variants.pipelinedRawTopicPartitionsTunedFlags.rounds.map((x) => x.msgsPerSec));
    const producer = kafka.producer();
    await producer.connect();

    const consume: number[] = [];
    for (const topic of topics) {
      const consumer = kafka.consumer({ groupId: `bench-${topic}`, maxBytes: 50 * 1024 * 1024, maxBytesPerPartition: 50 * 1024 * 1024 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let n = 0;
      let t0 = 0n;
      consumer.on(consumer.events.GROUP_JOIN, () => { t0 = process.hrtime.bigint(); });
      const done = new Promise<bigint>((resolve) => {
        void consumer.run({
          eachBatch: async ({ batch }) => {
            n += batch.messages.length;
            if (n >= MESSAGES) resolve(process.hrtime.bigint());
          },
        });
      });
      const end = await done;
      // from the group join (the fetches that follow it) to the last message
      consume.push(rate(MESSAGES, end - t0));
      await consumer.disconnect();
    }

    // bridge: 20,000 records through the bridge into the Pub/Sub emulator
    const BRIDGED = 20_000;
    for (let i = 0; i < BRIDGED / BATCH; i++) {
      await producer.send({ topic: 'bridge.raw', messages: Array.from({ length: BATCH }, (_, j) => ({ key: `k${j % 50}`, value: VALUE, headers: { n: String(i * BATCH + j) } })) });
    }
    await producer.disconnect();
    const pubsub = new PubSub({ apiEndpoint: p.addr, emulatorMode: true, projectId: 'bench' });
    await pubsub.createTopic('bridge-raw');
    await pubsub.createTopic('direct-raw');
    // baseline: the same records published straight to Pub/Sub with the same publisher
    const direct = pubsubBridgePublisher(pubsub);
    const td = process.hrtime.bigint();
    for (let i = 0; i < BRIDGED; i += 4 * BATCH) {
      await Promise.all(Array.from({ length: 4 * BATCH }, (_, j) => direct.publish('direct-raw', { data: VALUE, attributes: { n: String(i + j) } })));
    }
    const directRate = rate(BRIDGED, process.hrtime.bigint() - td);
    await direct.close();
    const bridge = await startBridge({ kafka, publisher: pubsubBridgePublisher(pubsub), pipelines: ['bridge'], groupId: 'bench-bridge', log: createLogger({ level: 'ERROR' }) });
    const t0 = process.hrtime.bigint(); // after the group join
    while (bridge.published() < BRIDGED) await new Promise((r) => setTimeout(r, 5));
    const bridgeRate = rate(BRIDGED, process.hrtime.bigint() - t0);
    await bridge.stop();
    await pubsub.close();

    const produceMedian = median(produce);
    const consumeMedian = median(consume);
    const rawMedian = median(raw);
    return {
      messageBytes: VALUE.length,
      batch: BATCH,
      messagesPerRound: MESSAGES,
      rounds: ROUNDS,
      baselineRawProduceMsgsPerSec: rawMedian,
      kafkajsProduceMsgsPerSec: produceMedian,
      kafkajsProduceRuns: produce,
      kafkajsProduceVsRaw: Math.round((produceMedian / rawMedian) * 100) / 100,
      kafkajsProduce4InFlightMsgsPerSec: median(produce4),
      kafkajsProduce4InFlightRuns: produce4,
      kafkajsProduceRawTopicPartitionsMsgsPerSec: produceRawTopic,
      kafkajsProduceRawTopicPartitionsVsRaw: Math.round((produceRawTopic / rawMedian) * 100) / 100,
      kafkajsProduceRawTopicPartitionsTunedFlagsMsgsPerSec: produceTuned,
      kafkajsProduceTwoProducerProcessesMsgsPerSec: produceTwo,
      kafkajsProduceTwoProducerProcessesVsRaw: Math.round((produceTwo / rawMedian) * 100) / 100,
      kafkajsProduceVariants: produceVariants,
      kafkajsConsumeMsgsPerSec: consumeMedian,
      kafkajsConsumeRuns: consume,
      baselineDirectPubSubPublishMsgsPerSec: directRate,
      bridgeMsgsPerSec: bridgeRate,
      bridgeVsDirectPublish: Math.round((bridgeRate / directRate) * 100) / 100,
      bridgeMessages: BRIDGED,
      goals: { produce: 100_000, consume: 100_000, bridge: 20_000 },
      goalsMet: { produceOneProducer: Math.max(produceMedian, median(produce4), produceRawTopic, produceTuned) >= 100_000, produceTwoProducerProcesses: produceTwo >= 100_000, consume: consumeMedian >= 100_000, bridge: bridgeRate >= 20_000 },
      loadAverage: { atStart: loadAtStart, atEnd: Math.round(loadavg()[0]! * 10) / 10 },
      note: `emulators and producers in child processes (a fresh producer per round, warmed up; medians of ${ROUNDS} rounds per variant, see kafkajsProduceVariants); consume and bridge timed from the group join; kafkajs produce is bound by the client encoding records (clientCpuUsPerMsg vs brokerCpuUsPerMsg; the raw baseline shows the broker takes ~10x more); shared 2-core machine under load from other jobs`,
    };
  } finally {
    k.proc.kill('SIGTERM');
    p.proc.kill('SIGTERM');
  }
}

if (process.env.KAFKA_BENCH_ROLE === 'producer') void producerRole();
