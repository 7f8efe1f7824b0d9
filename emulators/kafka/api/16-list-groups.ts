/**
 * ListGroups (key 16), versions 0–2: groups with members or committed offsets.
 * Left out: flexible v3+, state filters (v4).
 */
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const listGroups: ApiModule = {
  apiKey: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(_r, { broker, apiVersion: v }) {
    const w = new Writer();
    if (v >= 1) w.int32(0);
    w.int16(0);
    return w.array(false, broker.groups.groupIds(), (w2, id) => {
      w2.str(false, id).str(false, broker.groups.group(id, false)?.protocolType || 'consumer');
    });
  },
};
