import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { kafkaFixture, RawClient } from './test-helpers';
import type { KafkaHandle } from './index';
import { Reader } from './protocol/reader';
import { Writer } from './protocol/writer';
import { encodeBatch, encodeRecords } from './protocol/records';

let handle: KafkaHandle;
let kafka: Kafka;

beforeAll(async () => {
  ({ handle, kafka } = await kafkaFixture({ autoCreateTopics: false }));
});
afterAll(() => handle.close());

test('create, grow and delete topics', async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'grow', numPartitions: 2 }] });
  await expect(admin.createTopics({ topics: [{ topic: 'grow', numPartitions: 2 }] })).resolves.toBe(false);
  await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 5 }] });
  let md = await admin.fetchTopicMetadata({ topics: ['grow'] });
  expect(md.topics[0]!.partitions).toHaveLength(5);
  await expect(admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 3 }] })).rejects.toThrow(/Number of partitions is invalid/);
  await admin.deleteTopics({ topics: ['grow'] });
  expect(await admin.listTopics()).not.toContain('grow');
  await admin.disconnect();
});

test('a replication factor above one is refused with a message saying what to use', async () => {
  const admin = kafka.admin();
  await admin.connect();
  await expect(admin.createTopics({ topics: [{ topic: 'rf3', replicationFactor: 3 }] })).rejects.toThrow();
  await admin.disconnect();
});

test('DescribeConfigs reports a topic config set at creation and the defaults', async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'configured', configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
  const res = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured' }] });
  await admin.disconnect();
  const entries = Object.fromEntries(res.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
  expect(entries['retention.ms']).toBe('1000');
  expect(entries['cleanup.policy']).toBe('delete');
});

test('without auto-creation, producing to an unknown topic fails', async () => {
  const producer = kafka.producer({ retry: { retries: 1, initialRetryTime: 10 } });
  await producer.connect();
  await expect(producer.send({ topic: 'nowhere', messages: [{ value: 'x' }] })).rejects.toThrow();
  await producer.disconnect();
});

test('an idempotent producer writes once; a replayed batch is answered with its first offset, a gap is refused', async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'idem' }] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: 'idem', messages: [{ value: 'a' }, { value: 'b' }] });
  await producer.send({ topic: 'idem', messages: [{ value: 'c' }] });
  await producer.disconnect();
  expect(handle.broker.topics.get('idem')!.logs[0]!.nextOffset).toBe(3);

  const raw = await RawClient.connect(handle.port);
  const init = new Reader(await raw.request(22, 0, new Writer().str(false, null).int32(60_000).toBuffer()));
  init.int32();
  expect(init.int16()).toBe(0);
  const producerId = init.int64();
  const produce = async (baseSequence: number): Promise<{ error: number; base: number }> => {
    const batch = encodeBatch({ payload: encodeRecords([{ value: Buffer.from('x') }], 1), count: 1, baseTimestamp: 1, producerId, producerEpoch: 0, baseSequence });
    const body = new Writer().str(false, null).int16(-1).int32(1000)
      .array(false, [0], (w) => { w.str(false, 'idem').array(false, [0], (w2) => { w2.int32(0).bytes(false, batch); }); }).toBuffer();
    const r = new Reader(await raw.request(0, 7, body));
    r.int32(); r.string(); r.int32(); r.int32();
    return { error: r.int16(), base: r.int64n() };
  };
  expect(await produce(0)).toEqual({ error: 0, base: 3 });
  expect(await produce(0)).toEqual({ error: 0, base: 3 });
  expect((await produce(5)).error).toBe(45);
  expect(await produce(1)).toEqual({ error: 0, base: 4 });
  raw.close();
});
