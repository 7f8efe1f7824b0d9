/**
 * The group coordinator: consumer groups and their committed offsets.
 */
import type { CommittedOffset, Storage } from '../storage/types';

/** Committed offsets and group membership. */
export class GroupCoordinator {
  private readonly offsets = new Map<string, Map<string, CommittedOffset>>();

  constructor(private readonly storage: Storage) {
    for (const o of storage.loadOffsets()) this.offsetsOf(o.group).set(`${o.topic}\0${o.partition}`, o);
  }

  private offsetsOf(group: string): Map<string, CommittedOffset> {
    let m = this.offsets.get(group);
    if (!m) this.offsets.set(group, (m = new Map()));
    return m;
  }

  /** Stores commits. */
  commit(list: readonly CommittedOffset[]): void {
    for (const o of list) this.offsetsOf(o.group).set(`${o.topic}\0${o.partition}`, o);
    this.storage.commitOffsets(list);
  }

  /** The committed offset of one partition, or undefined. */
  committed(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(group)?.get(`${topic}\0${partition}`);
  }

  /** Stops timers (on shutdown). */
  close(): void {}

  /** Every committed offset of a group. */
  committedAll(group: string): CommittedOffset[] {
    return [...(this.offsets.get(group)?.values() ?? [])];
  }
}
