/**
 * The memory backend: object bytes in buffers, nothing persisted. Generations and
 * metagenerations behave exactly as in the filesystem backend because they live in the service.
 */
import { Readable } from 'node:stream';
import type { BucketRecord, ObjectRecord } from '../model';
import type { ByteRange, LoadedState, Staging, StorageBackend, UploadSessionRecord } from './types';

class MemoryStaging implements Staging {
  private chunks: Buffer[] = [];
  size = 0;
  async append(chunk: Uint8Array): Promise<void> {
    // Copy: the caller may reuse its buffer.
    this.chunks.push(Buffer.from(chunk));
    this.size += chunk.length;
  }
  async readBack(): Promise<Readable> {
    return Readable.from([...this.chunks]);
  }
  async idle(): Promise<void> {}
  async discard(): Promise<void> {
    this.chunks = [];
    this.size = 0;
  }
  /** Takes a stored object's buffer as it is (stored buffers are never changed). */
  adopt(bytes: Buffer): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }
  /** The staged bytes as one buffer. */
  take(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.chunks = [];
    return all;
  }
}

/** Keeps everything in memory; state ends with the process. */
export class MemoryBackend implements StorageBackend {
  readonly kind = 'memory';
  private readonly data = new Map<string, Buffer>();
  private readonly key = (o: { bucket: string; name: string }): string => `${o.bucket}\0${o.name}`;

  async load(): Promise<LoadedState> {
    return { buckets: [], objects: [], uploads: [] };
  }
  async putBucket(_bucket: BucketRecord): Promise<void> {}
  async removeBucket(_name: string): Promise<void> {}
  async newStaging(_uploadId?: string): Promise<Staging> {
    return new MemoryStaging();
  }
  async putUploadSession(_session: UploadSessionRecord): Promise<void> {}
  async removeUploadSession(_id: string): Promise<void> {}

  async commitObject(record: ObjectRecord, staging: Staging): Promise<ObjectRecord> {
    if (!(staging instanceof MemoryStaging)) throw new TypeError('MemoryBackend.commitObject: staging comes from another backend');
    this.data.set(this.key(record), staging.take());
    return record;
  }
  async copyObjectBytes(record: ObjectRecord, staging: Staging): Promise<void> {
    if (!(staging instanceof MemoryStaging)) throw new TypeError('MemoryBackend.copyObjectBytes: staging comes from another backend');
    const bytes = this.data.get(this.key(record));
    if (!bytes) throw new Error(`memory backend lost the bytes of gs://${record.bucket}/${record.name}`);
    staging.adopt(bytes);
  }
  async putObjectMeta(_record: ObjectRecord): Promise<void> {}
  async removeObject(record: ObjectRecord): Promise<void> {
    this.data.delete(this.key(record));
  }
  async readObject(record: ObjectRecord, range?: ByteRange): Promise<Readable> {
    const bytes = this.data.get(this.key(record));
    if (!bytes) throw new Error(`memory backend lost the bytes of gs://${record.bucket}/${record.name}`);
    const slice = range ? bytes.subarray(range.start, range.end) : bytes;
    // Hand out in 1 MiB pieces so large objects stream with back-pressure.
    const step = 1 << 20;
    return Readable.from(
      (function* () {
        for (let i = 0; i < slice.length; i += step) yield slice.subarray(i, Math.min(slice.length, i + step));
      })(),
      { objectMode: false },
    );
  }
  async close(): Promise<void> {
    this.data.clear();
  }
}
