/**
 * LeaveGroup (key 13), versions 0–3 (v3 leaves several members at once). The remaining
 * members rebalance. Left out: flexible v4+, leave reasons (v5).
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const leaveGroup: ApiModule = {
  apiKey: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  handle(r, { broker, apiVersion: v }) {
    const groupId = r.string();
    const members = v >= 3
      ? r.array(false, (x) => ({ memberId: x.string(), instanceId: x.nullableString() }))
      : [{ memberId: r.string(), instanceId: null }];
    const group = broker.groups.group(groupId, false);
    const results = members.map((m) => ({ ...m, error: group ? group.leave(m.memberId) : ErrorCode.UNKNOWN_MEMBER_ID }));
    const w = new Writer();
    if (v >= 1) w.int32(0);
    if (v < 3) return w.int16(results[0]!.error);
    w.int16(0);
    return w.array(false, results, (w2, m) => { w2.str(false, m.memberId).str(false, m.instanceId).int16(m.error); });
  },
};
