import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaFixture, waitFor } from './test-helpers';

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
