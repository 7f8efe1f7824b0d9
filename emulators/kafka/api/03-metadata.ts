/**
 * Metadata (key 3), versions 1–8 (the non-flexible ones; kafkajs asks up to 6, librdkafka
 * negotiates down to 8). One broker (node 0) leads every partition; it advertises the
 * host:port it was started with. Topics asked for by name are auto-created when v4+
 * `allow_auto_topic_creation` (or, before v4, the broker option) allows it.
 * Left out: flexible versions 9+, topic ids, authorized operations (reported as unknown).
 */
import { CLUSTER_ID, NODE_ID } from '../broker';
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const metadata: ApiModule = {
  apiKey: 3,
  name: 'Metadata',
  minVersion: 1,
  maxVersion: 8,
  handle(r, { broker, apiVersion: v }) {
    const names = r.nullableArray(false, (x) => x.string());
    const allowAuto = v >= 4 ? r.bool() : true;
    if (v >= 8) { r.bool(); r.bool(); }
    const w = new Writer(512);
    if (v >= 3) w.int32(0);
    w.array(false, [NODE_ID], (w2, id) => {
      w2.int32(id).str(false, broker.options.advertisedHost).int32(broker.options.advertisedPort).str(false, null);
    });
    if (v >= 2) w.str(false, CLUSTER_ID);
    w.int32(NODE_ID);
    const wanted = names ?? [...broker.topics.keys()];
    w.array(false, wanted, (w2, name) => {
      const t = broker.topicFor(name, allowAuto && names !== null);
      if (!t) {
        w2.int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).str(false, name).bool(false).int32(0);
        if (v >= 8) w2.int32(-2147483648);
        return;
      }
      w2.int16(0).str(false, name).bool(false);
      w2.int32(t.logs.length);
      for (let p = 0; p < t.logs.length; p++) {
        w2.int16(0).int32(p).int32(NODE_ID);
        if (v >= 7) w2.int32(0);
        w2.int32(1).int32(NODE_ID).int32(1).int32(NODE_ID);
        if (v >= 5) w2.int32(0);
      }
      if (v >= 8) w2.int32(-2147483648);
    });
    if (v >= 8) w.int32(-2147483648);
    return w;
  },
};
