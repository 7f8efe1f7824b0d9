/**
 * In-memory storage: batches kept in arrays per partition, metadata in plain objects. Also the
 * in-memory index the file storage builds on.
 */
import { BATCH } from '../protocol/records';
import type { CommittedOffset, PartitionLog, Storage, TopicMeta } from './types';

/** A partition log held in memory. */
export class MemoryLog implements PartitionLog {
  protected readonly batches: Buffer[] = [];
  protected readonly bases: number[] = [];
  protected readonly maxTimestamps: number[] = [];
  logStartOffset = 0;
  nextOffset = 0;

  append(batch: Buffer, lastOffsetDelta: number, maxTimestamp: number): number {
    const base = this.nextOffset;
    batch.writeBigInt64BE(BigInt(base), BATCH.BASE_OFFSET);
    this.index(batch, base, lastOffsetDelta, maxTimestamp);
    return base;
  }

  /** Adds an already-offset batch to the index (used when loading from disk too). */
  protected index(batch: Buffer, base: number, lastOffsetDelta: number, maxTimestamp: number): void {
    if (this.batches.length === 0) this.logStartOffset = base;
    this.batches.push(batch);
    this.bases.push(base);
    this.maxTimestamps.push(maxTimestamp);
    this.nextOffset = base + lastOffsetDelta + 1;
  }

  /** Index of the batch containing `offset` (the last batch whose base ≤ offset). */
  private find(offset: number): number {
    let lo = 0;
    let hi = this.bases.length - 1;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.bases[mid]! <= offset) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  read(offset: number, maxBytes: number): Buffer[] {
    if (offset >= this.nextOffset || this.batches.length === 0) return [];
    const out: Buffer[] = [];
    let size = 0;
    for (let i = this.find(offset); i < this.batches.length; i++) {
      const b = this.batches[i]!;
      if (out.length > 0 && size + b.length > maxBytes) break;
      out.push(b);
      size += b.length;
    }
    return out;
  }

  scan(visit: (batch: Buffer) => void): void {
    for (const b of this.batches) visit(b);
  }

  offsetForTimestamp(timestamp: number): number {
    for (let i = 0; i < this.batches.length; i++) {
      if (this.maxTimestamps[i]! >= timestamp) return this.bases[i]!;
    }
    return this.nextOffset;
  }
}

/** Storage that forgets everything when the process ends. */
export class MemoryStorage implements Storage {
  private topics: TopicMeta[] = [];
  private readonly offsets = new Map<string, CommittedOffset>();

  loadTopics(): TopicMeta[] { return this.topics.map((t) => ({ ...t })); }
  saveTopics(topics: readonly TopicMeta[]): void { this.topics = topics.map((t) => ({ ...t })); }
  openLog(): PartitionLog { return new MemoryLog(); }
  deleteTopic(): void {}
  loadOffsets(): CommittedOffset[] { return [...this.offsets.values()]; }
  commitOffsets(offsets: readonly CommittedOffset[]): void {
    for (const o of offsets) this.offsets.set(`${o.group}\0${o.topic}\0${o.partition}`, o);
  }
  deleteGroup(group: string): void {
    for (const [k, o] of this.offsets) if (o.group === group) this.offsets.delete(k);
  }
  close(): void {}
}
