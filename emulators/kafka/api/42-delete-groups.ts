/**
 * DeleteGroups (key 42), versions 0–1: removes an empty group and its committed offsets;
 * a group with members answers NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND.
 * Left out: flexible v2.
 */
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const deleteGroups: ApiModule = {
  apiKey: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  handle(r, { broker }) {
    const ids = r.array(false, (x) => x.string());
    const w = new Writer();
    w.int32(0);
    return w.array(false, ids, (w2, id) => { w2.str(false, id).int16(broker.groups.deleteGroup(id)); });
  },
};
