/**
 * OffsetFetch (key 9), versions 1–5. A partition never committed answers offset -1. A null
 * topic list (v2+) returns every committed offset of the group.
 * Left out: require_stable (v7), several groups per request (v8), flexible v6+.
 */
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const offsetFetch: ApiModule = {
  apiKey: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 5,
  handle(r, { broker, apiVersion: v }) {
    const groupId = r.string();
    const topics = r.nullableArray(false, (x) => ({ name: x.string(), partitions: x.array(false, (y) => y.int32()) }));
    const wanted = topics ?? (() => {
      const byTopic = new Map<string, number[]>();
      for (const o of broker.groups.committedAll(groupId)) {
        if (!byTopic.has(o.topic)) byTopic.set(o.topic, []);
        byTopic.get(o.topic)!.push(o.partition);
      }
      return [...byTopic].map(([name, partitions]) => ({ name, partitions }));
    })();
    const w = new Writer();
    if (v >= 3) w.int32(0);
    w.array(false, wanted, (w2, t) => {
      w2.str(false, t.name).array(false, t.partitions, (w3, p) => {
        const c = broker.groups.committed(groupId, t.name, p);
        w3.int32(p).int64(c ? c.offset : -1);
        if (v >= 5) w3.int32(-1);
        w3.str(false, c ? c.metadata : '').int16(0);
      });
    });
    if (v >= 2) w.int16(0);
    return w;
  },
};
