/**
 * The group coordinator: consumer groups (membership in `group.ts`) and their committed
 * offsets, which go through the storage so a data dir keeps them across restarts.
 */
import { ErrorCode } from '../protocol/errors';
import type { CommittedOffset, Storage } from '../storage/types';
import { Group } from './group';

/** Options of {@link GroupCoordinator}. */
export interface CoordinatorOptions {
  /** Wait for more members before the first generation of an empty group (group.initial.rebalance.delay.ms). @default 0 */
  readonly initialRebalanceDelayMs?: number;
  /** Session timeouts accepted (group.min/max.session.timeout.ms). @default [1000, 300000] */
  readonly sessionTimeoutRange?: readonly [number, number];
}

/** Groups and committed offsets. */
export class GroupCoordinator {
  readonly groups = new Map<string, Group>();
  private readonly offsets = new Map<string, Map<string, CommittedOffset>>();

  constructor(private readonly storage: Storage, readonly options: CoordinatorOptions = {}) {
    for (const o of storage.loadOffsets()) this.offsetsOf(o.group).set(`${o.topic}\0${o.partition}`, o);
  }

  /** The group, created empty when `create`. */
  group(id: string, create: boolean): Group | undefined {
    let g = this.groups.get(id);
    if (!g && create) this.groups.set(id, (g = new Group(id, this.options.initialRebalanceDelayMs ?? 0)));
    return g;
  }

  /** Whether a session timeout is within the accepted range. */
  validSessionTimeout(ms: number): boolean {
    const [min, max] = this.options.sessionTimeoutRange ?? [1000, 300_000];
    return ms >= min && ms <= max;
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

  /** Every committed offset of a group. */
  committedAll(group: string): CommittedOffset[] {
    return [...(this.offsets.get(group)?.values() ?? [])];
  }

  /** Ids of every group with members or committed offsets. */
  groupIds(): string[] {
    return [...new Set([...this.groups.keys(), ...[...this.offsets.entries()].filter(([, m]) => m.size > 0).map(([k]) => k)])];
  }

  /** DeleteGroups for one id. */
  deleteGroup(id: string): number {
    const g = this.groups.get(id);
    if (g && g.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!g && !this.offsets.get(id)?.size) return ErrorCode.GROUP_ID_NOT_FOUND;
    g?.close();
    this.groups.delete(id);
    this.offsets.delete(id);
    this.storage.deleteGroup(id);
    return ErrorCode.NONE;
  }

  /** Stops timers (on shutdown). */
  close(): void {
    for (const g of this.groups.values()) g.close();
  }
}
