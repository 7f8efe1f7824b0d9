/**
 * CreateTopics (key 19), versions 0–4. Partition count -1 takes the broker default; the
 * replication factor must be -1 or 1 (one node). Manual assignments are accepted when they
 * name only node 0. `validate_only` (v1+) checks without creating.
 * Left out: flexible versions 5+ (which also return configs).
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const createTopics: ApiModule = {
  apiKey: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  handle(r, { broker, apiVersion: v }) {
    const topics = r.array(false, (x) => {
      const name = x.string();
      const partitions = x.int32();
      const replication = x.int16();
      const assignments = x.array(false, (y) => ({ partition: y.int32(), brokers: y.array(false, (z) => z.int32()) }));
      const configs: Record<string, string> = {};
      for (const c of x.array(false, (y) => ({ name: y.string(), value: y.nullableString() }))) {
        if (c.value !== null) configs[c.name] = c.value;
      }
      return { name, partitions, replication, assignments, configs };
    });
    r.int32();
    const validateOnly = v >= 1 ? r.bool() : false;
    const w = new Writer();
    if (v >= 2) w.int32(0);
    w.array(false, topics, (w2, t) => {
      let res: { error: number; message: string | null };
      if (t.replication !== -1 && t.replication !== 1 && t.assignments.length === 0) {
        res = { error: ErrorCode.INVALID_REPLICATION_FACTOR, message: `Replication factor ${t.replication} is larger than the 1 available broker; use 1 or -1.` };
      } else if (t.assignments.some((a) => a.brokers.some((b) => b !== 0))) {
        res = { error: ErrorCode.INVALID_REPLICATION_FACTOR, message: 'assignments may only name broker 0 (single node)' };
      } else {
        const n = t.assignments.length > 0 ? t.assignments.length : t.partitions;
        res = broker.createTopic(t.name, n, t.configs, validateOnly);
      }
      w2.str(false, t.name).int16(res.error);
      if (v >= 1) w2.str(false, res.message);
    });
    return w;
  },
};
