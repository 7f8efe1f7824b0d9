/**
 * Record batch v2 (magic 2): the header fields the broker needs, CRC32C checking, decoding of
 * the records inside (after decompression) and encoding of new batches. The broker stores and
 * serves batches as the producer sent them, rewriting only the base offset, which the CRC does
 * not cover.
 */
import { crc32c } from '@node-rs/crc32';
import { Reader } from './reader';
import { Writer } from './writer';
import { ProtocolError } from './errors';

/** Byte offsets of the v2 batch header fields. */
export const BATCH = {
  BASE_OFFSET: 0,
  LENGTH: 8,
  LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORDS_COUNT: 57,
  HEADER_SIZE: 61,
} as const;

/** Compression codec ids (attributes & 7). */
export const Codec = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

/** The header of one batch plus its bytes. */
export interface BatchInfo {
  readonly buf: Buffer;
  readonly magic: number;
  readonly attributes: number;
  readonly codec: number;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordsCount: number;
  readonly transactional: boolean;
  readonly control: boolean;
}

/** One record as the client sees it. */
export interface KafkaRecord {
  readonly offsetDelta: number;
  readonly timestampDelta: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<{ key: string; value: Buffer | null }>;
}

/** Splits a Produce `records` field into batches and checks each header and CRC. */
export function splitBatches(records: Buffer): BatchInfo[] {
  const out: BatchInfo[] = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < BATCH.HEADER_SIZE) throw new ProtocolError('truncated record batch');
    const length = records.readInt32BE(at + BATCH.LENGTH);
    const total = length + 12;
    if (length < BATCH.HEADER_SIZE - 12 || at + total > records.length) throw new ProtocolError(`record batch length ${length} out of range`);
    const buf = records.subarray(at, at + total);
    out.push(parseBatchHeader(buf));
    at += total;
  }
  return out;
}

/** Reads a batch header; throws on a wrong magic byte or CRC. */
export function parseBatchHeader(buf: Buffer): BatchInfo {
  const magic = buf.readInt8(BATCH.MAGIC);
  if (magic !== 2) throw new ProtocolError(`record batch magic ${magic}; only v2 (magic 2) is supported`);
  const crc = buf.readUInt32BE(BATCH.CRC);
  if (crc32c(buf.subarray(BATCH.ATTRIBUTES)) !== crc) throw new ProtocolError('record batch CRC32C mismatch');
  const attributes = buf.readInt16BE(BATCH.ATTRIBUTES);
  return {
    buf,
    magic,
    attributes,
    codec: attributes & 7,
    lastOffsetDelta: buf.readInt32BE(BATCH.LAST_OFFSET_DELTA),
    baseTimestamp: Number(buf.readBigInt64BE(BATCH.BASE_TIMESTAMP)),
    maxTimestamp: Number(buf.readBigInt64BE(BATCH.MAX_TIMESTAMP)),
    producerId: buf.readBigInt64BE(BATCH.PRODUCER_ID),
    producerEpoch: buf.readInt16BE(BATCH.PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(BATCH.BASE_SEQUENCE),
    recordsCount: buf.readInt32BE(BATCH.RECORDS_COUNT),
    transactional: (attributes & 0x10) !== 0,
    control: (attributes & 0x20) !== 0,
  };
}

/** Decodes `count` records from uncompressed record bytes. */
export function decodeRecords(data: Buffer, count: number): KafkaRecord[] {
  const r = new Reader(data);
  if (count < 0 || count > data.length) throw new ProtocolError(`record count ${count} in ${data.length} bytes`);
  const out: KafkaRecord[] = [];
  for (let i = 0; i < count; i++) {
    const len = r.varint();
    const end = r.offset + len;
    if (len < 0 || end > data.length) throw new ProtocolError('record length out of range');
    r.int8();
    const timestampDelta = r.varlong();
    const offsetDelta = r.varint();
    const kl = r.varint();
    const key = kl < 0 ? null : Buffer.from(r.rawBytes(kl));
    const vl = r.varint();
    const value = vl < 0 ? null : Buffer.from(r.rawBytes(vl));
    const hn = r.varint();
    if (hn < 0 || hn > r.remaining) throw new ProtocolError('header count out of range');
    const headers: { key: string; value: Buffer | null }[] = [];
    for (let h = 0; h < hn; h++) {
      const hk = r.rawBytes(r.varint()).toString('utf8');
      const hvl = r.varint();
      headers.push({ key: hk, value: hvl < 0 ? null : Buffer.from(r.rawBytes(hvl)) });
    }
    if (r.offset !== end) throw new ProtocolError('record length does not match its fields');
    out.push({ offsetDelta, timestampDelta, key, value, headers });
  }
  if (r.remaining !== 0) throw new ProtocolError('trailing bytes after the last record');
  return out;
}

/** A record to encode. */
export interface NewRecord {
  readonly key?: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: ReadonlyArray<{ key: string; value: Buffer | null }>;
  readonly timestamp?: number;
}

/** Encodes uncompressed record bytes. */
export function encodeRecords(records: readonly NewRecord[], baseTimestamp: number): Buffer {
  const w = new Writer(records.length * 64 + 16);
  records.forEach((rec, i) => {
    const body = new Writer(64);
    body.int8(0).varlong((rec.timestamp ?? baseTimestamp) - baseTimestamp).varint(i);
    if (rec.key == null) body.varint(-1);
    else body.varint(rec.key.length).raw(rec.key);
    if (rec.value === null) body.varint(-1);
    else body.varint(rec.value.length).raw(rec.value);
    const headers = rec.headers ?? [];
    body.varint(headers.length);
    for (const h of headers) {
      const k = Buffer.from(h.key, 'utf8');
      body.varint(k.length).raw(k);
      if (h.value === null) body.varint(-1);
      else body.varint(h.value.length).raw(h.value);
    }
    const b = body.toBuffer();
    w.varint(b.length).raw(b);
  });
  return w.toBuffer();
}

/** Options of {@link encodeBatch}. */
export interface EncodeBatchOptions {
  readonly baseOffset?: number;
  readonly codec?: number;
  /** Records payload already compressed with `codec`. */
  readonly payload: Buffer;
  readonly count: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp?: number;
  readonly producerId?: bigint;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
}

/** Encodes a v2 record batch with a correct CRC32C. */
export function encodeBatch(o: EncodeBatchOptions): Buffer {
  const w = new Writer(BATCH.HEADER_SIZE + o.payload.length);
  w.int64(o.baseOffset ?? 0);
  const lenAt = w.reserve32();
  w.int32(0).int8(2);
  const crcAt = w.reserve32();
  w.int16(o.codec ?? 0).int32(o.count - 1).int64(o.baseTimestamp).int64(o.maxTimestamp ?? o.baseTimestamp);
  w.int64(o.producerId ?? -1n).int16(o.producerEpoch ?? -1).int32(o.baseSequence ?? -1).int32(o.count);
  w.raw(o.payload);
  const buf = w.toBuffer();
  w.patchInt32(lenAt, buf.length - 12);
  w.patchUInt32(crcAt, crc32c(buf.subarray(BATCH.ATTRIBUTES)));
  return buf;
}
