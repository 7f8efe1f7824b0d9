/**
 * The filesystem backend: object bytes as plain files at `<root>/<bucket>/<object name>` (see
 * ../paths.ts for the layout and the name encoding), metadata as one JSON file per bucket and per
 * object under `<root>/.meta/`, resumable uploads under `<root>/.uploads/`. Every file appears by
 * rename from `<root>/.tmp/`, so readers never see a half-written object or record.
 * One emulator process owns a root at a time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import type { BucketRecord, ObjectRecord } from '../model';
import { INTERNAL_DIRS, objectFilePath } from '../paths';
import { FileBytes } from './file-bytes';
import type { ByteRange, LoadedState, Staging, StorageBackend, UploadSessionRecord } from './types';

/**
 * A staging file, written through a write stream so receiving the next chunk overlaps writing the
 * last one (awaiting each write paused the socket and halved upload throughput); `append` waits
 * only when more than {@link STAGING_BUFFER} bytes are in flight.
 */
class FileStaging implements Staging {
  size: number;
  private stream?: WriteStream;
  private failure?: Error;
  constructor(
    readonly path: string,
    size: number,
  ) {
    this.size = size;
  }
  private open(): WriteStream {
    const ws = createWriteStream(this.path, { flags: 'a', highWaterMark: STAGING_BUFFER });
    // Kept and rethrown by the next append or seal: an 'error' with no listener would crash the process.
    ws.on('error', (err) => (this.failure ??= err));
    return ws;
  }
  async append(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    const ws = (this.stream ??= this.open());
    this.size += chunk.length;
    if (!ws.write(chunk)) await once(ws, 'drain');
  }
  /** Flushes and closes the stream; the file stays. */
  async seal(): Promise<void> {
    const ws = this.stream;
    this.stream = undefined;
    if (ws && !ws.destroyed) {
      ws.end();
      await finished(ws).catch((err: unknown) => {
        this.failure ??= err as Error;
      });
    }
    if (this.failure) throw this.failure;
  }
  async idle(): Promise<void> {
    await this.seal();
  }
  async readBack(): Promise<Readable> {
    await this.seal();
    return createReadStream(this.path, { highWaterMark: 1 << 20 });
  }
  async discard(): Promise<void> {
    await this.seal().catch((err: unknown) => {
      // Dropping the bytes anyway; a failed write does not matter any more.
      this.failure = err as Error;
    });
    await rm(this.path, { force: true });
    this.size = 0;
  }
}

/** Bytes a staging file may have in flight before `append` waits. */
const STAGING_BUFFER = 8 << 20;

const isErrno = (err: unknown, ...codes: string[]): boolean => codes.includes((err as NodeJS.ErrnoException)?.code ?? '');
const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Keeps buckets, objects and uploads under one root directory. */
export class FileSystemBackend implements StorageBackend {
  readonly kind = 'filesystem';
  private readonly dir: { meta: string; uploads: string; tmp: string; overflow: string };

  constructor(readonly root: string) {
    this.dir = {
      meta: join(root, INTERNAL_DIRS.meta),
      uploads: join(root, INTERNAL_DIRS.uploads),
      tmp: join(root, INTERNAL_DIRS.tmp),
      overflow: join(root, INTERNAL_DIRS.overflow),
    };
  }

  private bucketMetaPath = (name: string): string => join(this.dir.meta, 'buckets', `${name}.json`);
  private objectMetaPath(bucket: string, name: string): string {
    const h = sha(name);
    return join(this.dir.meta, 'objects', bucket, h.slice(0, 2), `${h}.json`);
  }
  /** Where an object's bytes are: its plain path, or its overflow file. */
  private dataPathOf = (o: ObjectRecord): string => (o.dataPath ? join(this.root, o.dataPath) : objectFilePath(this.root, o.bucket, o.name));

  /** Writes a file by rename from the temp dir. */
  private async writeAtomic(path: string, text: string): Promise<void> {
    const tmp = join(this.dir.tmp, randomUUID());
    await writeFile(tmp, text);
    await mkdir(dirname(path), { recursive: true });
    await rename(tmp, path);
  }

  async load(): Promise<LoadedState> {
    for (const d of Object.values(this.dir)) await mkdir(d, { recursive: true });
    // Leftovers of writes interrupted by a crash.
    await rm(this.dir.tmp, { recursive: true, force: true });
    await mkdir(this.dir.tmp, { recursive: true });
    const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
    const buckets: BucketRecord[] = [];
    const bucketDir = join(this.dir.meta, 'buckets');
    await mkdir(bucketDir, { recursive: true });
    for (const f of await readdir(bucketDir)) if (f.endsWith('.json')) buckets.push(await readJson<BucketRecord>(join(bucketDir, f)));
    const objects: ObjectRecord[] = [];
    const objectsDir = join(this.dir.meta, 'objects');
    await mkdir(objectsDir, { recursive: true });
    for (const entry of await readdir(objectsDir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.json')) objects.push(await readJson<ObjectRecord>(join(entry.parentPath, entry.name)));
    }
    await this.checkObjects(objects);
    const uploads: LoadedState['uploads'] = [];
    for (const f of await readdir(this.dir.uploads)) {
      if (!f.endsWith('.json')) continue;
      const session = await readJson<UploadSessionRecord>(join(this.dir.uploads, f));
      const dataPath = join(this.dir.uploads, `${session.id}.data`);
      const size = await stat(dataPath).then(
        (s) => s.size,
        (err: unknown) => {
          if (isErrno(err, 'ENOENT')) return 0;
          throw err;
        },
      );
      uploads.push({ session, staging: new FileStaging(dataPath, size) });
    }
    return { buckets, objects, uploads };
  }

  /**
   * Data and metadata are two renames; a crash between them leaves an object whose bytes and
   * record disagree. Such objects are kept (their record says what was last committed) and
   * named in the error so the user can rewrite or delete them.
   */
  private async checkObjects(objects: readonly ObjectRecord[]): Promise<void> {
    const bad: string[] = [];
    for (const o of objects) {
      const size = await stat(this.dataPathOf(o)).then(
        (s) => s.size,
        (err: unknown) => {
          if (isErrno(err, 'ENOENT')) return -1;
          throw err;
        },
      );
      if (size !== o.size) bad.push(`gs://${o.bucket}/${o.name} (record ${o.size} bytes, file ${size < 0 ? 'missing' : `${size} bytes`})`);
    }
    if (bad.length) this.inconsistent = bad;
  }

  /** Objects whose file and record disagreed at load (see {@link checkObjects}); the emulator logs them. */
  inconsistent: string[] = [];

  async putBucket(bucket: BucketRecord): Promise<void> {
    // The bucket directory exists from the start, so globs over an empty bucket find nothing rather than failing.
    await mkdir(join(this.root, bucket.name), { recursive: true });
    await this.writeAtomic(this.bucketMetaPath(bucket.name), JSON.stringify(bucket));
  }
  async removeBucket(name: string): Promise<void> {
    await rm(this.bucketMetaPath(name), { force: true });
    await rm(join(this.dir.meta, 'objects', name), { recursive: true, force: true });
    await rm(join(this.dir.overflow, name), { recursive: true, force: true });
    await rm(join(this.root, name), { recursive: true, force: true });
  }

  async newStaging(uploadId?: string): Promise<Staging> {
    const path = uploadId ? join(this.dir.uploads, `${uploadId}.data`) : join(this.dir.tmp, randomUUID());
    // The file exists from the start: an empty object is an empty file.
    await writeFile(path, '');
    return new FileStaging(path, 0);
  }
  async putUploadSession(session: UploadSessionRecord): Promise<void> {
    await this.writeAtomic(join(this.dir.uploads, `${session.id}.json`), JSON.stringify(session));
  }
  async removeUploadSession(id: string): Promise<void> {
    await rm(join(this.dir.uploads, `${id}.json`), { force: true });
    await rm(join(this.dir.uploads, `${id}.data`), { force: true });
  }

  async commitObject(record: ObjectRecord, staging: Staging, previous?: ObjectRecord): Promise<ObjectRecord> {
    if (!(staging instanceof FileStaging)) throw new TypeError('FileSystemBackend.commitObject: staging comes from another backend');
    await staging.seal();
    const plain = objectFilePath(this.root, record.bucket, record.name);
    let stored: ObjectRecord = { ...record, dataPath: undefined };
    if (!(await this.renameInto(staging.path, plain))) {
      // A directory holds the plain path (or a file holds one of its parents): overflow.
      const overflow = join(this.dir.overflow, record.bucket, sha(record.name));
      await mkdir(dirname(overflow), { recursive: true });
      await rename(staging.path, overflow);
      stored = { ...record, dataPath: relative(this.root, overflow) };
    }
    if (previous?.dataPath && previous.dataPath !== stored.dataPath) await rm(join(this.root, previous.dataPath), { force: true });
    await this.putObjectMeta(stored);
    return stored;
  }

  /** Renames into a plain path, creating parents; false when a file/directory clash prevents it. */
  private async renameInto(from: string, to: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(dirname(to), { recursive: true });
        await rename(from, to);
        return true;
      } catch (err) {
        if (isErrno(err, 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY')) return false;
        // A concurrent delete removed an empty parent between mkdir and rename: try again.
        if (isErrno(err, 'ENOENT') && attempt < 5) continue;
        throw err;
      }
    }
  }

  async copyObjectBytes(record: ObjectRecord, staging: Staging): Promise<void> {
    if (!(staging instanceof FileStaging)) throw new TypeError('FileSystemBackend.copyObjectBytes: staging comes from another backend');
    await staging.seal();
    const from = this.dataPathOf(record);
    await copyFile(from, staging.path);
    const { size } = await stat(staging.path);
    if (size !== record.size) throw new Error(`object file ${from} holds ${size} bytes but its record says ${record.size}; rewrite or delete the object`);
    staging.size = size;
  }

  async putObjectMeta(record: ObjectRecord): Promise<void> {
    await this.writeAtomic(this.objectMetaPath(record.bucket, record.name), JSON.stringify(record));
  }

  async removeObject(record: ObjectRecord): Promise<void> {
    await rm(this.objectMetaPath(record.bucket, record.name), { force: true });
    const path = this.dataPathOf(record);
    await unlink(path).catch((err: unknown) => {
      if (!isErrno(err, 'ENOENT')) throw err;
    });
    if (!record.dataPath) await this.pruneEmptyParents(path, join(this.root, record.bucket));
  }

  /** Removes now-empty directories from `path`'s parent up to (not including) `stop`. */
  private async pruneEmptyParents(path: string, stop: string): Promise<void> {
    for (let dir = dirname(path); dir.startsWith(stop + '/'); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch (err) {
        if (isErrno(err, 'ENOTEMPTY', 'EEXIST', 'ENOENT')) return;
        throw err;
      }
    }
  }

  async readObject(record: ObjectRecord, range?: ByteRange): Promise<Readable> {
    if (range && range.end <= range.start) return Readable.from([]);
    const path = this.dataPathOf(record);
    const handle = await open(path, 'r');
    return new FileBytes(handle, path, range?.start ?? 0, range ? range.end : record.size);
  }

  async close(): Promise<void> {}
}
