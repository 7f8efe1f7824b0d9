import { createHash, randomBytes } from 'node:crypto';
import { Md5 } from './md5';

/** Feeds `data` in chunks of the given sizes (cycled) and returns the digest. */
async function md5Of(data: Buffer, chunkSizes: number[]): Promise<string> {
  const h = new Md5();
  for (let off = 0, i = 0; off < data.length; i++) {
    const n = chunkSizes[i % chunkSizes.length];
    await h.update(data.subarray(off, off + n));
    off += n;
  }
  return h.digest();
}

describe('Md5', () => {
  const data = randomBytes(7 * (1 << 20) + 12345);
  const expected = (b: Buffer): string => createHash('md5').update(b).digest('base64');

  it.each([0, 1, 65536, 1 << 20, (1 << 20) + 1, data.length])('matches node:crypto for %i bytes (inline and on the worker)', async (size) => {
    const part = data.subarray(0, size);
    expect(await md5Of(part, [65536, 1000, 300_000])).toBe(expected(part));
  });

  it('hashes several bodies at once without mixing them', async () => {
    const parts = [data.subarray(0, 3 << 20), data.subarray(1 << 20), data.subarray(5)];
    const got = await Promise.all(parts.map((p, i) => md5Of(p, [4096 * (i + 1), 65536])));
    expect(got).toEqual(parts.map(expected));
  });

  it('takes one chunk larger than all its batches together', async () => {
    expect(await md5Of(data, [data.length])).toBe(expected(data));
  });

  it('flushes what it holds between updates (a resumable session waiting for its next chunk), small bodies too', async () => {
    for (const cuts of [
      [1_500_000, 4_000_000],
      [1000, 70_000, 2_000_000],
      [1000, 2000],
    ]) {
      const h = new Md5();
      let from = 0;
      for (const to of cuts) {
        await h.update(data.subarray(from, to));
        await h.flush();
        await h.flush();
        from = to;
      }
      expect(await h.digest()).toBe(expected(data.subarray(0, from)));
    }
  });

  it('forgets a dropped hash, and a new one still works', async () => {
    const h = new Md5();
    await h.update(data.subarray(0, 3 << 20));
    h.drop();
    expect(await md5Of(data.subarray(0, 2 << 20), [65536])).toBe(expected(data.subarray(0, 2 << 20)));
  });
});
