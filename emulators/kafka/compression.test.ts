import { CompressionCodecs, CompressionTypes, type Kafka } from 'kafkajs';
import { kafkaFixture, waitFor } from './test-helpers';
import type { KafkaHandle } from './index';
import { compress, decompress } from './protocol/compression';
import { Codec } from './protocol/records';

let handle: KafkaHandle;
let kafka: Kafka;

/** kafkajs ships gzip only; plug the other codecs in through its documented extension point. */
const plugin = (codec: number) => () => ({
  compress: async (encoder: { buffer: Buffer }) => compress(codec, encoder.buffer),
  decompress: async (buffer: Buffer) => decompress(codec, buffer),
});

beforeAll(async () => {
  const codecs = CompressionCodecs as Record<number, unknown>;
  codecs[CompressionTypes.Snappy] = plugin(Codec.snappy);
  codecs[CompressionTypes.LZ4] = plugin(Codec.lz4);
  codecs[CompressionTypes.ZSTD] = plugin(Codec.zstd);
  ({ handle, kafka } = await kafkaFixture());
});
afterAll(() => handle.close());

const CASES = [
  ['none', CompressionTypes.None],
  ['gzip', CompressionTypes.GZIP],
  ['snappy', CompressionTypes.Snappy],
  ['lz4', CompressionTypes.LZ4],
  ['zstd', CompressionTypes.ZSTD],
] as const;

test.each(CASES)('kafkajs produces and consumes with %s', async (name, type) => {
  const topic = `codec-${name}`;
  const producer = kafka.producer();
  await producer.connect();
  const values = Array.from({ length: 300 }, (_, i) => `${name}-${i}-${'x'.repeat(i % 50)}`);
  await producer.send({ topic, compression: type, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
  const got: string[] = [];
  const consumer = kafka.consumer({ groupId: `g-${topic}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { got.push(message.value!.toString()); } });
  await waitFor(() => got.length >= values.length, 30_000, `${name} messages`);
  await consumer.disconnect();
  expect(got).toEqual(values);
  const batch = handle.broker.topics.get(topic)!.logs[0]!.read(0, 1 << 20)[0]!;
  expect(batch.readInt16BE(21) & 7).toBe(type);
});

test('a compressed batch that does not decompress is refused as corrupt', async () => {
  const codecs = CompressionCodecs as Record<number, unknown>;
  const saved = codecs[CompressionTypes.LZ4];
  codecs[CompressionTypes.LZ4] = () => ({ compress: async () => Buffer.from('not an lz4 frame'), decompress: async (b: Buffer) => b });
  const producer = kafka.producer({ retry: { retries: 0 } });
  await producer.connect();
  await expect(producer.send({ topic: 'codec-bad', compression: CompressionTypes.LZ4, messages: [{ value: 'x' }] })).rejects.toThrow(/CRC|corrupt/i);
  await producer.disconnect();
  codecs[CompressionTypes.LZ4] = saved;
});
