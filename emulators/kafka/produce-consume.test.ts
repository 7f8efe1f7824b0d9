import { CompressionTypes, type Consumer, type Producer } from 'kafkajs';
import { kafkaFixture, waitFor } from './test-helpers';
import type { KafkaHandle } from './index';
import type { Kafka } from 'kafkajs';

let handle: KafkaHandle;
let kafka: Kafka;
let producer: Producer;
const consumers: Consumer[] = [];

beforeAll(async () => {
  ({ handle, kafka } = await kafkaFixture());
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  for (const c of consumers) await c.disconnect();
  await producer.disconnect();
  await handle.close();
});

test('metadata advertises the bound host:port', async () => {
  const admin = kafka.admin();
  await admin.connect();
  const cluster = await admin.describeCluster();
  await admin.disconnect();
  expect(cluster.brokers).toEqual([{ nodeId: 0, host: '127.0.0.1', port: handle.port }]);
});

test('a topic created with three partitions lists three partitions', async () => {
  const admin = kafka.admin();
  await admin.connect();
  expect(await admin.createTopics({ topics: [{ topic: 'three', numPartitions: 3 }] })).toBe(true);
  const md = await admin.fetchTopicMetadata({ topics: ['three'] });
  await admin.disconnect();
  expect(md.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
});

test('produced messages are consumed in order with keys and headers, gzip and uncompressed', async () => {
  await producer.send({ topic: 'plain', messages: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: { h: `x${i}` } })) });
  await producer.send({ topic: 'plain', compression: CompressionTypes.GZIP, messages: Array.from({ length: 50 }, (_, i) => ({ key: `k${i + 50}`, value: `v${i + 50}` })) });
  const consumer = kafka.consumer({ groupId: 'g-plain', maxWaitTimeInMs: 100 });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic: 'plain', fromBeginning: true });
  const got: { key: string; value: string; offset: string; h?: string }[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      got.push({ key: message.key!.toString(), value: message.value!.toString(), offset: message.offset, h: message.headers?.h?.toString() });
    },
  });
  await waitFor(() => got.length >= 100, 30_000, '100 messages');
  expect(got.map((m) => m.value)).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`));
  expect(got.map((m) => Number(m.offset))).toEqual(Array.from({ length: 100 }, (_, i) => i));
  expect(got[3]).toMatchObject({ key: 'k3', h: 'x3' });
});

test('ListOffsets reports earliest and latest', async () => {
  await producer.send({ topic: 'offsets', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets('offsets');
  await admin.disconnect();
  expect(offsets).toEqual([{ partition: 0, offset: '3', high: '3', low: '0' }]);
});
