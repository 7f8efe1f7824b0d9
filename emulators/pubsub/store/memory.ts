/** The memory store: nothing survives a restart. */
import type { JournalEntry, Store, StoreState } from './types';

/** A {@link Store} that keeps nothing. */
export class MemoryStore implements Store {
  record(_entry: JournalEntry): void {}
  async load(): Promise<StoreState> {
    return { topics: [], subscriptions: [], messages: [] };
  }
  async flush(): Promise<void> {}
  async compact(_snapshot: () => StoreState): Promise<void> {}
  readonly journalBytes = 0;
  async close(): Promise<void> {}
}
