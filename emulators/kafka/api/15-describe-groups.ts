/**
 * DescribeGroups (key 15), versions 0–4. An unknown group is described as Dead with no error,
 * as Kafka does. Left out: authorized operations (reported as unknown), flexible v5+.
 */
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const describeGroups: ApiModule = {
  apiKey: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 4,
  handle(r, { broker, apiVersion: v }) {
    const ids = r.array(false, (x) => x.string());
    if (v >= 3) r.bool();
    const w = new Writer();
    if (v >= 1) w.int32(0);
    w.array(false, ids, (w2, id) => {
      const g = broker.groups.group(id, false);
      const state = g ? g.state : broker.groups.committedAll(id).length ? 'Empty' : 'Dead';
      const stable = g && (g.state === 'Stable' || g.state === 'CompletingRebalance');
      w2.int16(0).str(false, id).str(false, state).str(false, g?.protocolType ?? '').str(false, stable ? g.protocol : '');
      w2.array(false, g ? [...g.members.values()] : [], (w3, m) => {
        w3.str(false, m.id);
        if (v >= 4) w3.str(false, m.instanceId);
        w3.str(false, m.clientId).str(false, '/127.0.0.1');
        w3.bytes(false, m.protocols.find((p) => p.name === g!.protocol)?.metadata ?? Buffer.alloc(0));
        w3.bytes(false, m.assignment);
      });
      if (v >= 3) w2.int32(-2147483648);
    });
    return w;
  },
};
