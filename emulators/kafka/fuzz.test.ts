/**
 * Robustness: 10,000 mutated frames (bit flips, truncation, bad lengths, absurd counts, random
 * bytes, wrong keys and versions), each on its own connection, while a kafkajs producer and
 * consumer keep working over TCP. Each bad frame may close its own connection, never the
 * broker. 1,000 of them go over TCP; the other 9,000 over in-memory connections that run the
 * same protocol code (opening 10,000 TCP connections takes ~40 s on the shared test machine).
 */
import { connect, type Socket } from 'node:net';
import type { Consumer, Producer } from 'kafkajs';
import { kafkaFixture, waitFor } from './test-helpers';
import type { KafkaHandle } from './index';
import { Writer } from './protocol/writer';
import { encodeBatch, encodeRecords } from './protocol/records';
import type { Kafka } from 'kafkajs';

/** Deterministic PRNG (mulberry32) so a failure replays. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A request frame (size, header v1 or v2, body). */
function frame(apiKey: number, version: number, body: Buffer, flexibleHeader = false): Buffer {
  const w = new Writer();
  const at = w.reserve32();
  w.int16(apiKey).int16(version).int32(7).str(false, 'fuzz');
  if (flexibleHeader) w.uvarint(0);
  w.raw(body);
  const b = w.toBuffer();
  w.patchInt32(at, b.length - 4);
  return Buffer.from(b);
}

const batch = encodeBatch({ payload: encodeRecords([{ key: Buffer.from('k'), value: Buffer.from('fuzz value') }], 1), count: 1, baseTimestamp: 1 });
const str = (s: string) => (w: Writer) => { w.str(false, s); };

/** Valid frames of every served API, the seeds for mutation. */
const CORPUS: Buffer[] = [
  frame(18, 0, Buffer.alloc(0)),
  frame(18, 3, new Writer().str(true, 'fuzz').str(true, '1.0').uvarint(0).toBuffer(), true),
  frame(3, 1, new Writer().array(false, ['fz-a'], (w, t) => str(t)(w)).toBuffer()),
  frame(3, 8, new Writer().array(false, ['fz-b'], (w, t) => str(t)(w)).bool(true).bool(false).bool(false).toBuffer()),
  frame(0, 7, new Writer().str(false, null).int16(1).int32(1000).array(false, [0], (w) => {
    w.str(false, 'fz-a').array(false, [0], (w2) => { w2.int32(0).bytes(false, batch); });
  }).toBuffer()),
  frame(1, 11, new Writer().int32(-1).int32(10).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1)
    .array(false, [0], (w) => { w.str(false, 'fz-a').array(false, [0], (w2) => { w2.int32(0).int32(-1).int64(0).int64(0).int32(1 << 20); }); })
    .int32(0).str(false, '').toBuffer()),
  frame(2, 3, new Writer().int32(-1).int8(0).array(false, [0], (w) => { w.str(false, 'fz-a').array(false, [0], (w2) => { w2.int32(0).int64(-1); }); }).toBuffer()),
  frame(19, 3, new Writer().array(false, [0], (w) => { w.str(false, 'fz-c').int32(2).int16(1).int32(0).int32(0); }).int32(1000).bool(false).toBuffer()),
  frame(10, 2, new Writer().str(false, 'fz-g').int8(0).toBuffer()),
  frame(11, 5, new Writer().str(false, 'fz-g').int32(1000).int32(1000).str(false, '').str(false, null).str(false, 'consumer')
    .array(false, [0], (w) => { w.str(false, 'range').bytes(false, Buffer.from([0, 1, 0, 0, 0, 0])); }).toBuffer()),
  frame(14, 3, new Writer().str(false, 'fz-g').int32(1).str(false, 'm').str(false, null).array(false, [0], (w) => { w.str(false, 'm').bytes(false, Buffer.alloc(4)); }).toBuffer()),
  frame(12, 3, new Writer().str(false, 'fz-g').int32(1).str(false, 'm').str(false, null).toBuffer()),
  frame(13, 3, new Writer().str(false, 'fz-g').array(false, [0], (w) => { w.str(false, 'm').str(false, null); }).toBuffer()),
  frame(8, 7, new Writer().str(false, 'fz-g').int32(-1).str(false, '').str(false, null)
    .array(false, [0], (w) => { w.str(false, 'fz-a').array(false, [0], (w2) => { w2.int32(0).int64(1).int32(-1).str(false, null); }); }).toBuffer()),
  frame(9, 5, new Writer().str(false, 'fz-g').array(false, null, () => undefined).toBuffer()),
  frame(15, 4, new Writer().array(false, ['fz-g'], (w, g) => str(g)(w)).bool(false).toBuffer()),
  frame(16, 2, Buffer.alloc(0)),
  frame(22, 1, new Writer().str(false, null).int32(1000).toBuffer()),
  frame(32, 2, new Writer().array(false, [0], (w) => { w.int8(2).str(false, 'fz-a').array(false, null, () => undefined); }).bool(false).toBuffer()),
  frame(37, 1, new Writer().array(false, [0], (w) => { w.str(false, 'fz-c').int32(3).array(false, null, () => undefined); }).int32(1000).bool(false).toBuffer()),
];

/** One mutation of a corpus frame. */
function mutate(rand: () => number): Buffer {
  const pick = (n: number) => Math.floor(rand() * n);
  const seed = Buffer.from(CORPUS[pick(CORPUS.length)]!);
  const fixSize = (b: Buffer) => { b.writeInt32BE(b.length - 4, 0); return b; };
  switch (pick(7)) {
    case 0: { // flip bytes in the body
      for (let i = 0, n = 1 + pick(6); i < n; i++) seed[4 + pick(seed.length - 4)] = pick(256);
      return seed;
    }
    case 1: // truncated, with a consistent size
      return fixSize(seed.subarray(0, 4 + pick(seed.length - 4)));
    case 2: { // a size field that lies
      const sizes = [-1, 0, 3, 0x7fffffff, 200 * 1024 * 1024, seed.length + pick(100), pick(seed.length)];
      seed.writeInt32BE(sizes[pick(sizes.length)]!, 0);
      return seed;
    }
    case 3: { // an absurd count or length somewhere after the header
      if (seed.length >= 20) seed.writeInt32BE([0x7fffffff, -2, 0x10000000][pick(3)]!, 14 + pick(seed.length - 18));
      return seed;
    }
    case 4: { // random bytes after a valid size
      const body = Buffer.alloc(pick(300));
      for (let i = 0; i < body.length; i++) body[i] = pick(256);
      return fixSize(Buffer.concat([Buffer.alloc(4), body]));
    }
    case 5: // a key or version nobody serves
      seed.writeInt16BE([pick(100), -1, 17, 67, 1000][pick(5)]!, 4);
      seed.writeInt16BE([pick(20), -1, 32767][pick(3)]!, 6);
      return seed;
    default: { // a compact length varint blown up (flexible requests)
      seed[4 + pick(seed.length - 4)] = 0xff;
      seed[4 + pick(seed.length - 4)] = 0xff;
      return seed;
    }
  }
}

/**
 * Sends one frame on a fresh connection and half-closes it; resolves when the broker has read
 * it and closed (the frame is decoded as it arrives, before the end of the stream).
 */
function sendOne(port: number, bytes: Buffer): Promise<void> {
  if (port < 0) return sendInMemory(bytes);
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const done = () => { clearTimeout(timer); socket.destroy(); resolve(); };
    const timer = setTimeout(done, 2000);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', () => undefined);
    socket.on('close', done);
    socket.on('error', done);
  });
}

/** The same over an in-memory connection: resolves once the frame was read and the broker closed or answered. */
function sendInMemory(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const client = handle.connectInMemory();
    const done = () => { clearTimeout(timer); client.destroy(); resolve(); };
    const timer = setTimeout(done, 2000);
    client.on('data', done);
    client.on('close', done);
    client.on('error', done);
    client.write(bytes);
    // a frame the broker keeps reading (a length longer than what came) or a long poll: give it a moment
    setTimeout(done, 20);
  });
}

const logs: { severity: string; message: string }[] = [];
let handle: KafkaHandle;
let kafka: Kafka;
let producer: Producer;
let consumer: Consumer;

beforeAll(async () => {
  ({ handle, kafka } = await kafkaFixture({ maxFrameBytes: 1024 * 1024, log: (e) => logs.push(e) }));
  producer = kafka.producer();
  await producer.connect();
  consumer = kafka.consumer({ groupId: 'well-behaved', maxWaitTimeInMs: 50 });
  await consumer.connect();
});
afterAll(async () => {
  await consumer.disconnect();
  await producer.disconnect();
  await handle.close();
});

test('10,000 mutated frames close only their own connections while a kafkajs client keeps working', async () => {
  const received: string[] = [];
  await consumer.subscribe({ topic: 'steady', fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { received.push(message.value!.toString()); } });
  const rand = prng(20261130);
  let sent = 0;
  let produced = 0;
  const workers = Array.from({ length: 16 }, async () => {
    while (sent < 10_000) {
      sent++;
      await sendOne(sent <= 1000 ? handle.port : -1, mutate(rand));
    }
  });
  const steady = (async () => {
    while (sent < 10_000) {
      await producer.send({ topic: 'steady', messages: [{ value: `m${produced}` }] });
      produced++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.all([...workers, steady]);
  await producer.send({ topic: 'steady', messages: [{ value: `m${produced}` }] });
  produced++;
  await waitFor(() => received.length >= produced, 30_000, 'the well-behaved consumer to catch up');
  expect(received).toEqual(Array.from({ length: produced }, (_, i) => `m${i}`));
  expect(sent).toBeGreaterThanOrEqual(10_000);
  // bad frames were refused as protocol errors; none reached a handler bug (logged as ERROR)
  expect(logs.filter((l) => l.severity === 'WARNING').length).toBeGreaterThan(5000);
  expect(logs.filter((l) => l.severity === 'ERROR').map((l) => l.message)).toEqual([]);
}, 120_000);

test('a frame above the size limit closes the connection before its body is read', async () => {
  const closed = await new Promise<boolean>((resolve) => {
    const socket = connect(handle.port, '127.0.0.1');
    const head = Buffer.alloc(4);
    head.writeInt32BE(1024 * 1024 + 1);
    socket.on('connect', () => socket.write(head));
    socket.on('close', () => resolve(true));
    socket.on('error', () => undefined);
  });
  expect(closed).toBe(true);
});
