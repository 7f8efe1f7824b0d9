/**
 * Persistence: the broker records every change as a journal entry; a store keeps them so state
 * survives a restart. Two implementations: memory (nothing kept) and file (an append log plus a
 * snapshot, see ./file.ts).
 */
import type { StoredMessage, SubscriptionConfig, TopicConfig } from '../model';

/** One recorded change. */
export type JournalEntry =
  | { op: 'topic'; config: TopicConfig }
  | { op: 'deltopic'; name: string }
  | { op: 'sub'; config: SubscriptionConfig }
  | { op: 'delsub'; name: string }
  /** A message published to subscriptions `to` as [subscription, sequence]. */
  | { op: 'pub'; msg: StoredMessage; to: [string, number][] }
  /** A message left a subscription (acked, dead-lettered, expired). */
  | { op: 'rm'; sub: string; seq: number };

/** Receives changes as they happen. */
export interface Journal {
  record(entry: JournalEntry): void;
}

/** Everything needed to rebuild the broker. */
export interface StoreState {
  topics: TopicConfig[];
  subscriptions: SubscriptionConfig[];
  /** Unacked messages with the subscriptions that still hold them. */
  messages: { msg: StoredMessage; to: [string, number][] }[];
}

/** A place state is kept between runs. */
export interface Store extends Journal {
  /** Reads what the last run left; empty state for a new store. */
  load(): Promise<StoreState>;
  /** Writes everything recorded so far. */
  flush(): Promise<void>;
  /** Replaces the log with a snapshot of the state `snapshot()` returns, taken when nothing is in flight (compaction). */
  compact(snapshot: () => StoreState): Promise<void>;
  /** Bytes in the log since the last compaction. */
  readonly journalBytes: number;
  close(): Promise<void>;
}
