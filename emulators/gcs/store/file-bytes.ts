/**
 * An object's bytes read from its file. As a Readable it serves any consumer (copy, compose);
 * for media downloads {@link FileBytes.sendTo} writes the file to the response through two
 * buffers, reading the next piece while the last one is written, and returns them to a pool
 * shared by all downloads. A read stream allocates a
 * fresh 1 MiB buffer per piece instead, and in the emulator's process that garbage cost more CPU
 * than the copying itself (full collections of a heap holding the loaded modules).
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';

/** Bytes per read. */
const PIECE = 1 << 20;
/** Send buffers kept for reuse across downloads. */
const KEEP_FREE = 8;
const freeBuffers: Buffer[] = [];

/** Bytes that write themselves to a destination (see {@link FileBytes.sendTo}). */
export interface SendableBytes {
  sendTo(dest: Writable): Promise<void>;
}

/** True for streams that can {@link SendableBytes.sendTo} (the HTTP layer uses it for media). */
export const isSendable = (s: unknown): s is SendableBytes => typeof (s as Partial<SendableBytes> | undefined)?.sendTo === 'function';

const shortFile = (path: string, at: number): Error => new Error(`object file ${path} ended at byte ${at}, before the size its record gives; rewrite or delete the object`);

/** Bytes `[start, end)` of an open file; closes the file when done or destroyed. */
export class FileBytes extends Readable implements SendableBytes {
  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    private pos: number,
    private readonly end: number,
  ) {
    super({ highWaterMark: PIECE });
  }

  override _read(): void {
    const len = Math.min(PIECE, this.end - this.pos);
    if (len <= 0) {
      this.push(null);
      return;
    }
    const buf = Buffer.allocUnsafe(len);
    this.handle.read(buf, 0, len, this.pos).then(
      ({ bytesRead }) => {
        if (bytesRead === 0) return this.destroy(shortFile(this.path, this.pos));
        this.pos += bytesRead;
        this.push(bytesRead < len ? buf.subarray(0, bytesRead) : buf);
      },
      (err: Error) => this.destroy(err),
    );
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.handle.close().then(
      () => cb(err),
      (closeErr: Error) => cb(err ?? closeErr),
    );
  }

  /**
   * Writes the bytes to `dest` and ends it; use instead of reading the stream, not as well.
   * Rejects if `dest` fails or closes first (the client went away).
   */
  async sendTo(dest: Writable): Promise<void> {
    // Allocated when first needed (a small object needs one) and returned to the pool at the end.
    const bufs: Buffer[] = [];
    let gone: ((err: Error) => void) | undefined;
    const closed = new Promise<never>((_, reject) => (gone = reject));
    closed.catch(() => undefined);
    const onClose = (): void => gone?.(new Error('the client closed the connection before the download finished'));
    dest.once('close', onClose);
    // Stays attached: an 'error' with no listener would crash the process (the caller destroys dest).
    dest.on('error', (err) => gone?.(err));
    const write = (chunk: Buffer): Promise<void> =>
      Promise.race([closed, new Promise<void>((resolve, reject) => dest.write(chunk, (err) => (err ? reject(err) : resolve())))]);
    try {
      let inFlight: Promise<void> | undefined;
      for (let i = 0; this.pos < this.end; i++) {
        const buf = (bufs[i & 1] ??= freeBuffers.pop() ?? Buffer.allocUnsafeSlow(PIECE));
        const { bytesRead } = await this.handle.read(buf, 0, Math.min(buf.length, this.end - this.pos), this.pos);
        if (bytesRead === 0) throw shortFile(this.path, this.pos);
        this.pos += bytesRead;
        // The other buffer must be written out before it is read into again.
        await inFlight;
        inFlight = write(bytesRead < buf.length ? buf.subarray(0, bytesRead) : buf);
        // Awaited after the next read; until then a failure must not count as unhandled.
        inFlight.catch(() => undefined);
      }
      await inFlight;
      // Every write has completed: the buffers are free again.
      for (const b of bufs.splice(0)) if (freeBuffers.length < KEEP_FREE) freeBuffers.push(b);
      await new Promise<void>((resolve, reject) => {
        dest.end(() => resolve());
        void closed.catch(reject);
      });
    } finally {
      dest.off('close', onClose);
      this.destroy();
    }
  }
}
