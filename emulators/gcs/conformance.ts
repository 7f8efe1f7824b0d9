/**
 * One conformance suite for the Cloud Storage emulator, driven through the official
 * `@google-cloud/storage` client, run over each backend by memory.test.ts and fs.test.ts.
 */
import { Storage, type Bucket } from '@google-cloud/storage';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FaultHook } from '../common/types';
import { crc32cBase64, crc32cUpdate } from './crc32c';
import { InterruptUpload, startGcs, type GcsHandle } from './index';

/** How a suite starts its emulator. */
export interface ConformanceTarget {
  /** Label for the describe block. */
  readonly name: string;
  /** Extra start options (e.g. a root dir); called once per suite. */
  options(): Promise<{ root?: string }>;
}

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('base64');
const crc = (b: Buffer): string => crc32cBase64(crc32cUpdate(0, b));
/** Fast pseudo-random bytes, generated in memory (randomBytes of 50 MB is slow on a loaded box). */
function bytes(size: number, seed = 1): Buffer {
  const block = randomBytes(1 << 16);
  block.writeUInt32BE(seed);
  const out = Buffer.allocUnsafe(size);
  for (let off = 0; off < size; off += block.length) block.copy(out, off, 0, Math.min(block.length, size - off));
  // Make blocks differ so a misplaced chunk changes the hash.
  for (let off = 0; off + 4 <= size; off += block.length) out.writeUInt32BE((off / block.length) >>> 0, off);
  return out;
}
/** The HTTP status of an error thrown by the client (ApiError `code` or Gaxios `status`). */
const statusOf = (err: unknown): number | undefined => {
  const e = err as { code?: unknown; status?: unknown; response?: { status?: number } };
  return typeof e.code === 'number' ? e.code : typeof e.status === 'number' ? e.status : e.response?.status;
};
async function expectStatus(p: Promise<unknown>, status: number): Promise<void> {
  let caught: unknown;
  await p.then(
    () => undefined,
    (err: unknown) => (caught = err),
  );
  expect(caught).toBeDefined();
  expect(statusOf(caught)).toBe(status);
}

/** Registers the suite. */
export function describeGcsConformance(target: ConformanceTarget): void {
  describe(`Cloud Storage emulator over ${target.name}, through @google-cloud/storage`, () => {
    let gcs: GcsHandle;
    let storage: Storage;
    let bucket: Bucket;
    let fault: FaultHook | undefined;
    let scratch: string;

    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'gcs-conf-'));
      gcs = await startGcs({ port: 0, ...(await target.options()), faults: (op, req) => fault?.(op, req) });
      storage = new Storage({ apiEndpoint: gcs.url, projectId: 'conformance' });
      [bucket] = await storage.createBucket('conformance-bucket');
    });
    afterAll(async () => {
      await gcs.close();
      await rm(scratch, { recursive: true, force: true });
    });
    afterEach(() => {
      fault = undefined;
    });

    it('creates, gets, lists, patches and deletes buckets; a non-empty bucket is 409', async () => {
      const [b] = await storage.createBucket('bucket-crud', { location: 'EU' });
      await expectStatus(storage.createBucket('bucket-crud'), 409);
      const [meta] = await b.getMetadata();
      expect(meta).toMatchObject({ name: 'bucket-crud', location: 'EU', metageneration: '1', storageClass: 'STANDARD' });
      const [patched] = await b.setMetadata({ labels: { team: 'lake' } });
      expect(patched).toMatchObject({ labels: { team: 'lake' }, metageneration: '2' });
      const [buckets] = await storage.getBuckets();
      expect(buckets.map((x) => x.name)).toEqual(expect.arrayContaining(['bucket-crud', 'conformance-bucket']));
      await b.file('x').save('x', { resumable: false });
      await expectStatus(b.delete(), 409);
      await b.file('x').delete();
      await b.delete();
      await expectStatus(b.getMetadata(), 404);
    });

    it('file.save then download({validation: "crc32c"}) returns the bytes, with md5 and crc32c in metadata', async () => {
      const data = bytes(300_000, 2);
      const file = bucket.file('save/one.bin');
      await file.save(data, { resumable: false, contentType: 'application/x-test', metadata: { metadata: { k: 'v' } } });
      const [meta] = await file.getMetadata();
      expect(meta).toMatchObject({ size: String(data.length), md5Hash: md5(data), crc32c: crc(data), contentType: 'application/x-test', metadata: { k: 'v' }, metageneration: '1' });
      const [back] = await file.download({ validation: 'crc32c' });
      expect(back.equals(data)).toBe(true);
      const [ranged] = await file.download({ start: 10, end: 19 });
      expect(ranged.equals(data.subarray(10, 20))).toBe(true);
    });

    it('uploads 50 MB through createWriteStream({resumable: true})', async () => {
      const data = bytes(50 << 20, 3);
      const file = bucket.file('big/fifty.bin');
      await pipeline(Readable.from([data.subarray(0, 20 << 20), data.subarray(20 << 20)]), file.createWriteStream({ resumable: true, validation: 'crc32c' }));
      const [meta] = await file.getMetadata();
      expect(meta).toMatchObject({ size: String(data.length), crc32c: crc(data), md5Hash: md5(data) });
      const [back] = await file.download({ validation: 'crc32c' });
      expect(back.equals(data)).toBe(true);
    });

    it('resumes a chunked resumable upload after a chunk is cut off mid-way', async () => {
      const data = bytes(12 << 20, 4);
      let chunks = 0;
      fault = (op) => {
        if (op !== 'objects.insert.resumable') return undefined;
        chunks++;
        // The second chunk loses its connection after 1 MB; the client must resume from the offset.
        return chunks === 2 ? new InterruptUpload(1 << 20) : undefined;
      };
      // A fresh client: earlier calls that failed on purpose can leave a shared one with auto-retry off.
      const retrying = new Storage({ apiEndpoint: gcs.url, projectId: 'conformance', retryOptions: { autoRetry: true, maxRetries: 5 } });
      const file = retrying.bucket(bucket.name).file('big/interrupted.bin');
      await pipeline(
        Readable.from([data]),
        file.createWriteStream({ resumable: true, chunkSize: 4 << 20, preconditionOpts: { ifGenerationMatch: 0 } }),
      );
      // 3 chunks, one cut off, one status query (not a chunk op: it carries no bytes but shares the op).
      expect(chunks).toBeGreaterThanOrEqual(4);
      const [meta] = await file.getMetadata();
      expect(meta).toMatchObject({ size: String(data.length), md5Hash: md5(data), crc32c: crc(data) });
      const [back] = await file.download({ validation: 'crc32c' });
      expect(back.equals(data)).toBe(true);
    });

    it('resumes an upload through its session URI from the offset the emulator reports', async () => {
      const data = bytes(3 << 20, 5);
      const file = bucket.file('big/by-uri.bin');
      const [uri] = await file.createResumableUpload();
      // First part only, as a partial upload that stops.
      await pipeline(Readable.from([data.subarray(0, 1 << 20)]), file.createWriteStream({ uri, isPartialUpload: true, chunkSize: 1 << 20 }));
      const status = await fetch(uri, { method: 'PUT', headers: { 'Content-Range': 'bytes */*' } });
      expect(status.status).toBe(308);
      expect(status.headers.get('range')).toBe(`bytes=0-${(1 << 20) - 1}`);
      const resumeCRC32C = crc(data.subarray(0, 1 << 20));
      await pipeline(Readable.from([data.subarray(1 << 20)]), file.createWriteStream({ uri, offset: 1 << 20, resumeCRC32C }));
      const [back] = await file.download({ validation: 'crc32c' });
      expect(back.equals(data)).toBe(true);
    });

    it('rejects an upload whose declared hash does not match the bytes', async () => {
      const data = Buffer.from('payload');
      await expectStatus(bucket.file('bad-hash').save(data, { resumable: false, metadata: { md5Hash: md5(Buffer.from('other')) } }), 400);
      await expectStatus(bucket.file('bad-hash').getMetadata(), 404);
    });

    it('save with ifGenerationMatch: 0 fails the second time with 412 (simple and resumable)', async () => {
      const file = bucket.file('create-only/a.json');
      await file.save('{"v":1}', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
      await expectStatus(file.save('{"v":2}', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }), 412);
      await expectStatus(file.save('{"v":3}', { resumable: true, preconditionOpts: { ifGenerationMatch: 0 } }), 412);
      const [back] = await file.download();
      expect(back.toString()).toBe('{"v":1}');
    });

    it('lets exactly one of many concurrent create-only writers of one name win', async () => {
      const file = (i: number) => bucket.file('create-only/race.txt').save(`writer ${i}`, { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
      const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => file(i)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(statusOf(r.reason)).toBe(412);
    });

    it('gives readers racing with overwrites one whole version whose hash matches', async () => {
      const versions = Array.from({ length: 6 }, (_, i) => bytes(256 << 10, 100 + i));
      const file = bucket.file('race/overwritten.bin');
      await file.save(versions[0], { resumable: false });
      const writes = versions.slice(1).map((v) => file.save(v, { resumable: false }));
      const reads = Array.from({ length: 12 }, () => file.download({ validation: 'crc32c' }).then(([b]) => b));
      await Promise.all(writes);
      for (const got of await Promise.all(reads)) expect(versions.some((v) => v.equals(got))).toBe(true);
    });

    it('keeps generations and metagenerations and honours the other preconditions', async () => {
      const file = bucket.file('gens/x.txt');
      await file.save('one', { resumable: false });
      const [m1] = await file.getMetadata();
      await file.save('two', { resumable: false, preconditionOpts: { ifGenerationMatch: Number(m1.generation) } });
      const [m2] = await file.getMetadata();
      expect(BigInt(m2.generation as string)).toBeGreaterThan(BigInt(m1.generation as string));
      await expectStatus(file.save('three', { resumable: false, preconditionOpts: { ifGenerationMatch: Number(m1.generation) } }), 412);
      const [m3] = await file.setMetadata({ metadata: { a: '1' } }, { ifMetagenerationMatch: 1 });
      expect(m3.metageneration).toBe('2');
      await expectStatus(file.setMetadata({ metadata: { a: '2' } }, { ifMetagenerationMatch: 1 }), 412);
      await expectStatus(file.delete({ ifGenerationMatch: Number(m1.generation) }), 412);
      await expectStatus(bucket.file('gens/x.txt', { generation: Number(m1.generation) }).download(), 404);
      await file.delete({ ifGenerationMatch: Number(m2.generation) });
      await expectStatus(file.getMetadata(), 404);
    });

    it('bucket.upload sends a local file, resumable above the threshold and simple below', async () => {
      const small = join(scratch, 'small.csv');
      const large = join(scratch, 'large.bin');
      const smallData = Buffer.from('id,value\n1,2\n');
      const largeData = bytes(6 << 20, 6);
      await writeFile(small, smallData);
      await writeFile(large, largeData);
      const [f1] = await bucket.upload(small, { destination: 'uploads/small.csv' });
      const [f2] = await bucket.upload(large, { destination: 'uploads/large.bin' });
      const [m1] = await f1.getMetadata();
      const [m2] = await f2.getMetadata();
      expect(m1).toMatchObject({ size: String(smallData.length), contentType: 'text/csv', md5Hash: md5(smallData) });
      expect(m2).toMatchObject({ size: String(largeData.length), md5Hash: md5(largeData) });
    });

    it('copies (within and across buckets) and combines objects', async () => {
      const [other] = await storage.createBucket('conformance-other');
      const src = bucket.file('copy/src.txt');
      await src.save('hello ', { resumable: false, metadata: { metadata: { origin: 'src' } } });
      await bucket.file('copy/tail.txt').save('world', { resumable: false });
      const [copied] = await src.copy(other.file('dst.txt'));
      const [copiedMeta] = await copied.getMetadata();
      expect(copiedMeta).toMatchObject({ bucket: 'conformance-other', name: 'dst.txt', metadata: { origin: 'src' }, size: '6' });
      const [combined] = await bucket.combine(['copy/src.txt', 'copy/tail.txt'], 'copy/combined.txt');
      const [meta] = await combined.getMetadata();
      expect(meta).toMatchObject({ componentCount: 2, size: '11', crc32c: crc(Buffer.from('hello world')) });
      expect(meta.md5Hash).toBeUndefined();
      const [back] = await combined.download({ validation: 'crc32c' });
      expect(back.toString()).toBe('hello world');
      await other.file('dst.txt').delete();
      await other.delete();
    });

    it('keeps concurrent multi-MB uploads and downloads apart (hashes on the shared MD5 worker, pooled download buffers)', async () => {
      const datas = [1, 2, 3, 4].map((i) => bytes((2 << 20) + i * 12345, 100 + i));
      await Promise.all(datas.map((d, i) => bucket.file(`concurrent/${i}`).save(d, { resumable: i % 2 === 0 })));
      const metas = await Promise.all(datas.map((_, i) => bucket.file(`concurrent/${i}`).getMetadata()));
      metas.forEach(([m], i) => expect(m).toMatchObject({ size: String(datas[i].length), md5Hash: md5(datas[i]), crc32c: crc(datas[i]) }));
      const backs = await Promise.all(datas.map((_, i) => bucket.file(`concurrent/${i}`).download({ validation: 'crc32c' })));
      backs.forEach(([b], i) => expect(b.equals(datas[i])).toBe(true));
    });

    it('copies keep the bytes and the source hashes (a composite stays without MD5)', async () => {
      const data = bytes(3 << 20, 7);
      await bucket.file('copy/big.bin').save(data, { resumable: false });
      const [copied] = await bucket.file('copy/big.bin').copy(bucket.file('copy/big-copy.bin'));
      const [meta] = await copied.getMetadata();
      expect(meta).toMatchObject({ size: String(data.length), md5Hash: md5(data), crc32c: crc(data) });
      const [back] = await copied.download({ validation: 'crc32c' });
      expect(back.equals(data)).toBe(true);
      const [composite] = await bucket.combine(['copy/big.bin', 'copy/big-copy.bin'], 'copy/big-twice.bin');
      const [compositeCopy] = await composite.copy(bucket.file('copy/big-twice-copy.bin'));
      const [cmeta] = await compositeCopy.getMetadata();
      expect(cmeta).toMatchObject({ componentCount: 2, size: String(2 * data.length), crc32c: crc(Buffer.concat([data, data])) });
      expect(cmeta.md5Hash).toBeUndefined();
      await expectStatus(bucket.file('copy/missing.bin').copy(bucket.file('copy/never.bin')), 404);
    });

    it('lists 2,500 objects with prefix, delimiter and autoPaginate', async () => {
      const names = Array.from({ length: 2500 }, (_, i) => `many/dt=2024-01-${String((i % 5) + 1).padStart(2, '0')}/part-${String(i).padStart(5, '0')}.parquet`);
      for (let i = 0; i < names.length; i += 100) {
        await Promise.all(names.slice(i, i + 100).map((n) => bucket.file(n).save(n, { resumable: false })));
      }
      const [all] = await bucket.getFiles({ prefix: 'many/', autoPaginate: true });
      expect(all.map((f) => f.name)).toEqual([...names].sort());
      const [, , dirs] = await bucket.getFiles({ prefix: 'many/', delimiter: '/', autoPaginate: false });
      expect((dirs as { prefixes: string[] }).prefixes).toEqual(['many/dt=2024-01-01/', 'many/dt=2024-01-02/', 'many/dt=2024-01-03/', 'many/dt=2024-01-04/', 'many/dt=2024-01-05/']);
      const [page, next] = await bucket.getFiles({ prefix: 'many/dt=2024-01-03/', maxResults: 300, autoPaginate: false });
      expect(page).toHaveLength(300);
      const [rest] = await bucket.getFiles({ ...(next as object), autoPaginate: false });
      expect(page.length + rest.length).toBe(500);
      const [globbed] = await bucket.getFiles({ matchGlob: 'many/**/part-0000?.parquet' });
      expect(globbed.map((f) => f.name)).toHaveLength(10);
      const [ranged] = await bucket.getFiles({ prefix: 'many/', startOffset: 'many/dt=2024-01-02/', endOffset: 'many/dt=2024-01-03/' });
      expect(ranged).toHaveLength(500);
    });

    it('leaves prefixes out when there are none and errors come in Google\'s envelope', async () => {
      const res = await fetch(`${gcs.url}/storage/v1/b/conformance-bucket/o?prefix=nothing-here/&delimiter=/`);
      expect(await res.json()).toEqual({ kind: 'storage#objects' });
      const missing = await fetch(`${gcs.url}/b/conformance-bucket/o/${encodeURIComponent('no/such')}`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({
        error: { code: 404, message: expect.stringContaining('no/such'), errors: [{ domain: 'global', reason: 'notFound', message: expect.any(String) }] },
      });
    });
  });
}
