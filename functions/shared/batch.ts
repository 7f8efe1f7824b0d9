/**
 * Batching kept apart from the sink that writes a batch (STYLE.md, after Redpanda Connect).
 * A {@link Batcher} buffers items and says when its {@link BatchPolicy} asks for a flush: on
 * count, on bytes, or on the age of the oldest item. It never writes anything itself.
 */
import type { BatchPolicy } from '../../pipelines/types';

/** A buffered batch handed to a sink. */
export interface Batch<T> {
  readonly items: T[];
  readonly bytes: number;
  /** When the oldest item arrived (ms since epoch), or undefined for an empty batch. */
  readonly firstAt: number | undefined;
}

/** Why a batch is due. */
export type FlushReason = 'count' | 'bytes' | 'age' | 'final';

/** Accumulates items under a batch policy. Time comes from `now`, so tests drive it. */
export class Batcher<T> {
  private items: T[] = [];
  private bytes = 0;
  private firstAt: number | undefined;

  /**
   * @param policy limits; a flush is due when any is reached
   * @param now clock in ms. @default Date.now
   */
  constructor(
    private readonly policy: BatchPolicy,
    private readonly now: () => number = Date.now,
  ) {
    if (!(policy.count > 0) || !(policy.bytes > 0) || !(policy.ageMs >= 0)) {
      throw new RangeError(`batch policy needs count > 0, bytes > 0 and ageMs >= 0; got ${JSON.stringify(policy)}`);
    }
  }

  /** Number of buffered items. */
  get size(): number {
    return this.items.length;
  }

  /** Adds one item of `bytes` encoded size. */
  add(item: T, bytes: number): void {
    if (this.items.length === 0) this.firstAt = this.now();
    this.items.push(item);
    this.bytes += bytes;
  }

  /** The reason a flush is due now, or undefined if none is. */
  due(): FlushReason | undefined {
    if (this.items.length === 0) return undefined;
    if (this.items.length >= this.policy.count) return 'count';
    if (this.bytes >= this.policy.bytes) return 'bytes';
    if (this.firstAt !== undefined && this.now() - this.firstAt >= this.policy.ageMs) return 'age';
    return undefined;
  }

  /** Milliseconds until the age limit makes a flush due (0 if already due; Infinity when empty). */
  msUntilDue(): number {
    if (this.firstAt === undefined) return Infinity;
    return Math.max(0, this.firstAt + this.policy.ageMs - this.now());
  }

  /** Takes the buffered batch and starts a new one. */
  take(): Batch<T> {
    const batch: Batch<T> = { items: this.items, bytes: this.bytes, firstAt: this.firstAt };
    this.items = [];
    this.bytes = 0;
    this.firstAt = undefined;
    return batch;
  }
}
