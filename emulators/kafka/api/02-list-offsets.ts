/**
 * ListOffsets (key 2), versions 1–5. Timestamp -1 is the latest offset (high watermark), -2
 * the earliest, any other the first offset whose batch has a timestamp ≥ it (batch
 * granularity). Left out: v0 (old-style offset lists), -3 (max timestamp, v7), flexible 6+.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const listOffsets: ApiModule = {
  apiKey: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 5,
  handle(r, { broker, apiVersion: v }) {
    r.int32();
    if (v >= 2) r.int8();
    const topics = r.array(false, (x) => ({
      name: x.string(),
      partitions: x.array(false, (y) => {
        const partition = y.int32();
        if (v >= 4) y.int32();
        return { partition, timestamp: y.int64n() };
      }),
    }));
    const w = new Writer();
    if (v >= 2) w.int32(0);
    w.array(false, topics, (w2, t) => {
      const topic = broker.topics.get(t.name);
      w2.str(false, t.name);
      w2.array(false, t.partitions, (w3, p) => {
        const log = topic?.logs[p.partition];
        w3.int32(p.partition);
        if (!log) {
          w3.int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).int64(-1).int64(-1);
        } else {
          const offset = p.timestamp === -1 ? log.nextOffset : p.timestamp === -2 ? log.logStartOffset : log.offsetForTimestamp(p.timestamp);
          w3.int16(0).int64(-1).int64(offset);
        }
        if (v >= 4) w3.int32(0);
      });
    });
    return w;
  },
};
