import type { Consumer, Kafka, Producer } from 'kafkajs';
import { kafkaFixture, RawClient, waitFor } from './test-helpers';
import { Reader } from './protocol/reader';
import { Writer } from './protocol/writer';
import type { KafkaHandle } from './index';

let handle: KafkaHandle;
let kafka: Kafka;
let producer: Producer;

beforeAll(async () => {
  ({ handle, kafka } = await kafkaFixture());
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await handle.close();
});

interface Seen { consumer: string; partition: number; offset: number; value: string }

async function member(name: string, groupId: string, topic: string, seen: Seen[], assigned: Map<string, number[]>): Promise<Consumer> {
  const c = kafka.consumer({ groupId, maxWaitTimeInMs: 50, sessionTimeout: 6000, heartbeatInterval: 200, rebalanceTimeout: 10_000 });
  c.on(c.events.GROUP_JOIN, (e) => assigned.set(name, e.payload.memberAssignment[topic] ?? []));
  await c.connect();
  await c.subscribe({ topic, fromBeginning: true });
  await c.run({
    eachMessage: async ({ partition, message }) => {
      seen.push({ consumer: name, partition, offset: Number(message.offset), value: message.value!.toString() });
    },
  });
  return c;
}

async function send(topic: string, from: number, count: number): Promise<void> {
  await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: `m${from + i}` })) });
}

test('two consumers split the partitions; when one leaves the other takes over with nothing lost or repeated', async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'split', numPartitions: 4 }] });
  await admin.disconnect();
  const seen: Seen[] = [];
  const assigned = new Map<string, number[]>();
  const a = await member('a', 'g-split', 'split', seen, assigned);
  await waitFor(() => (assigned.get('a')?.length ?? 0) === 4, 30_000, 'a to own all partitions');
  const b = await member('b', 'g-split', 'split', seen, assigned);
  await waitFor(() => (assigned.get('a')?.length ?? 0) === 2 && (assigned.get('b')?.length ?? 0) === 2, 30_000, 'a and b to split 4 partitions');
  expect([...assigned.get('a')!, ...assigned.get('b')!].sort()).toEqual([0, 1, 2, 3]);

  await send('split', 0, 200);
  await waitFor(() => seen.length >= 200, 30_000, '200 messages');
  expect(new Set(seen.map((s) => s.consumer))).toEqual(new Set(['a', 'b']));

  await b.disconnect();
  await waitFor(() => (assigned.get('a')?.length ?? 0) === 4, 30_000, 'a to take over');
  await send('split', 200, 200);
  await waitFor(() => seen.length >= 400, 30_000, '400 messages');
  await a.disconnect();
  const values = seen.map((s) => s.value).sort();
  expect(values).toEqual(Array.from({ length: 400 }, (_, i) => `m${i}`).sort());
});

test('a member that stops heartbeating is expired and its partitions move to the others', async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'expire', numPartitions: 2 }] });
  await admin.disconnect();
  const seen: Seen[] = [];
  const assigned = new Map<string, number[]>();
  const a = await member('a', 'g-expire', 'expire', seen, assigned);
  await waitFor(() => (assigned.get('a')?.length ?? 0) === 2, 30_000, 'a to own both partitions');
  // A second member that joins with a 1 s session and then goes silent (a hung process).
  const raw = await RawClient.connect(handle.port);
  const meta = new Writer().int16(1).array(false, ['expire'], (w, t) => { w.str(false, t); }).bytes(false, null).toBuffer();
  const join = new Writer().str(false, 'g-expire').int32(1000).int32(10_000).str(false, '').str(false, 'consumer')
    .array(false, [{ name: 'RoundRobinAssigner', meta }], (w, p) => { w.str(false, p.name).bytes(false, p.meta); }).toBuffer();
  const answer = new Reader(await raw.request(11, 1, join));
  expect(answer.int16()).toBe(0);
  const generation = answer.int32();
  answer.string(); answer.string();
  const memberId = answer.string();
  await raw.request(14, 0, new Writer().str(false, 'g-expire').int32(generation).str(false, memberId).int32(0).toBuffer());
  await waitFor(() => (assigned.get('a')?.length ?? 0) === 1, 30_000, 'a to give one partition to the silent member');
  await waitFor(() => (assigned.get('a')?.length ?? 0) === 2, 30_000, 'the silent member to expire and a to take its partition back');
  expect(handle.broker.groups.group('g-expire', false)!.members.has(memberId)).toBe(false);
  raw.close();
  await a.disconnect();
});

test('committed offsets survive the group emptying; DescribeGroups, ListGroups and DeleteGroups', async () => {
  await send('commits', 0, 10);
  const seen: Seen[] = [];
  const c = await member('c', 'g-commit', 'commits', seen, new Map());
  await waitFor(() => seen.length >= 10, 30_000, '10 messages');
  await c.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchOffsets({ groupId: 'g-commit', topics: ['commits'] });
  expect(offsets[0]!.partitions).toEqual([{ partition: 0, offset: '10', metadata: null }]);
  const listed = await admin.listGroups();
  expect(listed.groups.map((g) => g.groupId)).toContain('g-commit');
  const desc = await admin.describeGroups(['g-commit']);
  expect(desc.groups[0]!.state).toBe('Empty');
  await admin.deleteGroups(['g-commit']);
  const after = await admin.fetchOffsets({ groupId: 'g-commit', topics: ['commits'] });
  await admin.disconnect();
  expect(after[0]!.partitions[0]!.offset).toBe('-1');
});
