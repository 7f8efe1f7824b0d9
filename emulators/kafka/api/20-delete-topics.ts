/**
 * DeleteTopics (key 20), versions 0–3: removes topics and their data at once.
 * Left out: flexible v4+, deletion by topic id (v6).
 */
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const deleteTopics: ApiModule = {
  apiKey: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 3,
  handle(r, { broker, apiVersion: v }) {
    const names = r.array(false, (x) => x.string());
    r.int32();
    const w = new Writer();
    if (v >= 1) w.int32(0);
    return w.array(false, names, (w2, name) => { w2.str(false, name).int16(broker.deleteTopic(name)); });
  },
};
