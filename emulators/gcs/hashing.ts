/**
 * Receiving bytes into a staging area while computing the MD5 and CRC32C Cloud Storage reports,
 * and checking them against what the client declared (`x-goog-hash`, or `md5Hash`/`crc32c` in the
 * resource). Each byte is hashed once, as it streams to the staging file; nothing is read back
 * (except to re-hash a session recovered after a restart). CRC32C runs inline (hardware, cheap);
 * MD5 of large bodies runs on a worker thread (./md5.ts).
 */
import { crc32cBase64, crc32cUpdate } from './crc32c';
import { badRequest } from './errors';
import { Md5 } from './md5';
import type { Staging } from './store/types';

/** Hashes of received bytes. */
export interface Digests {
  readonly md5Hash: string;
  readonly crc32c: string;
}

/** A staging area that hashes what passes through it. */
export class HashingWriter {
  private md5 = new Md5();
  private crc = 0;
  /**
   * @param known the digests of bytes placed in `staging` by other means (a copy of an object,
   *   whose stored hashes hold); nothing is appended or hashed then.
   */
  constructor(
    readonly staging: Staging,
    private readonly known?: Digests,
  ) {}

  /** A writer over bytes staged earlier (a session recovered after a restart): re-hashes them first. */
  static async resume(staging: Staging): Promise<HashingWriter> {
    const w = new HashingWriter(staging);
    for await (const chunk of await staging.readBack()) {
      w.md5.update(chunk as Buffer);
      w.crc = crc32cUpdate(w.crc, chunk as Buffer);
    }
    return w;
  }

  /** Bytes received so far. */
  get size(): number {
    return this.staging.size;
  }

  /** Appends bytes; `chunk` must not change afterwards (hashing and the staging write may still hold it). */
  async append(chunk: Uint8Array): Promise<void> {
    this.crc = crc32cUpdate(this.crc, chunk);
    await this.md5.update(chunk);
    await this.staging.append(chunk);
  }

  /** Final digests (call once, at the end). */
  async digests(): Promise<Digests> {
    if (this.known) return this.known;
    return { md5Hash: await this.md5.digest(), crc32c: crc32cBase64(this.crc) };
  }

  /** Releases what is held between requests (a partly filled hash batch, the staging file handle). */
  async idle(): Promise<void> {
    await this.md5.flush();
    await this.staging.idle();
  }

  /** Drops the staged bytes and the hashing state (a failed or cancelled upload). */
  async discard(): Promise<void> {
    this.md5.drop();
    await this.staging.discard();
  }
}

/** Declared hashes from an `x-goog-hash` header (`crc32c=...,md5=...`). */
export function parseGoogHash(header: string | string[] | undefined): Partial<Digests> {
  const out: { md5Hash?: string; crc32c?: string } = {};
  for (const part of ([] as string[]).concat(header ?? []).join(',').split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim().toLowerCase();
    const value = part.slice(at + 1).trim();
    if (key === 'md5') out.md5Hash = value;
    else if (key === 'crc32c') out.crc32c = value;
  }
  return out;
}

/**
 * Checks the received bytes against declared hashes.
 * @throws GcsError 400 `invalid` naming the hash that differs, as GCS does.
 */
export function verifyDigests(actual: Digests, declared: Partial<Digests>): void {
  if (declared.md5Hash && declared.md5Hash !== actual.md5Hash) {
    throw badRequest(`Provided MD5 hash "${declared.md5Hash}" doesn't match calculated MD5 hash "${actual.md5Hash}".`);
  }
  if (declared.crc32c && declared.crc32c !== actual.crc32c) {
    throw badRequest(`Provided CRC32C "${declared.crc32c}" doesn't match calculated CRC32C "${actual.crc32c}".`);
  }
}
