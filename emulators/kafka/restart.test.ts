import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaFixture, RawClient, waitFor } from './test-helpers';
import { Reader } from './protocol/reader';
import { Writer } from './protocol/writer';
import { encodeBatch, encodeRecords } from './protocol/records';

test('a restart with a data dir keeps messages and committed offsets', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-restart-'));
  try {
    const first = await kafkaFixture({ dataDir });
    const admin = first.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kept', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = first.kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'kept', messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `a${i}` })) });
    await producer.disconnect();
    const got: string[] = [];
    const consumer = first.kafka.consumer({ groupId: 'g-kept', maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'kept', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { got.push(message.value!.toString()); } });
    await waitFor(() => got.length >= 20, 30_000, 'first 20');
    await consumer.disconnect();
    await first.handle.close();

    const second = await kafkaFixture({ dataDir });
    const p2 = second.kafka.producer();
    await p2.connect();
    await p2.send({ topic: 'kept', messages: Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `b${i}` })) });
    await p2.disconnect();
    const admin2 = second.kafka.admin();
    await admin2.connect();
    const offsets = await admin2.fetchTopicOffsets('kept');
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(25);
    await admin2.disconnect();
    const again: string[] = [];
    const c2 = second.kafka.consumer({ groupId: 'g-kept', maxWaitTimeInMs: 50 });
    await c2.connect();
    await c2.subscribe({ topic: 'kept', fromBeginning: true });
    await c2.run({ eachMessage: async ({ message }) => { again.push(message.value!.toString()); } });
    await waitFor(() => again.length >= 5, 30_000, 'the 5 new messages');
    await new Promise((r) => setTimeout(r, 300));
    await c2.disconnect();
    await second.handle.close();
    expect(again.sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an idempotent producer continues its sequence after a restart with a data dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-idem-'));

  try {
    const produce = async (raw: InstanceType<typeof RawClient>, producerId: bigint, baseSequence: number): Promise<number> => {
      const batch = encodeBatch({ payload: encodeRecords([{ value: Buffer.from('x') }], 1), count: 1, baseTimestamp: 1, producerId, producerEpoch: 0, baseSequence });
      const body = new Writer().str(false, null).int16(-1).int32(1000)
        .array(false, [0], (w) => { w.str(false, 'idem-kept').array(false, [0], (w2) => { w2.int32(0).bytes(false, batch); }); }).toBuffer();
      const r = new Reader(await raw.request(0, 7, body));
      r.int32(); r.string(); r.int32(); r.int32();
      return r.int16();
    };
    const first = await kafkaFixture({ dataDir });
    let raw = await RawClient.connect(first.handle.port);
    const init = new Reader(await raw.request(22, 0, new Writer().str(false, null).int32(60_000).toBuffer()));
    init.int32(); init.int16();
    const producerId = init.int64();
    expect(await produce(raw, producerId, 0)).toBe(0);
    raw.close();
    await first.handle.close();

    const second = await kafkaFixture({ dataDir });
    raw = await RawClient.connect(second.handle.port);
    expect(await produce(raw, producerId, 0)).toBe(0); // a retry of the stored batch: its original offset, not a second copy
    expect(await produce(raw, producerId, 1)).toBe(0);
    expect(await produce(raw, producerId, 5)).toBe(45);
    expect(second.handle.broker.topics.get('idem-kept')!.logs[0]!.nextOffset).toBe(2);
    raw.close();
    await second.handle.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
