/** The memory store: nothing survives a restart. */
import type { JournalEntry, Store, StoreState } from './types';

/** A {@link Store} that keeps nothing. */
export class MemoryStore implements Store {
  record(_entry: JournalEntry): void {}
  async load(): Promise<StoreState> {
    return { topics: [], subscriptions: [], messages: [] };
  }
  async flush(): Promise<void> {}
  async compact(_state: StoreState): Promise<void> {}
  async close(): Promise<void> {}
}
