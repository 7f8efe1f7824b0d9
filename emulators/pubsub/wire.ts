/**
 * Hand-written protobuf encoding of `google.pubsub.v1.StreamingPullResponse`, the one response
 * sent per delivered batch. The generic path (proto-loader: `fromObject` copies the object tree,
 * then `encode`) cost about a sixth of the emulator's CPU per message in a StreamingPull profile;
 * here a response is sized in one pass and written into one buffer in a second.
 * Field numbers are those of google/pubsub/v1/pubsub.proto; `wire.test.ts` decodes the output
 * with the proto definitions the client ships, so a mistake here fails a test.
 */
import type { StoredMessage } from './model';

/** Bytes a varint of `n` (0 <= n < 2^53) takes. */
function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Writes a varint at `at`; returns the offset after it. */
function writeVarint(buf: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}

/** A length-delimited field's total size: tag (one byte for fields 1–15) + length + payload. */
const fieldSize = (len: number): number => 1 + varintSize(len) + len;

const TAG_LEN = (field: number): number => (field << 3) | 2;
const TAG_VARINT = (field: number): number => field << 3;

function writeLen(buf: Buffer, at: number, field: number, len: number): number {
  buf[at++] = TAG_LEN(field);
  return writeVarint(buf, at, len);
}

/** UTF-8 length of `s`; short ASCII strings (ids, most attribute keys) without a call into C++. */
function utf8Length(s: string): number {
  if (s.length > 64) return Buffer.byteLength(s);
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s);
  return s.length;
}

/** Writes `s` (whose UTF-8 length is `len`) at `at`. */
function writeUtf8(buf: Buffer, at: number, s: string, len: number): number {
  if (len === s.length && len <= 64) {
    for (let i = 0; i < len; i++) buf[at + i] = s.charCodeAt(i);
    return at + len;
  }
  return at + buf.write(s, at, len, 'utf8');
}

function writeString(buf: Buffer, at: number, field: number, s: string, byteLength: number): number {
  return writeUtf8(buf, writeLen(buf, at, field, byteLength), s, byteLength);
}

/** Sizes of one `PubsubMessage`'s parts, computed once per encode. */
interface Sized {
  readonly m: StoredMessage;
  readonly seconds: number;
  readonly nanos: number;
  readonly tsLen: number;
  readonly idLen: number;
  readonly okLen: number;
  /** [key, key bytes, value, value bytes] per attribute. */
  readonly attrs: readonly [string, number, string, number][];
  readonly size: number;
}

function sizeMessage(m: StoredMessage): Sized {
  const seconds = Math.floor(m.publishTime / 1000);
  const nanos = Math.round((m.publishTime % 1000) * 1e6);
  const tsLen = (seconds ? 1 + varintSize(seconds) : 0) + (nanos ? 1 + varintSize(nanos) : 0);
  const attrs: [string, number, string, number][] = [];
  let size = 0;
  if (m.data.length) size += fieldSize(m.data.length);
  for (const k in m.attributes) {
    const v = m.attributes[k] as string;
    const kl = utf8Length(k);
    const vl = utf8Length(v);
    attrs.push([k, kl, v, vl]);
    size += fieldSize(fieldSize(kl) + fieldSize(vl));
  }
  const idLen = utf8Length(m.messageId);
  size += fieldSize(idLen) + fieldSize(tsLen);
  const okLen = m.orderingKey ? utf8Length(m.orderingKey) : 0;
  if (okLen) size += fieldSize(okLen);
  return { m, seconds, nanos, tsLen, idLen, okLen, attrs, size };
}

function writeMessage(buf: Buffer, at: number, s: Sized): number {
  const m = s.m;
  if (m.data.length) {
    at = writeLen(buf, at, 1, m.data.length);
    buf.set(m.data, at);
    at += m.data.length;
  }
  for (const [k, kl, v, vl] of s.attrs) {
    at = writeLen(buf, at, 2, fieldSize(kl) + fieldSize(vl));
    at = writeString(buf, at, 1, k, kl);
    at = writeString(buf, at, 2, v, vl);
  }
  at = writeString(buf, at, 3, m.messageId, s.idLen);
  at = writeLen(buf, at, 4, s.tsLen);
  if (s.seconds) {
    buf[at++] = TAG_VARINT(1);
    at = writeVarint(buf, at, s.seconds);
  }
  if (s.nanos) {
    buf[at++] = TAG_VARINT(2);
    at = writeVarint(buf, at, s.nanos);
  }
  if (s.okLen) at = writeString(buf, at, 5, m.orderingKey, s.okLen);
  return at;
}

/** `PubsubMessage` bytes of a stored message (data, attributes, id, publish time, ordering key). */
export function pubsubMessageBytes(m: StoredMessage): Buffer {
  const s = sizeMessage(m);
  const buf = Buffer.alloc(s.size);
  writeMessage(buf, 0, s);
  return buf;
}

/** One delivered message as the response carries it. */
export interface WireDelivery {
  readonly ackId: string;
  readonly msg: StoredMessage;
  /** `delivery_attempt`; 0 = omitted (subscriptions without a dead-letter policy). */
  readonly attempt: number;
}

/** Encodes a `StreamingPullResponse` with `received_messages` and `subscription_properties`. */
export function encodeStreamingPullResponse(batch: readonly WireDelivery[], props: { exactlyOnceDeliveryEnabled: boolean; messageOrderingEnabled: boolean }): Buffer {
  const sized: Sized[] = new Array(batch.length);
  const lens: number[] = new Array(batch.length);
  let size = 0;
  for (let i = 0; i < batch.length; i++) {
    const d = batch[i] as WireDelivery;
    const s = sizeMessage(d.msg);
    sized[i] = s;
    // ack ids are ASCII (see Subscription.take)
    const len = fieldSize(d.ackId.length) + fieldSize(s.size) + (d.attempt ? 1 + varintSize(d.attempt) : 0);
    lens[i] = len;
    size += fieldSize(len);
  }
  const propsLen = (props.exactlyOnceDeliveryEnabled ? 2 : 0) + (props.messageOrderingEnabled ? 2 : 0);
  size += fieldSize(propsLen);
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < batch.length; i++) {
    const d = batch[i] as WireDelivery;
    const s = sized[i] as Sized;
    at = writeLen(buf, at, 1, lens[i] as number);
    at = writeString(buf, at, 1, d.ackId, d.ackId.length);
    at = writeLen(buf, at, 2, s.size);
    at = writeMessage(buf, at, s);
    if (d.attempt) {
      buf[at++] = TAG_VARINT(3);
      at = writeVarint(buf, at, d.attempt);
    }
  }
  at = writeLen(buf, at, 4, propsLen);
  if (props.exactlyOnceDeliveryEnabled) {
    buf[at++] = TAG_VARINT(1);
    buf[at++] = 1;
  }
  if (props.messageOrderingEnabled) {
    buf[at++] = TAG_VARINT(2);
    buf[at++] = 1;
  }
  return buf;
}
