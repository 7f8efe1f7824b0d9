/**
 * Fetch (key 1), versions 4–11. Long poll: when fewer than `min_bytes` are ready the request
 * waits for an append or `max_wait_ms`, whichever comes first. Every fetch is a full fetch:
 * fetch sessions (v7+) are answered with session id 0, which tells the client not to use one.
 * Batches are returned as stored (compressed as the producer sent them); at least one batch
 * per partition is returned even past `partition_max_bytes`, as Kafka does.
 * Left out: transactions (no aborted transactions, read_committed reads as read_uncommitted),
 * preferred read replicas, flexible versions 12+.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { Broker } from '../broker';
import type { ApiModule } from './types';

interface FetchPartition { partition: number; offset: number; maxBytes: number }
interface FetchTopic { topic: string; partitions: FetchPartition[] }
interface PartitionAnswer { partition: number; error: number; hw: number; start: number; batches: Buffer[] }

function collect(broker: Broker, topics: FetchTopic[], maxBytes: number): { answers: { topic: string; parts: PartitionAnswer[] }[]; bytes: number } {
  let bytes = 0;
  const answers = topics.map((t) => {
    const topic = broker.topics.get(t.topic);
    const parts = t.partitions.map((p): PartitionAnswer => {
      const log = topic?.logs[p.partition];
      if (!log) return { partition: p.partition, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, hw: -1, start: -1, batches: [] };
      if (p.offset < log.logStartOffset || p.offset > log.nextOffset) {
        return { partition: p.partition, error: ErrorCode.OFFSET_OUT_OF_RANGE, hw: log.nextOffset, start: log.logStartOffset, batches: [] };
      }
      const budget = Math.max(0, Math.min(p.maxBytes, maxBytes - bytes));
      const batches = budget > 0 || bytes === 0 ? log.read(p.offset, budget) : [];
      for (const b of batches) bytes += b.length;
      return { partition: p.partition, error: ErrorCode.NONE, hw: log.nextOffset, start: log.logStartOffset, batches };
    });
    return { topic: t.topic, parts };
  });
  return { answers, bytes };
}

export const fetch: ApiModule = {
  apiKey: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  async handle(r, { broker, apiVersion: v }) {
    r.int32();
    const maxWait = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    r.int8();
    if (v >= 7) { r.int32(); r.int32(); }
    const topics = r.array(false, (x): FetchTopic => ({
      topic: x.string(),
      partitions: x.array(false, (y) => {
        const partition = y.int32();
        if (v >= 9) y.int32();
        const offset = y.int64n();
        if (v >= 5) y.int64();
        return { partition, offset, maxBytes: y.int32() };
      }),
    }));
    if (v >= 7) r.array(false, (x) => ({ topic: x.string(), partitions: x.array(false, (y) => y.int32()) }));
    if (v >= 11) r.string();

    const deadline = Date.now() + Math.max(0, Math.min(maxWait, 60_000));
    let got = collect(broker, topics, maxBytes);
    while (got.bytes < Math.max(1, minBytes) && Date.now() < deadline && !broker.closing) {
      await broker.waitForAppend(deadline - Date.now());
      got = collect(broker, topics, maxBytes);
    }
    const w = new Writer(got.bytes + 256);
    w.int32(0);
    if (v >= 7) w.int16(0).int32(0);
    w.array(false, got.answers, (w2, t) => {
      w2.str(false, t.topic);
      w2.array(false, t.parts, (w3, p) => {
        w3.int32(p.partition).int16(p.error).int64(p.hw).int64(p.hw);
        if (v >= 5) w3.int64(p.start);
        w3.int32(-1);
        if (v >= 11) w3.int32(-1);
        let size = 0;
        for (const b of p.batches) size += b.length;
        w3.int32(size);
        for (const b of p.batches) w3.raw(b);
      });
    });
    return w;
  },
};
