/**
 * librdkafka compatibility through kcat (`apt-get install kcat`; .ci/run installs it). The
 * test fails, rather than skips, when kcat is missing.
 */
import { execFile, spawnSync } from 'node:child_process';
import { kafkaFixture } from './test-helpers';
import type { KafkaHandle } from './index';

let handle: KafkaHandle;

beforeAll(async () => {
  ({ handle } = await kafkaFixture());
});
afterAll(() => handle.close());

/** Runs kcat with stdin; resolves with stdout. */
function kcat(args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', ['-b', handle.bootstrap, ...args], { timeout: 30_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kcat ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin!.end(input);
  });
}

test('kcat is installed (apt-get install kcat)', () => {
  const probe = spawnSync('kcat', ['-V']);
  if (probe.error) throw new Error('kcat not found: install kcat (apt-get install kcat)');
  expect(probe.status).toBe(0);
});

test('kcat -L lists the broker at its advertised address and the topics', async () => {
  await kcat(['-P', '-t', 'listed'], 'one\n');
  const out = await kcat(['-L']);
  expect(out).toContain(`broker 0 at ${handle.bootstrap}`);
  expect(out).toContain('topic "listed" with 1 partitions');
});

test.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('kcat produces with -z %s and consumes with -C -e', async (codec) => {
  const topic = `kcat-${codec}`;
  const lines = Array.from({ length: 200 }, (_, i) => `${codec}-${i}-${'abcdefgh'.repeat(20)}`);
  await kcat(['-P', '-t', topic, '-z', codec], lines.join('\n') + '\n');
  const out = await kcat(['-C', '-t', topic, '-e', '-f', '%s\n']);
  expect(out.trim().split('\n')).toEqual(lines);
  // librdkafka sends a batch uncompressed when compressing would not shrink it; at least one is compressed
  const codecs = handle.broker.topics.get(topic)!.logs[0]!.read(0, 1 << 24).map((b) => b.readInt16BE(21) & 7);
  expect(codecs).toContain(['none', 'gzip', 'snappy', 'lz4', 'zstd'].indexOf(codec));
});

test('kcat in a consumer group (-G) reads from the beginning to the end', async () => {
  await kcat(['-P', '-t', 'kcat-group', '-K', ':'], 'a:1\nb:2\nc:3\n');
  const out = await kcat(['-G', 'kcat-g', '-o', 'beginning', '-e', '-f', '%k=%s\n', 'kcat-group']);
  expect(out.trim().split('\n')).toEqual(['a=1', 'b=2', 'c=3']);
});
