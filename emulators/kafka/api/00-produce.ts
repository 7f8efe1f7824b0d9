/**
 * Produce (key 0), versions 0–7; only record batch v2 (magic 2) is stored. Versions 0–2 are
 * advertised because librdkafka disables gzip, snappy and lz4 unless Produce v0 is in the
 * broker's range; a v0–2 request carrying old message sets (magic 0/1) is answered
 * CORRUPT_MESSAGE per partition. Each batch's CRC32C and header are
 * checked, its codec must be one this broker can read (else UNSUPPORTED_COMPRESSION_TYPE), and
 * idempotent batches (producer id ≥ 0) must continue their partition's sequence; a retry of
 * the last batch answers DUPLICATE_SEQUENCE_NUMBER's success form (the original offset).
 * acks=0 sends no response. Left out: transactions (transactional batches are rejected),
 * flexible versions 9+, LogAppendTime.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import { BATCH, decodeRecords, splitBatches, type BatchInfo } from '../protocol/records';
import { codecSupported, decompress } from '../protocol/compression';
import type { ApiModule } from './types';

interface PartResult { index: number; error: number; base: number }

/** A compressed batch must decompress to exactly its record count (uncompressed ones are covered by the CRC). */
function compressedBatchValid(b: BatchInfo): boolean {
  if (b.codec === 0) return true;
  try {
    return decodeRecords(decompress(b.codec, b.buf.subarray(BATCH.HEADER_SIZE)), b.recordsCount).length === b.recordsCount;
  } catch {
    return false;
  }
}

export const produce: ApiModule = {
  apiKey: 0,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 7,
  handle(r, { broker, apiVersion: v }) {
    if (v >= 3) r.nullableString();
    const acks = r.int16();
    r.int32();
    const topics = r.array(false, (x) => ({
      name: x.string(),
      partitions: x.array(false, (y) => ({ index: y.int32(), records: y.nullableBytes() })),
    }));
    const results = topics.map((t) => {
      const topic = broker.topicFor(t.name, true);
      const parts = t.partitions.map((p): PartResult => {
        const log = topic?.logs[p.index];
        if (!log) return { index: p.index, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, base: -1 };
        if (acks !== 0 && acks !== 1 && acks !== -1) return { index: p.index, error: ErrorCode.INVALID_REQUIRED_ACKS, base: -1 };
        if (!p.records || p.records.length === 0) return { index: p.index, error: ErrorCode.CORRUPT_MESSAGE, base: -1 };
        let batches;
        try {
          batches = splitBatches(p.records);
        } catch {
          return { index: p.index, error: ErrorCode.CORRUPT_MESSAGE, base: -1 };
        }
        for (const b of batches) {
          if (!codecSupported(b.codec)) return { index: p.index, error: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, base: -1 };
          if (b.transactional || b.control) return { index: p.index, error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, base: -1 };
          if (b.recordsCount !== b.lastOffsetDelta + 1 || b.recordsCount < 1 || !compressedBatchValid(b)) return { index: p.index, error: ErrorCode.CORRUPT_MESSAGE, base: -1 };
        }
        const key = `${t.name}:${p.index}`;
        let first = -1;
        for (const b of batches) {
          const seq = { producerId: b.producerId, producerEpoch: b.producerEpoch, baseSequence: b.baseSequence, count: b.recordsCount };
          const check = broker.checkSequence(key, seq);
          if (check.error === ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
            if (first < 0) first = check.dupBase ?? -1;
            continue;
          }
          if (check.error !== ErrorCode.NONE) return { index: p.index, error: check.error, base: -1 };
          // copy: the frame buffer is reused by nobody, but a slice would pin the whole frame
          const base = log.append(Buffer.from(b.buf), b.lastOffsetDelta, b.maxTimestamp);
          broker.recordSequence(key, seq, base);
          if (first < 0) first = base;
        }
        return { index: p.index, error: ErrorCode.NONE, base: first };
      });
      return { name: t.name, parts, topic };
    });
    broker.notifyAppend();
    if (acks === 0) return null;
    const w = new Writer();
    w.array(false, results, (w2, t) => {
      w2.str(false, t.name);
      w2.array(false, t.parts, (w3, p) => {
        w3.int32(p.index).int16(p.error).int64(p.base);
        if (v >= 2) w3.int64(-1);
        if (v >= 5) w3.int64(t.topic?.logs[p.index]?.logStartOffset ?? -1);
      });
    });
    if (v >= 1) w.int32(0);
    return w;
  },
};
