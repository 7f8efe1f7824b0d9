/**
 * Heartbeat (key 12), versions 0–3: refreshes the member's session; REBALANCE_IN_PROGRESS tells
 * it to rejoin. Left out: flexible v4.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const heartbeat: ApiModule = {
  apiKey: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  handle(r, { broker, apiVersion: v }) {
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString();
    const group = broker.groups.group(groupId, false);
    const error = group ? group.heartbeat(memberId, generation) : ErrorCode.UNKNOWN_MEMBER_ID;
    const w = new Writer();
    if (v >= 1) w.int32(0);
    return w.int16(error);
  },
};
