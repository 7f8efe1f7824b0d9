/**
 * CreatePartitions (key 37), versions 0–1: grows a topic to `count` partitions (never
 * shrinks). Manual assignments may only name node 0. Left out: flexible v2+.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const createPartitions: ApiModule = {
  apiKey: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 1,
  handle(r, { broker }) {
    const topics = r.array(false, (x) => ({
      name: x.string(),
      count: x.int32(),
      assignments: x.nullableArray(false, (y) => y.array(false, (z) => z.int32())),
    }));
    r.int32();
    const validateOnly = r.bool();
    const w = new Writer();
    w.int32(0);
    return w.array(false, topics, (w2, t) => {
      const res = t.assignments?.some((a) => a.some((b) => b !== 0))
        ? { error: ErrorCode.INVALID_REPLICATION_FACTOR, message: 'assignments may only name broker 0 (single node)' }
        : broker.addPartitions(t.name, t.count, validateOnly);
      w2.str(false, t.name).int16(res.error).str(false, res.message);
    });
  },
};
