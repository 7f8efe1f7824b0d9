/**
 * The bridge against the Kafka and Pub/Sub emulators through the official clients: 10,000
 * records arrive once each; a bridge process killed with SIGKILL mid-way and restarted loses none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PubSub, type Message, type Subscription } from '@google-cloud/pubsub';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka, type KafkaHandle } from '../../emulators/kafka';
import { startPubSub, type PubSubHandle } from '../../emulators/pubsub';
import { createLogger } from '../shared/log';
import { startBridge } from './bridge';
import { pubsubBridgePublisher } from './publisher';

let kafkaEmu: KafkaHandle;
let pubsubEmu: PubSubHandle;
let kafka: Kafka;
let pubsub: PubSub;
const quiet = createLogger({ level: 'ERROR', sink: () => undefined });

beforeAll(async () => {
  kafkaEmu = await startKafka({ port: 0, log: () => undefined });
  pubsubEmu = await startPubSub({ port: 0 });
  kafka = new Kafka({ clientId: 'bridge-test', brokers: [kafkaEmu.bootstrap], logLevel: logLevel.NOTHING });
  pubsub = new PubSub({ apiEndpoint: `${pubsubEmu.host}:${pubsubEmu.port}`, emulatorMode: true, projectId: 'test-project' });
});
afterAll(async () => {
  await pubsub.close();
  await pubsubEmu.close();
  await kafkaEmu.close();
});

/** Creates `<id>.raw` with 4 partitions and `<id>-raw` with one subscription. */
async function setUp(id: string): Promise<Subscription> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: `${id}.raw`, numPartitions: 4 }] });
  await admin.disconnect();
  const [topic] = await pubsub.createTopic(`${id}-raw`);
  const [sub] = await topic.createSubscription(`${id}-raw-test`, { ackDeadlineSeconds: 60 });
  return sub;
}

async function produce(id: string, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < count; start += 1000) {
    await producer.send({
      topic: `${id}.raw`,
      messages: Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
        key: `k${(start + i) % 37}`,
        value: JSON.stringify({ n: start + i }),
        headers: { source: 'test' },
      })),
    });
  }
  await producer.disconnect();
}

/** Collects messages (acking each) until `done`. */
function collect(sub: Subscription, done: (seen: Map<number, number>) => boolean): Promise<{ seen: Map<number, number>; first: Message }> {
  const seen = new Map<number, number>();
  let first: Message | undefined;
  return new Promise((resolve, reject) => {
    sub.on('message', (m: Message) => {
      first ??= m;
      const n = (JSON.parse(m.data.toString()) as { n: number }).n;
      seen.set(n, (seen.get(n) ?? 0) + 1);
      m.ack();
      if (done(seen)) resolve({ seen, first: first! });
    });
    sub.on('error', reject);
  });
}

test('10,000 records on Kafka arrive once each on the Pub/Sub subscription, split over two bridges of one group', async () => {
  const sub = await setUp('bridged');
  const a = await startBridge({ kafka, publisher: pubsubBridgePublisher(pubsub), pipelines: ['bridged'], groupId: 'bridge-once', log: quiet });
  const b = await startBridge({ kafka, publisher: pubsubBridgePublisher(pubsub), pipelines: ['bridged'], groupId: 'bridge-once', log: quiet });
  const group = kafkaEmu.broker.groups.group('bridge-once', false)!;
  await new Promise<void>((resolve) => {
    const check = setInterval(() => { if (group.state === 'Stable' && group.members.size === 2) { clearInterval(check); resolve(); } }, 20);
  });
  await produce('bridged', 10_000);
  const { seen, first } = await collect(sub, (s) => s.size >= 10_000);
  await new Promise((r) => setTimeout(r, 500)); // let a stray duplicate show up if there were one
  expect(a.published()).toBeGreaterThan(0);
  expect(b.published()).toBeGreaterThan(0);
  expect(a.published() + b.published()).toBe(10_000);
  await a.stop();
  await b.stop();
  await sub.close();
  expect(seen.size).toBe(10_000);
  expect([...seen.values()].every((c) => c === 1)).toBe(true);
  expect(first.attributes).toMatchObject({ source: 'test', kafka_topic: 'bridged.raw' });
  expect(first.attributes.kafka_partition).toMatch(/^[0-3]$/);
  expect(first.attributes.kafka_offset).toMatch(/^\d+$/);
  expect(first.attributes.kafka_key).toMatch(/^k\d+$/);
  // every partition's committed offset is its end: nothing left to re-publish
  const admin = kafka.admin();
  await admin.connect();
  const committed = await admin.fetchOffsets({ groupId: 'bridge-once', topics: ['bridged.raw'] });
  const ends = await admin.fetchTopicOffsets('bridged.raw');
  await admin.disconnect();
  expect(committed[0]!.partitions.map((p) => p.offset).sort()).toEqual(ends.map((e) => e.high).sort());
});

/** Runs main.ts as a child process against both emulators. */
const children = new Set<ChildProcess>();
afterAll(() => { for (const c of children) c.kill('SIGKILL'); });
function bridgeProcess(id: string): ChildProcess {
  // node itself with tsx's require hook, not the tsx CLI: the CLI runs the script in a child
  // process of its own, so a SIGKILL would kill the wrapper and leave the bridge running.
  const child = spawn(process.execPath, ['--require', join(__dirname, '../../node_modules/tsx/dist/cjs/index.cjs'), join(__dirname, 'main.ts')], {
    env: {
      ...process.env,
      KAFKA_BROKERS: kafkaEmu.bootstrap,
      PIPELINES: id,
      GOOGLE_CLOUD_PROJECT: 'test-project',
      PUBSUB_EMULATOR_HOST: `${pubsubEmu.host}:${pubsubEmu.port}`,
      BRIDGE_GROUP_ID: 'bridge-killed',
      BRIDGE_CHUNK_SIZE: '200',
      BRIDGE_PARTITIONS_CONCURRENTLY: '1',
      BRIDGE_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

test('a bridge killed mid-way (SIGKILL) and restarted loses no record', async () => {
  const sub = await setUp('killed');
  await produce('killed', 10_000);
  let first: ChildProcess | undefined = bridgeProcess('killed');
  let committedAtKill = -1;
  const all = collect(sub, (s) => {
    if (first && s.size >= 500) {
      first.kill('SIGKILL');
      committedAtKill = kafkaEmu.broker.groups.committedAll('bridge-killed').reduce((n, o) => n + o.offset, 0);
      first = undefined;
      second = bridgeProcess('killed');
    }
    return s.size >= 10_000;
  });
  let second: ChildProcess | undefined;
  const { seen } = await all;
  const exited = new Promise((r) => second!.once('exit', r));
  second!.kill('SIGTERM');
  await exited;
  await sub.close();
  expect(seen.size).toBe(10_000);
  // the first process died with work left: the second one had to pick it up
  expect(committedAtKill).toBeLessThan(10_000);
  // at-least-once: records in flight when the first process died may arrive twice, no more
  const duplicates = [...seen.values()].filter((c) => c > 1).length;
  expect(duplicates).toBeLessThanOrEqual(4 * 1000);
}, 240_000);

test('with ordering keys on, the record key is the ordering key and per-key order holds', async () => {
  const sub = await setUp('ordered');
  const [ordered] = await pubsub.topic('ordered-raw').createSubscription('ordered-raw-in-order', { enableMessageOrdering: true });
  await produce('ordered', 1_000);
  const bridge = await startBridge({
    kafka,
    publisher: pubsubBridgePublisher(pubsub, { ordering: true }),
    pipelines: ['ordered'],
    groupId: 'bridge-ordered',
    orderingKeys: true,
    log: quiet,
  });
  const byKey = new Map<string, number[]>();
  let mismatched = 0;
  await new Promise<void>((resolve, reject) => {
    let n = 0;
    ordered.on('message', (m: Message) => {
      if (m.orderingKey !== m.attributes.kafka_key) mismatched++;
      const key = m.orderingKey ?? '';
      const list = byKey.get(key) ?? [];
      list.push(Number(m.attributes.kafka_offset));
      byKey.set(key, list);
      m.ack();
      if (++n >= 1_000) resolve();
    });
    ordered.on('error', reject);
  });
  await bridge.stop();
  await ordered.close();
  await sub.close();
  expect(mismatched).toBe(0);
  // a key lives in one partition, so its offsets must arrive increasing
  for (const offsets of byKey.values()) expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
});
