/**
 * Cloud Storage emulator throughput through the official client, as ratios to a plain file copy
 * of the same bytes measured in the same run (`fs.copyFile`, the kernel's copy, and a userland
 * stream copy, read stream piped to write stream).
 *
 * The emulator runs in its own process with the filesystem backend, as `tributary emulators`
 * runs it; the client runs here. Upload is `file.save(buffer)` (resumable, the client's default)
 * and download is `file.download()`, each measured twice: with the client's defaults (its
 * CRC32C validator is a byte-at-a-time loop in JavaScript, ~60 MB/s, which then bounds the whole
 * transfer), and with the client's documented `crc32cGenerator` option set to a hardware CRC32C,
 * which leaves the emulator and HTTP as the limit. Machine: a shared 2-core box with other jobs
 * running, so absolute MB/s are depressed; compare ratios.
 */
import { crc32c } from '@node-rs/crc32';
import { Storage, type CRC32CValidator } from '@google-cloud/storage';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const MB = 1 << 20;

/** Median of timed runs, in MB/s. */
async function mbps(size: number, runs: number, fn: (i: number) => Promise<void>): Promise<number> {
  await fn(-1); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    rates.push(size / MB / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(rates.length / 2)] * 10) / 10;
}
const ratio = (x: number, base: number): number => Math.round((x / base) * 100) / 100;

/** A hardware CRC32C in the shape the client's `crc32cGenerator` option takes. */
function fastCrc32c(): CRC32CValidator {
  let value = 0;
  const b64 = (): string => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    return b.toString('base64');
  };
  return { update: (data: Buffer) => void (value = crc32c(data, value)), toString: b64, validate: (expected: string) => expected === b64() };
}

/** Starts the emulator in a child process; resolves its URL. */
async function startChild(root: string): Promise<{ url: string; child: ChildProcess }> {
  const index = join(__dirname, '..', 'emulators', 'gcs', 'index.ts');
  const code = `require(${JSON.stringify(index)}).startGcs({ port: 0, root: ${JSON.stringify(root)} }).then((h) => process.stdout.write(h.url + '\\n'))`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator child exited with ${code} before listening; output: ${out}`)));
  });
  return { url, child };
}

export default async (): Promise<Record<string, unknown>> => {
  const dir = await mkdtemp(join(tmpdir(), 'gcs-bench-'));
  const { url, child } = await startChild(join(dir, 'root'));
  try {
    const storage = new Storage({ apiEndpoint: url, projectId: 'bench' });
    const fast = new Storage({ apiEndpoint: url, projectId: 'bench', crc32cGenerator: fastCrc32c });
    const [bucket] = await storage.createBucket('bench-bucket');
    const fastBucket = fast.bucket('bench-bucket');
    const results: Record<string, unknown> = {};
    for (const [label, size, runs] of [
      ['1MB', MB, 15],
      ['64MB', 64 * MB, 5],
    ] as const) {
      const data = Buffer.allocUnsafe(size);
      for (let off = 0; off < size; off += 1 << 16) randomBytes(Math.min(1 << 16, size - off)).copy(data, off);
      const src = join(dir, `src-${label}`);
      await writeFile(src, data);
      const copyFileMBps = await mbps(size, runs, (i) => copyFile(src, join(dir, `copy-${label}-${i}`)));
      const streamCopyMBps = await mbps(size, runs, (i) => pipeline(createReadStream(src), createWriteStream(join(dir, `scopy-${label}-${i}`))));
      const up = {
        clientDefaultsMBps: await mbps(size, runs, (i) => bucket.file(`up/${label}/${i}`).save(data)),
        hardwareCrc32cMBps: await mbps(size, runs, (i) => fastBucket.file(`fast/${label}/${i}`).save(data)),
      };
      const down = async (b: typeof bucket): Promise<void> => {
        const [back] = await b.file(`up/${label}/0`).download();
        if (back.length !== size) throw new Error(`downloaded ${back.length} bytes, expected ${size}`);
      };
      const dl = { clientDefaultsMBps: await mbps(size, runs, () => down(bucket)), hardwareCrc32cMBps: await mbps(size, runs, () => down(fastBucket)) };
      const ratios = (x: { clientDefaultsMBps: number; hardwareCrc32cMBps: number }) => ({
        toCopyFile: { clientDefaults: ratio(x.clientDefaultsMBps, copyFileMBps), hardwareCrc32c: ratio(x.hardwareCrc32cMBps, copyFileMBps) },
        toStreamCopy: { clientDefaults: ratio(x.clientDefaultsMBps, streamCopyMBps), hardwareCrc32c: ratio(x.hardwareCrc32cMBps, streamCopyMBps) },
      });
      results[label] = {
        baseline: { copyFileMBps, streamCopyMBps },
        upload: { ...up, ratios: ratios(up) },
        download: { ...dl, ratios: ratios(dl) },
      };
    }
    results.note =
      'Median of timed runs after one warm-up. Emulator in its own process, filesystem backend; client in the bench process. Shared 2-core machine with other helpers running: absolute MB/s are depressed, compare the ratios.';
    return results;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
};
