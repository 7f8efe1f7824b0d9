import { compress as snappyRaw } from 'snappyjs';
import { kafkaFixture, RawClient } from './test-helpers';
import type { KafkaHandle } from './index';
import { compress, decompress } from './protocol/compression';
import { Reader } from './protocol/reader';
import { Codec, encodeBatch, encodeRecords } from './protocol/records';
import { Writer } from './protocol/writer';

let handle: KafkaHandle;
beforeAll(async () => { ({ handle } = await kafkaFixture()); });
afterAll(() => handle.close());

test('ApiVersions lists exactly the served APIs; an unsupported version answers UNSUPPORTED_VERSION in the v0 layout', async () => {
  const raw = await RawClient.connect(handle.port);
  const ok = new Reader(await raw.request(18, 2, Buffer.alloc(0)));
  expect(ok.int16()).toBe(0);
  const keys = ok.array(false, (r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }));
  expect(keys.map((k) => k.key)).toEqual([0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 32, 37, 42]);
  const tooNew = new Reader(await raw.request(18, 99, Buffer.alloc(0)));
  expect(tooNew.int16()).toBe(35);
  expect(tooNew.array(false, (r) => { r.int16(); r.int16(); return r.int16(); }).length).toBe(keys.length);
  raw.close();
});

test('a request for a key the broker does not serve closes that connection only', async () => {
  const bad = await RawClient.connect(handle.port);
  void bad.request(47, 0, Buffer.alloc(0)); // OffsetDelete: not served
  await bad.closed;
  const good = await RawClient.connect(handle.port);
  expect(new Reader(await good.request(18, 0, Buffer.alloc(0))).int16()).toBe(0);
  good.close();
});

test('compact strings, arrays and tagged fields round-trip through the writer and reader', () => {
  const w = new Writer().str(true, 'héllo').str(true, null).array(true, [1, 2, 3], (x, v) => { x.int32(v); }).uvarint(1).uvarint(7).uvarint(2).raw(Buffer.from([9, 9]));
  const r = new Reader(w.toBuffer());
  expect(r.compactString()).toBe('héllo');
  expect(r.compactNullableString()).toBeNull();
  expect(r.array(true, (x) => x.int32())).toEqual([1, 2, 3]);
  r.taggedFields(true);
  expect(r.remaining).toBe(0);
});

test('a count larger than the bytes left is refused before anything is allocated', () => {
  const r = new Reader(new Writer().int32(0x7fffffff).toBuffer());
  expect(() => r.array(false, (x) => x.int32())).toThrow(/array of 2147483647 items/);
});

test('snappy in xerial framing (what kafkajs-snappy and the Java client send) decodes', () => {
  const data = Buffer.from('xerial framed snappy '.repeat(50));
  const block = Buffer.from(snappyRaw(data));
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const len = Buffer.alloc(4);
  len.writeInt32BE(block.length);
  expect(decompress(Codec.snappy, Buffer.concat([header, len, block, len, block]))).toEqual(Buffer.concat([data, data]));
});

test.each([Codec.gzip, Codec.snappy, Codec.lz4, Codec.zstd])('codec %i round-trips', (codec) => {
  const data = Buffer.from('round trip '.repeat(10_000));
  expect(decompress(codec, compress(codec, data)).equals(data)).toBe(true);
});

test('a snappy block declaring a huge length is refused without allocating it', () => {
  expect(() => decompress(Codec.snappy, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]))).toThrow(/above the limit/);
});

test('a Fetch with min bytes waits for a record produced after it was sent (long poll)', async () => {
  const admin = new Writer().array(false, [0], (w) => { w.str(false, 'long-poll').int32(1).int16(1).int32(0).int32(0); }).int32(1000).bool(false);
  const raw = await RawClient.connect(handle.port);
  await raw.request(19, 3, admin.toBuffer());
  const fetchBody = new Writer().int32(-1).int32(30_000).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1)
    .array(false, [0], (w) => { w.str(false, 'long-poll').array(false, [0], (w2) => { w2.int32(0).int32(-1).int64(0).int64(0).int32(1 << 20); }); })
    .int32(0).str(false, '').toBuffer();
  const pending = raw.request(1, 11, fetchBody);
  let answered = false;
  void pending.then(() => { answered = true; });
  await new Promise((r) => setTimeout(r, 50));
  expect(answered).toBe(false);
  const producer = await RawClient.connect(handle.port);
  const batch = encodeBatch({ payload: encodeRecords([{ value: Buffer.from('late') }], 1), count: 1, baseTimestamp: 1 });
  await producer.request(0, 7, new Writer().str(false, null).int16(1).int32(1000)
    .array(false, [0], (w) => { w.str(false, 'long-poll').array(false, [0], (w2) => { w2.int32(0).bytes(false, batch); }); }).toBuffer());
  const r = new Reader(await pending);
  r.int32(); expect(r.int16()).toBe(0); r.int32();
  r.int32(); r.string(); r.int32(); r.int32();
  expect(r.int16()).toBe(0);
  expect(r.int64n()).toBe(1); // high watermark
  producer.close();
  raw.close();
});
