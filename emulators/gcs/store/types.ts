/**
 * The storage interface behind the emulator. The service keeps every record in memory and calls a
 * backend to persist records and hold object bytes; the memory backend keeps bytes in buffers, the
 * filesystem backend keeps them as plain files (see ../paths.ts). Backends hold no rules:
 * preconditions, generations and locking live in the service, so both backends behave the same
 * and one conformance suite covers both.
 */
import type { Readable } from 'node:stream';
import type { BucketRecord, ObjectRecord } from '../model';

/** Bytes being received, not yet an object. */
export interface Staging {
  /** Bytes appended so far. */
  readonly size: number;
  /** Appends bytes (resolves once they are durable enough to count in a resumable upload's offset). */
  append(chunk: Uint8Array): Promise<void>;
  /** Streams back what was staged so far (to re-hash a session recovered after a restart). */
  readBack(): Promise<Readable>;
  /** Releases what it holds open (a file handle) between requests; the next append reopens. */
  idle(): Promise<void>;
  /** Drops the staged bytes. */
  discard(): Promise<void>;
}

/** A resumable upload session as persisted. */
export interface UploadSessionRecord {
  readonly id: string;
  readonly bucket: string;
  readonly name: string;
  /** Writable fields given at initiation. */
  readonly fields: Record<string, unknown>;
  /** Preconditions from the initiating request's query. */
  readonly preconditions: Readonly<Record<string, string>>;
  /** Total size announced by `X-Upload-Content-Length`, if any. */
  readonly declaredSize?: number;
  readonly created: string;
}

/** Byte range, end exclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Everything a backend hands back at start. */
export interface LoadedState {
  readonly buckets: BucketRecord[];
  readonly objects: ObjectRecord[];
  readonly uploads: { session: UploadSessionRecord; staging: Staging }[];
}

/** Persistence for the emulator's records and object bytes. */
export interface StorageBackend {
  /** `memory` or `filesystem`. */
  readonly kind: string;
  /** Reads back persisted state (empty for memory). */
  load(): Promise<LoadedState>;
  putBucket(bucket: BucketRecord): Promise<void>;
  removeBucket(name: string): Promise<void>;
  /** A new staging area; with `uploadId` it belongs to a resumable session and survives restarts. */
  newStaging(uploadId?: string): Promise<Staging>;
  putUploadSession(session: UploadSessionRecord): Promise<void>;
  /** Forgets a session and its staging data. */
  removeUploadSession(id: string): Promise<void>;
  /**
   * Makes staged bytes the object's content, atomically replacing `previous` if given, and stores
   * the record. Returns the record as stored (the filesystem backend may set `dataPath`).
   */
  commitObject(record: ObjectRecord, staging: Staging, previous?: ObjectRecord): Promise<ObjectRecord>;
  /**
   * Fills a new, empty staging area with an object's bytes, without reading them through the
   * process where it can (the filesystem backend copies the file in the kernel). The caller holds
   * the object's lock, so the bytes are those of `record`.
   */
  copyObjectBytes(record: ObjectRecord, staging: Staging): Promise<void>;
  /** Stores changed metadata of an existing object. */
  putObjectMeta(record: ObjectRecord): Promise<void>;
  removeObject(record: ObjectRecord): Promise<void>;
  /** Opens the object's bytes (all, or a range) as a stream. Opening is immediate, so a later overwrite does not change what is read. */
  readObject(record: ObjectRecord, range?: ByteRange): Promise<Readable>;
  close(): Promise<void>;
}
