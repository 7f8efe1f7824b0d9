import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FileBytes, isSendable } from './file-bytes';

/** A destination that copies what it is given (the buffers are reused) and can fail after `failAfter` bytes. */
function sink(failAfter = Infinity): Writable & { bytes(): Buffer } {
  const parts: Buffer[] = [];
  let seen = 0;
  const w = new Writable({
    highWaterMark: 1 << 16,
    write(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > failAfter) return cb(new Error('client went away'));
      parts.push(Buffer.from(chunk));
      setImmediate(cb);
    },
  });
  return Object.assign(w, { bytes: () => Buffer.concat(parts) });
}

describe('FileBytes', () => {
  let dir: string;
  let path: string;
  const data = randomBytes(3 * (1 << 20) + 777);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gcs-filebytes-'));
    path = join(dir, 'obj');
    await writeFile(path, data);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const bytes = async (start: number, end: number): Promise<FileBytes> => new FileBytes(await open(path, 'r'), path, start, end);

  it.each([
    [0, data.length],
    [5, 5 + (1 << 20)],
    [1000, data.length - 3],
    [7, 8],
  ])('sends bytes [%i, %i) through reused buffers and closes the file', async (start, end) => {
    const b = await bytes(start, end);
    const out = sink();
    expect(isSendable(b)).toBe(true);
    await b.sendTo(out);
    expect(out.bytes().equals(data.subarray(start, end))).toBe(true);
    expect(b.destroyed).toBe(true);
  });

  it('reads as a plain stream too', async () => {
    const parts: Buffer[] = [];
    for await (const c of await bytes(3, data.length)) parts.push(c as Buffer);
    expect(Buffer.concat(parts).equals(data.subarray(3))).toBe(true);
  });

  it('fails, naming the file, when it is shorter than the record says', async () => {
    await expect((await bytes(0, data.length + 10)).sendTo(sink())).rejects.toThrow(/ended at byte/);
    const s = await bytes(0, data.length + 10);
    await expect((async () => {
      for await (const _ of s) void _;
    })()).rejects.toThrow(/ended at byte/);
  });

  it('stops and closes the file when the destination fails mid-way', async () => {
    const b = await bytes(0, data.length);
    await expect(b.sendTo(sink(1 << 20))).rejects.toThrow(/went away/);
    expect(b.destroyed).toBe(true);
  });

  it('stops when the destination is destroyed mid-way', async () => {
    const b = await bytes(0, data.length);
    const out = sink();
    const sending = b.sendTo(out);
    setImmediate(() => out.destroy());
    await expect(sending).rejects.toThrow();
    expect(b.destroyed).toBe(true);
  });
});
