/**
 * FindCoordinator (key 10), versions 0–2. This node coordinates every group (key type 0).
 * Transaction coordinators (key type 1) answer COORDINATOR_NOT_AVAILABLE: transactions are not
 * implemented. Left out: flexible v3, batched keys (v4).
 */
import { NODE_ID } from '../broker';
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const findCoordinator: ApiModule = {
  apiKey: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle(r, { broker, apiVersion: v }) {
    r.string();
    const keyType = v >= 1 ? r.int8() : 0;
    const w = new Writer();
    if (v >= 1) w.int32(0);
    if (keyType !== 0) {
      w.int16(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      if (v >= 1) w.str(false, 'transactions are not supported by this emulator');
      return w.int32(-1).str(false, '').int32(-1);
    }
    w.int16(0);
    if (v >= 1) w.str(false, null);
    return w.int32(NODE_ID).str(false, broker.options.advertisedHost).int32(broker.options.advertisedPort);
  },
};
