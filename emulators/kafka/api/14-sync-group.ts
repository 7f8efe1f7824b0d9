/**
 * SyncGroup (key 14), versions 0–3. The leader's assignments complete the rebalance; other
 * members wait for them. Left out: flexible v4+, protocol type/name checks of v5.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const syncGroup: ApiModule = {
  apiKey: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  handle(r, { broker, apiVersion: v }) {
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString();
    const assignments = r.array(false, (x) => ({ memberId: x.string(), assignment: Buffer.from(x.bytes(false)) }));
    const write = (error: number, assignment: Buffer): Writer => {
      const w = new Writer();
      if (v >= 1) w.int32(0);
      return w.int16(error).bytes(false, assignment);
    };
    const group = broker.groups.group(groupId, false);
    if (!group) return write(ErrorCode.UNKNOWN_MEMBER_ID, Buffer.alloc(0));
    return new Promise<Writer>((resolve) => {
      group.sync({ memberId, generation, assignments }, (res) => resolve(write(res.error, res.assignment)));
    });
  },
};
