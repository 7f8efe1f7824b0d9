/**
 * JoinGroup (key 11), versions 0–5. A member without an id gets one at once (the v4+
 * MEMBER_ID_REQUIRED round trip is skipped, which clients accept). The answer waits until every
 * member has rejoined or the rebalance timeout passes (see groups/group.ts).
 * Left out: static membership semantics (group_instance_id is echoed but not used to keep a
 * member across restarts), flexible v6+.
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { JoinResult } from '../groups/group';
import type { ApiModule } from './types';

export const joinGroup: ApiModule = {
  apiKey: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  handle(r, { broker, apiVersion: v, clientId }) {
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = v >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const instanceId = v >= 5 ? r.nullableString() : null;
    const protocolType = r.string();
    const protocols = r.array(false, (x) => ({ name: x.string(), metadata: Buffer.from(x.bytes(false)) }));
    const write = (res: JoinResult): Writer => {
      const w = new Writer();
      if (v >= 2) w.int32(0);
      w.int16(res.error).int32(res.generation).str(false, res.protocol).str(false, res.leader).str(false, res.memberId);
      w.array(false, res.members, (w2, m) => {
        w2.str(false, m.memberId);
        if (v >= 5) w2.str(false, m.instanceId);
        w2.bytes(false, m.metadata);
      });
      return w;
    };
    const fail = (error: number): Writer => write({ error, generation: -1, protocol: '', leader: '', memberId, members: [] });
    if (!groupId) return fail(ErrorCode.INVALID_GROUP_ID);
    if (!broker.groups.validSessionTimeout(sessionTimeoutMs)) return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    if (protocols.length === 0 || !protocolType) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const group = broker.groups.group(groupId, true)!;
    return new Promise<Writer>((resolve) => {
      group.join({ memberId, instanceId, clientId: clientId ?? '', sessionTimeoutMs, rebalanceTimeoutMs, protocolType, protocols }, (res) => resolve(write(res)));
    });
  },
};
