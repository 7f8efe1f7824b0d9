/**
 * The log storage interface: one append-only log per partition, plus the small amount of
 * metadata (topics, committed group offsets) that must survive a restart. Implementations:
 * memory (`memory.ts`) and append-only segment files in a data dir (`files.ts`).
 */

/** A partition's log of record batches. */
export interface PartitionLog {
  /** First offset still in the log. */
  readonly logStartOffset: number;
  /** Offset the next appended record gets (the high watermark: every append is committed at once). */
  readonly nextOffset: number;
  /**
   * Appends one v2 batch (its base offset is rewritten in place) holding offsets
   * `nextOffset .. nextOffset + lastOffsetDelta`; returns the base offset given.
   */
  append(batch: Buffer, lastOffsetDelta: number, maxTimestamp: number): number;
  /** Batches from the one containing `offset` on, up to about `maxBytes` (always at least one batch when any exists). */
  read(offset: number, maxBytes: number): Buffer[];
  /** The first offset whose batch max timestamp is ≥ `timestamp`, or `nextOffset` when none. */
  offsetForTimestamp(timestamp: number): number;
  /** Visits every batch in offset order (used on start to rebuild idempotent producer state). */
  scan(visit: (batch: Buffer) => void): void;
}

/** Topic metadata kept across restarts. */
export interface TopicMeta {
  readonly name: string;
  readonly id: string;
  partitions: number;
  readonly configs: Record<string, string>;
}

/** One committed offset. */
export interface CommittedOffset {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string | null;
}

/** Where the broker keeps its logs and metadata. */
export interface Storage {
  loadTopics(): TopicMeta[];
  saveTopics(topics: readonly TopicMeta[]): void;
  openLog(topic: string, partition: number): PartitionLog;
  deleteTopic(topic: string): void;
  loadOffsets(): CommittedOffset[];
  /** Records commits (a later commit of the same group/topic/partition wins). */
  commitOffsets(offsets: readonly CommittedOffset[]): void;
  deleteGroup(group: string): void;
  close(): void;
}
