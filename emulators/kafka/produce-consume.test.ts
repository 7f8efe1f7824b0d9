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

test('ListOffsets reports earliest and latest', async () => {
  await producer.send({ topic: 'offsets', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets('offsets');
  await admin.disconnect();
  expect(offsets).toEqual([{ partition: 0, offset: '3', high: '3', low: '0' }]);
});
