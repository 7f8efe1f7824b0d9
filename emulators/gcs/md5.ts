/**
 * MD5 of received bytes, off the request thread for large bodies. MD5 is the costliest thing an
 * upload does in the emulator (~2 ms of CPU per MB, more than receiving and writing the bytes
 * together, and serial by design), so bodies past {@link INLINE_LIMIT} are hashed on one shared
 * worker thread while the request thread keeps receiving and writing: the bytes are copied into
 * recycled 1 MiB batches that are transferred (not cloned) to the worker and handed back once
 * hashed; at most {@link BATCHES} per hash are in flight, which bounds memory and slows the
 * upload to the worker's pace if it falls behind. Small bodies are hashed inline as they arrive,
 * so they pay no worker round trip (a body that grows past the limit is re-hashed from its start
 * on the worker: at most 1 MiB of extra work). Callers drop a hash they abandon ({@link Md5.drop}).
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Bodies up to this size are hashed on the calling thread. */
const INLINE_LIMIT = 1 << 20;
/** Bytes per batch sent to the worker, batches one hash may have in flight, and free batches kept for reuse. */
const BATCH = 1 << 20;
const BATCHES = 4;
const KEEP_FREE = 8;

/** Batches handed back by the worker, shared by all hashes. */
const freeBatches: ArrayBuffer[] = [];

/** The worker: plain JavaScript (no TypeScript loader in the thread), one MD5 per job id. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'update') {
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash('md5')));
    h.update(new Uint8Array(m.buf, 0, m.len));
    parentPort.postMessage({ type: 'free', id: m.id, buf: m.buf }, [m.buf]);
  } else if (m.type === 'digest') {
    const h = hashes.get(m.id) || createHash('md5');
    hashes.delete(m.id);
    parentPort.postMessage({ type: 'digest', id: m.id, digest: h.digest('base64') });
  } else if (m.type === 'drop') hashes.delete(m.id);
});`;

type Reply = { type: 'free'; id: number; buf: ArrayBuffer } | { type: 'digest'; id: number; digest: string } | { type: 'failed'; error: Error };

/** The shared worker, started on first use; referenced only while some hash uses it. */
const shared = new (class {
  private worker?: Worker;
  private readonly jobs = new Map<number, (r: Reply) => void>();
  private nextId = 1;

  open(onReply: (r: Reply) => void): number {
    const id = this.nextId++;
    this.jobs.set(id, onReply);
    const w = this.started();
    if (this.jobs.size === 1) w.ref();
    return id;
  }
  close(id: number): void {
    if (!this.jobs.delete(id)) return;
    this.worker?.postMessage({ type: 'drop', id });
    if (this.jobs.size === 0) this.worker?.unref();
  }
  post(message: object, transfer: ArrayBuffer[] = []): void {
    this.started().postMessage(message, transfer);
  }
  private started(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    w.unref();
    w.on('message', (r: Reply) => {
      if (r.type !== 'failed') this.jobs.get(r.id)?.(r);
    });
    const fail = (error: Error): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const jobs = [...this.jobs.values()];
      this.jobs.clear();
      for (const j of jobs) j({ type: 'failed', error });
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the MD5 worker thread exited with code ${code}`)));
    return (this.worker = w);
  }
})();

/**
 * An incremental MD5. Chunks passed to {@link update} must not change afterwards (the staging
 * write stream holds them too).
 */
export class Md5 {
  /** The hash on this thread, while the body is small. */
  private inline?: Hash;
  /** What the inline hash has seen, to hand to the worker if the body grows past {@link INLINE_LIMIT}. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private job?: number;
  private failure?: Error;
  private inFlight = 0;
  private waiting?: () => void;
  private fill?: Uint8Array;
  private filled = 0;
  private result?: { resolve: (d: string) => void; reject: (e: Error) => void };

  /** Adds bytes; resolves at once unless every batch is in flight to the worker. */
  async update(chunk: Uint8Array): Promise<void> {
    if (this.job === undefined) {
      if (this.pendingBytes + chunk.length <= INLINE_LIMIT) {
        // Hashed now, while the next chunk is on its way, not all at the end.
        (this.inline ??= createHash('md5')).update(chunk);
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        return;
      }
      this.startJob();
      const earlier = this.pending;
      this.pending = [];
      for (const c of earlier) await this.copyIn(c);
    }
    await this.copyIn(chunk);
  }

  /** The base64 digest (call once, at the end). */
  async digest(): Promise<string> {
    if (this.job === undefined) return (this.inline ?? createHash('md5')).digest('base64');
    if (this.failure) throw this.failure;
    if (this.filled) this.send();
    const id = this.job;
    const done = new Promise<string>((resolve, reject) => (this.result = { resolve, reject }));
    shared.post({ type: 'digest', id });
    try {
      return await done;
    } finally {
      this.drop();
    }
  }

  /**
   * Hands everything received so far to the worker, so a hash that waits (a resumable session
   * between chunks, perhaps abandoned) holds no bytes.
   */
  async flush(): Promise<void> {
    if (this.job === undefined) {
      if (this.pendingBytes === 0) return;
      this.startJob();
      const earlier = this.pending;
      this.pending = [];
      for (const c of earlier) await this.copyIn(c);
    }
    if (this.filled) this.send();
  }

  /** Moves to the worker, which re-hashes what the inline hash saw (at most {@link INLINE_LIMIT}). */
  private startJob(): void {
    this.job = shared.open((r) => this.onReply(r));
    this.inline = undefined;
    this.pendingBytes = 0;
  }

  /** Forgets the hash (an upload that was cancelled or failed). */
  drop(): void {
    if (this.job === undefined) return;
    shared.close(this.job);
    this.inFlight = 0;
    this.waiting?.();
  }

  private onReply(r: Reply): void {
    if (r.type === 'free') {
      if (freeBatches.length < KEEP_FREE) freeBatches.push(r.buf);
      this.inFlight--;
      this.waiting?.();
    } else if (r.type === 'digest') this.result?.resolve(r.digest);
    else {
      this.failure = r.error;
      this.waiting?.();
      this.result?.reject(r.error);
    }
  }

  private async copyIn(chunk: Uint8Array): Promise<void> {
    for (let off = 0; off < chunk.length; ) {
      if (!this.fill) this.fill = new Uint8Array(await this.batch());
      const n = Math.min(chunk.length - off, BATCH - this.filled);
      this.fill.set(chunk.subarray(off, off + n), this.filled);
      this.filled += n;
      off += n;
      if (this.filled === BATCH) this.send();
    }
  }

  /** A batch buffer, waiting for the worker to hand one back while {@link BATCHES} are in flight. */
  private async batch(): Promise<ArrayBuffer> {
    while (this.inFlight >= BATCHES) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
    if (this.failure) throw this.failure;
    return freeBatches.pop() ?? new ArrayBuffer(BATCH);
  }

  private send(): void {
    const buf = (this.fill as Uint8Array).buffer as ArrayBuffer;
    shared.post({ type: 'update', id: this.job, buf, len: this.filled }, [buf]);
    this.inFlight++;
    this.fill = undefined;
    this.filled = 0;
  }
}
