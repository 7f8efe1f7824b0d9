/**
 * The emulator's state and rules, independent of HTTP: buckets, objects with generations and
 * metagenerations, preconditions, per-object locking, listing, and notification events. Every
 * record lives in memory; the backend persists it (filesystem) or not (memory). Mutations of one
 * object run under that object's lock, so check-then-commit is exact.
 */
import type { Readable } from 'node:stream';
import { conflict, notFound } from './errors';
import type { EventType, Notifier } from './events';
import { messagesFor } from './events';
import { HashingWriter, verifyDigests, type Digests } from './hashing';
import { compareNames, listPage, lowerBound, type ListQuery } from './listing';
import type { Logger } from './log';
import type { BucketRecord, ObjectRecord } from './model';
import { KeyedMutex } from './mutex';
import { assertValidBucketName, assertValidObjectName } from './paths';
import { checkPreconditions, type Preconditions } from './preconditions';
import type { ByteRange, StorageBackend } from './store/types';

/** What {@link GcsService.commit} needs. */
export interface CommitRequest {
  readonly bucket: string;
  readonly name: string;
  readonly writer: HashingWriter;
  /** Writable fields (contentType, metadata, ...). */
  readonly fields: Record<string, unknown>;
  readonly preconditions: Preconditions;
  /** Hashes the client declared; a mismatch fails the write with 400. */
  readonly declared?: Partial<Digests>;
  /** Set for compose results: GCS keeps no MD5 for composite objects. */
  readonly componentCount?: number;
}

/** Options for {@link GcsService}. */
export interface GcsServiceOptions {
  readonly backend: StorageBackend;
  /** Where notifications go; without one, notification configs cannot be created. */
  readonly notifier?: Notifier;
  readonly log: Logger;
}

const key = (bucket: string, name: string): string => `${bucket}\0${name}`;
const now = (): string => new Date().toISOString();

/** Buckets and objects, their rules and their events. */
export class GcsService {
  readonly backend: StorageBackend;
  readonly notifier?: Notifier;
  readonly log: Logger;
  /** The URL clients reach the emulator at (for selfLink and notification payloads). */
  baseUrl = '';
  private readonly buckets = new Map<string, BucketRecord>();
  private readonly objects = new Map<string, Map<string, ObjectRecord>>();
  private readonly sorted = new Map<string, string[]>();
  private readonly locks = new KeyedMutex();
  private lastGeneration = 0;

  constructor(options: GcsServiceOptions) {
    this.backend = options.backend;
    this.notifier = options.notifier;
    this.log = options.log;
  }

  /** Loads persisted buckets and objects. Returns the resumable sessions found, for the upload module. */
  async init(): Promise<Awaited<ReturnType<StorageBackend['load']>>['uploads']> {
    const state = await this.backend.load();
    for (const b of state.buckets) {
      this.buckets.set(b.name, b);
      this.objects.set(b.name, new Map());
    }
    for (const o of state.objects) {
      this.objects.get(o.bucket)?.set(o.name, o);
      this.lastGeneration = Math.max(this.lastGeneration, Number(o.generation));
    }
    return state.uploads;
  }

  /** A new generation: microseconds since the epoch, strictly increasing, also across restarts. */
  private nextGeneration(): string {
    this.lastGeneration = Math.max(this.lastGeneration + 1, Date.now() * 1000);
    return String(this.lastGeneration);
  }

  // ---- buckets ----

  /** The bucket, or 404. */
  bucket(name: string): BucketRecord {
    const b = this.buckets.get(name);
    if (!b) throw notFound(`The specified bucket does not exist: ${name}`);
    return b;
  }

  listBuckets(prefix = ''): BucketRecord[] {
    return [...this.buckets.values()].filter((b) => b.name.startsWith(prefix)).sort((a, b) => compareNames(a.name, b.name));
  }

  async insertBucket(record: Omit<BucketRecord, 'timeCreated' | 'updated' | 'metageneration' | 'notifications' | 'nextNotificationId'>): Promise<BucketRecord> {
    assertValidBucketName(record.name);
    if (this.buckets.has(record.name)) {
      throw conflict(`Your previous request to create the named bucket succeeded and you already own it: ${record.name}`);
    }
    const t = now();
    const b: BucketRecord = { ...record, timeCreated: t, updated: t, metageneration: '1', notifications: [], nextNotificationId: 1 };
    this.buckets.set(b.name, b);
    this.objects.set(b.name, new Map());
    await this.backend.putBucket(b);
    return b;
  }

  /** Applies `change` to the bucket and bumps its metageneration. */
  async updateBucket(name: string, preconditions: Preconditions, change: (b: BucketRecord) => void, bumpMetageneration = true): Promise<BucketRecord> {
    const b = this.bucket(name);
    checkPreconditions({ generation: '1', metageneration: b.metageneration }, { ifMetagenerationMatch: preconditions.ifMetagenerationMatch, ifMetagenerationNotMatch: preconditions.ifMetagenerationNotMatch });
    change(b);
    if (bumpMetageneration) b.metageneration = String(Number(b.metageneration) + 1);
    b.updated = now();
    await this.backend.putBucket(b);
    return b;
  }

  async deleteBucket(name: string, preconditions: Preconditions): Promise<void> {
    const b = this.bucket(name);
    checkPreconditions({ generation: '1', metageneration: b.metageneration }, preconditions);
    if ((this.objects.get(name)?.size ?? 0) > 0) throw conflict(`The bucket you tried to delete is not empty: ${name}`);
    this.buckets.delete(name);
    this.objects.delete(name);
    this.sorted.delete(name);
    await this.backend.removeBucket(name);
  }

  // ---- objects ----

  private bucketObjects(bucket: string): Map<string, ObjectRecord> {
    this.bucket(bucket);
    return this.objects.get(bucket) as Map<string, ObjectRecord>;
  }

  /** The live object or undefined (404 only for a missing bucket). */
  find(bucket: string, name: string): ObjectRecord | undefined {
    return this.bucketObjects(bucket).get(name);
  }

  /** The live object, checked against `generation` and preconditions; 404 when absent. */
  object(bucket: string, name: string, opts: { generation?: string; preconditions?: Preconditions; mode?: 'read' | 'write' } = {}): ObjectRecord {
    const o = this.bucketObjects(bucket).get(name);
    if (!o || (opts.generation !== undefined && opts.generation !== o.generation)) {
      throw notFound(`No such object: ${bucket}/${name}${opts.generation ? `#${opts.generation}` : ''}`);
    }
    if (opts.preconditions) checkPreconditions(o, opts.preconditions, opts.mode ?? 'read');
    return o;
  }

  /** A staging writer; with `uploadId`, for a resumable session. */
  async newWriter(uploadId?: string): Promise<HashingWriter> {
    return new HashingWriter(await this.backend.newStaging(uploadId));
  }

  /** Makes staged bytes an object: verifies hashes, checks preconditions and commits, under the object's lock. */
  async commit(req: CommitRequest): Promise<ObjectRecord> {
    const staging = req.writer.staging;
    try {
      assertValidObjectName(req.name);
      const digests = await req.writer.digests();
      if (req.declared) verifyDigests(digests, req.declared);
      return await this.locks.run(key(req.bucket, req.name), async () => {
        const objects = this.bucketObjects(req.bucket);
        const previous = objects.get(req.name);
        checkPreconditions(previous, req.preconditions, 'write');
        const t = now();
        const record: ObjectRecord = {
          bucket: req.bucket,
          name: req.name,
          generation: this.nextGeneration(),
          metageneration: '1',
          size: staging.size,
          ...(req.componentCount ? { componentCount: req.componentCount } : { md5Hash: digests.md5Hash }),
          crc32c: digests.crc32c,
          timeCreated: t,
          updated: t,
          storageClass: this.bucket(req.bucket).storageClass,
          fields: req.fields,
        };
        const stored = await this.backend.commitObject(record, staging, previous);
        objects.set(req.name, stored);
        if (!previous) this.sortedInsert(req.bucket, req.name);
        this.emit('OBJECT_FINALIZE', stored, previous ? { overwroteGeneration: previous.generation } : undefined);
        if (previous) this.emit('OBJECT_DELETE', previous, { overwrittenByGeneration: stored.generation });
        return stored;
      });
    } catch (err) {
      await req.writer.discard();
      throw err;
    }
  }

  /** Changes an object's metadata (patch or update), bumping its metageneration. */
  async updateObject(opts: { bucket: string; name: string; generation?: string; preconditions: Preconditions; change: (fields: Record<string, unknown>) => Record<string, unknown> }): Promise<ObjectRecord> {
    return this.locks.run(key(opts.bucket, opts.name), async () => {
      const o = this.object(opts.bucket, opts.name, { generation: opts.generation, preconditions: opts.preconditions, mode: 'write' });
      const updated: ObjectRecord = { ...o, fields: opts.change({ ...o.fields }), metageneration: String(Number(o.metageneration) + 1), updated: now() };
      await this.backend.putObjectMeta(updated);
      this.bucketObjects(opts.bucket).set(opts.name, updated);
      this.emit('OBJECT_METADATA_UPDATE', updated);
      return updated;
    });
  }

  async deleteObject(opts: { bucket: string; name: string; generation?: string; preconditions: Preconditions }): Promise<void> {
    await this.locks.run(key(opts.bucket, opts.name), async () => {
      const o = this.object(opts.bucket, opts.name, { generation: opts.generation, preconditions: opts.preconditions, mode: 'write' });
      this.bucketObjects(opts.bucket).delete(opts.name);
      this.sortedRemove(opts.bucket, opts.name);
      await this.backend.removeObject(o);
      this.emit('OBJECT_DELETE', o);
    });
  }

  /** Opens the live object for reading under its lock, so the bytes match the record returned. */
  async openRead(opts: { bucket: string; name: string; generation?: string; preconditions?: Preconditions; range?: (size: number) => ByteRange | undefined }): Promise<{ record: ObjectRecord; range?: ByteRange; stream: Readable }> {
    return this.locks.run(key(opts.bucket, opts.name), async () => {
      const record = this.object(opts.bucket, opts.name, { generation: opts.generation, preconditions: opts.preconditions, mode: 'read' });
      const range = opts.range?.(record.size);
      return { record, range, stream: await this.backend.readObject(record, range) };
    });
  }

  /**
   * A staging writer holding a copy of an object's bytes, with the object's stored hashes (the
   * bytes are the same, so nothing is read back or hashed), made under the object's lock.
   */
  async copyOf(opts: { bucket: string; name: string; generation?: string; preconditions?: Preconditions }): Promise<{ record: ObjectRecord; writer: HashingWriter }> {
    return this.locks.run(key(opts.bucket, opts.name), async () => {
      const record = this.object(opts.bucket, opts.name, { generation: opts.generation, preconditions: opts.preconditions, mode: 'read' });
      const staging = await this.backend.newStaging();
      try {
        await this.backend.copyObjectBytes(record, staging);
      } catch (err) {
        await staging.discard();
        throw err;
      }
      // A composite source has no MD5, and neither has its copy (commit stores none with a componentCount).
      return { record, writer: new HashingWriter(staging, { md5Hash: record.md5Hash ?? '', crc32c: record.crc32c }) };
    });
  }

  /** One page of a bucket listing. */
  list(bucket: string, q: ListQuery): { items: ObjectRecord[]; prefixes: string[]; nextPageToken?: string } {
    const objects = this.bucketObjects(bucket);
    let names = this.sorted.get(bucket);
    if (!names) {
      names = [...objects.keys()].sort(compareNames);
      this.sorted.set(bucket, names);
    }
    const page = listPage(names, q);
    return { items: page.names.map((n) => objects.get(n) as ObjectRecord), prefixes: page.prefixes, nextPageToken: page.nextPageToken };
  }

  /** Keeps the cached sorted name list in step (built lazily by {@link list}). */
  private sortedInsert(bucket: string, name: string): void {
    const names = this.sorted.get(bucket);
    if (names) names.splice(lowerBound(names, name), 0, name);
  }
  private sortedRemove(bucket: string, name: string): void {
    const names = this.sorted.get(bucket);
    if (!names) return;
    const i = lowerBound(names, name);
    if (names[i] === name) names.splice(i, 1);
  }

  private emit(eventType: EventType, object: ObjectRecord, related?: { overwroteGeneration?: string; overwrittenByGeneration?: string }): void {
    const bucket = this.buckets.get(object.bucket);
    if (!bucket || bucket.notifications.length === 0) return;
    if (!this.notifier) {
      this.log('WARNING', 'bucket has notification configs but no Pub/Sub is configured; event not sent', { bucket: bucket.name, eventType });
      return;
    }
    for (const m of messagesFor({ bucket, eventType, object, related, baseUrl: this.baseUrl })) this.notifier.publish(m);
  }

  async close(): Promise<void> {
    await this.notifier?.close();
    await this.backend.close();
  }
}
