import { Storage } from '@google-cloud/storage';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startGcs, type GcsHandle } from './index';
import { objectFilePath } from './paths';

/** Every file under `dir`, relative to it. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

describe('Cloud Storage emulator filesystem layout', () => {
  let outer: string;
  let root: string;
  let gcs: GcsHandle;
  let storage: Storage;
  const logged: { severity: string; message: string; fields?: Record<string, unknown> }[] = [];
  const restart = async (port = 0): Promise<void> => {
    await gcs?.close();
    gcs = await startGcs({ port, root, log: (severity, message, fields) => void logged.push({ severity, message, fields }) });
    storage = new Storage({ apiEndpoint: gcs.url, projectId: 'layout' });
  };

  beforeAll(async () => {
    outer = await mkdtemp(join(tmpdir(), 'gcs-layout-'));
    root = join(outer, 'root');
    await mkdir(root);
    await restart();
    await storage.createBucket('lake-bucket');
  });
  afterAll(async () => {
    await gcs.close();
    await rm(outer, { recursive: true, force: true });
  });

  it('keeps object bytes as plain files at objectFilePath and nothing else under the bucket', async () => {
    const names = ['silver/taxi/dt=2024-01-01/part-0.parquet', 'silver/taxi/dt=2024-01-02/part-0.parquet', 'top.txt'];
    for (const n of names) await storage.bucket('lake-bucket').file(n).save(`bytes of ${n}`, { resumable: n !== 'top.txt' });
    for (const n of names) expect(await readFile(objectFilePath(root, 'lake-bucket', n), 'utf8')).toBe(`bytes of ${n}`);
    // Metadata, staging and uploads live outside the bucket tree, so data globs never see them.
    expect(await walk(join(root, 'lake-bucket'))).toEqual([...names].sort());
    expect(await walk(join(root, '.tmp'))).toEqual([]);
    expect(await walk(join(root, '.uploads'))).toEqual([]);
  });

  it('keeps hostile names inside the root and gives each its own file', async () => {
    const bucket = storage.bucket('lake-bucket');
    const hostile = ['../../escape.txt', '/etc/passwd', 'a/./b', 'a/../../b', 'nul\0byte', '%2e%2e/x', 'dir/', 'x'.repeat(300) + '/y', '..\\windows'];
    for (const [i, n] of hostile.entries()) await bucket.file(n).save(`h${i}`, { resumable: false });
    for (const [i, n] of hostile.entries()) expect((await bucket.file(n).download())[0].toString()).toBe(`h${i}`);
    const [listed] = await bucket.getFiles();
    expect(listed.map((f) => f.name)).toEqual(expect.arrayContaining(hostile));
    // Nothing was written next to the root.
    expect(await readdir(outer)).toEqual(['root']);
    for (const n of hostile) await bucket.file(n).delete();
  });

  it('never shows a reader of the plain file a half-written object', async () => {
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(1 << 20, 65 + i));
    const path = objectFilePath(root, 'lake-bucket', 'atomic/part.parquet');
    const file = storage.bucket('lake-bucket').file('atomic/part.parquet');
    await file.save(versions[0], { resumable: false });
    let writing = true;
    const writer = (async () => {
      for (const v of versions.slice(1)) await file.save(v, { resumable: true });
      writing = false;
    })();
    let reads = 0;
    while (writing || reads === 0) {
      const got = await readFile(path);
      expect(versions.some((v) => v.equals(got))).toBe(true);
      reads++;
    }
    await writer;
  });

  it('stores both an object and a "directory" of the same name', async () => {
    const bucket = storage.bucket('lake-bucket');
    await bucket.file('clash').save('file first', { resumable: false });
    await bucket.file('clash/inner').save('then a child', { resumable: false });
    await bucket.file('other/inner').save('child first', { resumable: false });
    await bucket.file('other').save('then the file', { resumable: false });
    for (const [n, v] of [['clash', 'file first'], ['clash/inner', 'then a child'], ['other/inner', 'child first'], ['other', 'then the file']]) {
      expect((await bucket.file(n).download())[0].toString()).toBe(v);
    }
    for (const n of ['clash', 'clash/inner', 'other/inner', 'other']) await bucket.file(n).delete();
    await expect(stat(join(root, 'lake-bucket', 'clash'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await walk(join(root, '.overflow'))).toEqual([]);
  });

  it('keeps generations, metadata and create-only semantics across a restart', async () => {
    const file = () => storage.bucket('lake-bucket').file('persist/one.json');
    await file().save('{"a":1}', { resumable: false, metadata: { metadata: { source: 'test' } } });
    const [before] = await file().getMetadata();
    await restart();
    const [after] = await file().getMetadata();
    expect(after).toMatchObject({ generation: before.generation, metageneration: '1', md5Hash: before.md5Hash, metadata: { source: 'test' } });
    expect((await file().download())[0].toString()).toBe('{"a":1}');
    await expect(file().save('{"a":2}', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } })).rejects.toMatchObject({ code: 412 });
    await file().save('{"a":3}', { resumable: false });
    const [next] = await file().getMetadata();
    expect(BigInt(next.generation as string)).toBeGreaterThan(BigInt(before.generation as string));
  });

  it('names objects whose file no longer matches their record after a restart', async () => {
    await storage.bucket('lake-bucket').file('persist/damaged.bin').save('twelve bytes', { resumable: false });
    await gcs.close();
    await writeFile(objectFilePath(root, 'lake-bucket', 'persist/damaged.bin'), 'short');
    logged.length = 0;
    await restart();
    const warning = logged.find((l) => l.severity === 'WARNING');
    expect(warning?.fields).toMatchObject({ count: 1, objects: ['gs://lake-bucket/persist/damaged.bin (record 12 bytes, file 5 bytes)'] });
    await storage.bucket('lake-bucket').file('persist/damaged.bin').delete();
  });

  it('keeps a resumable upload out of the bucket until it finishes, and resumes it after a restart', async () => {
    const data = Buffer.alloc(3 << 20, 9);
    data.write('start', 0);
    const file = () => storage.bucket('lake-bucket').file('resume/after-restart.bin');
    const [uri] = await file().createResumableUpload();
    await pipeline(Readable.from([data.subarray(0, 1 << 20)]), file().createWriteStream({ uri, isPartialUpload: true, chunkSize: 1 << 20 }));
    await expect(stat(objectFilePath(root, 'lake-bucket', 'resume/after-restart.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await walk(join(root, '.uploads'))).length).toBe(2);
    const oldPort = gcs.port;
    await restart();
    const movedUri = uri.replace(`:${oldPort}/`, `:${gcs.port}/`);
    await pipeline(Readable.from([data.subarray(1 << 20)]), file().createWriteStream({ uri: movedUri, offset: 1 << 20, validation: false }));
    expect((await readFile(objectFilePath(root, 'lake-bucket', 'resume/after-restart.bin'))).equals(data)).toBe(true);
    const [meta] = await file().getMetadata();
    expect(meta).toMatchObject({ size: String(data.length), md5Hash: createHash('md5').update(data).digest('base64') });
    expect(await walk(join(root, '.uploads'))).toEqual([]);
  });
});
