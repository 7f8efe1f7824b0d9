/**
 * InitProducerId (key 22), versions 0–1: hands an idempotent producer its id and epoch 0;
 * Produce then checks its sequences (see broker.ts). A transactional id answers INVALID_REQUEST:
 * transactions are not implemented. Left out: flexible v2+, epoch bumps by id (v3).
 */
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiModule } from './types';

export const initProducerId: ApiModule = {
  apiKey: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle(r, { broker }) {
    const transactionalId = r.nullableString();
    r.int32();
    const w = new Writer();
    w.int32(0);
    if (transactionalId !== null) return w.int16(ErrorCode.INVALID_REQUEST).int64(-1).int16(-1);
    const res = broker.initProducer(-1n, -1);
    return w.int16(res.error).int64(res.producerId).int16(res.epoch);
  },
};
