/**
 * One consumer group's membership state machine, as Kafka's classic group protocol defines it:
 * Empty → PreparingRebalance (members (re)join) → CompletingRebalance (the leader computes
 * assignments and sends them in SyncGroup) → Stable; a join, leave or session expiry starts the
 * next rebalance. All transitions run synchronously on the event loop; waiting JoinGroup and
 * SyncGroup requests are callbacks answered when the transition they wait for happens.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/errors';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** Answer to a JoinGroup. */
export interface JoinResult {
  readonly error: number;
  readonly generation: number;
  readonly protocol: string;
  readonly leader: string;
  readonly memberId: string;
  readonly members: ReadonlyArray<{ memberId: string; instanceId: string | null; metadata: Buffer }>;
}

/** A JoinGroup request. */
export interface JoinRequest {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly clientId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: ReadonlyArray<{ name: string; metadata: Buffer }>;
}

/** A group member. */
export interface Member {
  readonly id: string;
  readonly instanceId: string | null;
  clientId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: ReadonlyArray<{ name: string; metadata: Buffer }>;
  assignment: Buffer;
  joinWaiter?: (r: JoinResult) => void;
  syncWaiter?: (r: { error: number; assignment: Buffer }) => void;
  sessionTimer?: NodeJS.Timeout;
}

const failedJoin = (error: number, memberId = ''): JoinResult => ({ error, generation: -1, protocol: '', leader: '', memberId, members: [] });

/** One classic consumer group. */
export class Group {
  state: GroupState = 'Empty';
  generation = 0;
  protocolType = '';
  protocol = '';
  leader = '';
  readonly members = new Map<string, Member>();
  private rebalanceTimer?: NodeJS.Timeout;

  constructor(readonly id: string, private readonly initialDelayMs: number) {}

  /** Handles a JoinGroup; `reply` is called now or when the rebalance completes. */
  join(req: JoinRequest, reply: (r: JoinResult) => void): void {
    if (this.protocolType && this.members.size > 0 && req.protocolType !== this.protocolType) return reply(failedJoin(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
    if (this.members.size > 0 && !req.protocols.some((p) => [...this.members.values()].every((m) => m.protocols.some((q) => q.name === p.name)))) {
      return reply(failedJoin(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
    }
    let member = req.memberId ? this.members.get(req.memberId) : undefined;
    if (req.memberId && !member) return reply(failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
    if (!member) {
      member = { id: `${req.clientId || 'member'}-${randomUUID()}`, instanceId: req.instanceId, clientId: req.clientId, sessionTimeoutMs: req.sessionTimeoutMs, rebalanceTimeoutMs: req.rebalanceTimeoutMs, protocols: req.protocols, assignment: Buffer.alloc(0) };
      this.members.set(member.id, member);
    } else {
      const unchanged = this.state === 'Stable' && member.protocols.length === req.protocols.length && member.protocols.every((p, i) => p.name === req.protocols[i]!.name && p.metadata.equals(req.protocols[i]!.metadata));
      member.protocols = req.protocols;
      member.sessionTimeoutMs = req.sessionTimeoutMs;
      member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
      if (unchanged && member.id !== this.leader) {
        // a follower rejoining with the same metadata in a stable group gets the current generation back
        return reply(this.joinResultFor(member));
      }
    }
    this.protocolType = req.protocolType;
    member.joinWaiter?.(failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, member.id));
    member.joinWaiter = reply;
    this.clearSession(member);
    if (this.state !== 'PreparingRebalance') this.prepareRebalance();
    else this.maybeCompleteJoin();
  }

  /** Starts a rebalance: every member must rejoin within the largest rebalance timeout. */
  prepareRebalance(): void {
    const wasEmpty = this.state === 'Empty';
    for (const m of this.members.values()) {
      if (m.syncWaiter) { m.syncWaiter({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) }); m.syncWaiter = undefined; }
    }
    this.state = 'PreparingRebalance';
    clearTimeout(this.rebalanceTimer);
    const timeout = Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.rebalanceTimer = setTimeout(() => this.completeJoin(), wasEmpty ? this.initialDelayMs : timeout);
    this.rebalanceTimer.unref();
    if (!wasEmpty) this.maybeCompleteJoin();
  }

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    if ([...this.members.values()].every((m) => m.joinWaiter)) {
      // let other joins that arrive in the same tick land in this generation
      clearTimeout(this.rebalanceTimer);
      this.rebalanceTimer = setTimeout(() => this.completeJoin(), 0);
    }
  }

  private completeJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    clearTimeout(this.rebalanceTimer);
    for (const m of [...this.members.values()]) if (!m.joinWaiter) this.remove(m, false);
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.generation++;
      this.leader = '';
      this.protocol = '';
      return;
    }
    this.generation++;
    this.state = 'CompletingRebalance';
    if (!this.members.has(this.leader)) this.leader = this.members.keys().next().value!;
    this.protocol = this.chooseProtocol();
    for (const m of this.members.values()) {
      const w = m.joinWaiter!;
      m.joinWaiter = undefined;
      m.assignment = Buffer.alloc(0);
      this.touch(m);
      w(this.joinResultFor(m));
    }
  }

  private joinResultFor(m: Member): JoinResult {
    const isLeader = m.id === this.leader;
    return {
      error: ErrorCode.NONE,
      generation: this.generation,
      protocol: this.protocol,
      leader: this.leader,
      memberId: m.id,
      members: isLeader ? [...this.members.values()].map((x) => ({ memberId: x.id, instanceId: x.instanceId, metadata: x.protocols.find((p) => p.name === this.protocol)?.metadata ?? Buffer.alloc(0) })) : [],
    };
  }

  /** The protocol every member supports, preferring the leader's order. */
  private chooseProtocol(): string {
    const all = [...this.members.values()];
    const leader = this.members.get(this.leader)!;
    return leader.protocols.find((p) => all.every((m) => m.protocols.some((q) => q.name === p.name)))?.name ?? leader.protocols[0]?.name ?? '';
  }

  /** Handles a SyncGroup; `reply` is called now or when the leader's assignment arrives. */
  sync(req: { memberId: string; generation: number; assignments: ReadonlyArray<{ memberId: string; assignment: Buffer }> }, reply: (r: { error: number; assignment: Buffer }) => void): void {
    const m = this.members.get(req.memberId);
    if (!m) return reply({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    if (req.generation !== this.generation) return reply({ error: ErrorCode.ILLEGAL_GENERATION, assignment: Buffer.alloc(0) });
    if (this.state === 'PreparingRebalance') return reply({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
    this.touch(m);
    if (this.state === 'Stable') return reply({ error: ErrorCode.NONE, assignment: m.assignment });
    m.syncWaiter = reply;
    if (m.id === this.leader) {
      for (const a of req.assignments) {
        const target = this.members.get(a.memberId);
        if (target) target.assignment = a.assignment;
      }
      this.state = 'Stable';
      for (const x of this.members.values()) {
        const w = x.syncWaiter;
        x.syncWaiter = undefined;
        w?.({ error: ErrorCode.NONE, assignment: x.assignment });
      }
    }
  }

  /** Heartbeat: refreshes the session and tells the member whether to rejoin. */
  heartbeat(memberId: string, generation: number): number {
    const m = this.members.get(memberId);
    if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generation !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(m);
    if (this.state === 'PreparingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    if (this.state === 'CompletingRebalance' || this.state === 'Stable') return ErrorCode.NONE;
    return ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** LeaveGroup for one member. */
  leave(memberId: string): number {
    const m = this.members.get(memberId);
    if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.remove(m, true);
    return ErrorCode.NONE;
  }

  /** Checks that a commit comes from a current member (generation -1 with no member: a standalone commit). */
  validateCommit(memberId: string, generation: number): number {
    if (generation < 0 && !memberId) return this.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    const m = this.members.get(memberId);
    if (!m) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generation !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    this.touch(m);
    return ErrorCode.NONE;
  }

  private remove(m: Member, rebalance: boolean): void {
    this.clearSession(m);
    this.members.delete(m.id);
    m.joinWaiter?.(failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, m.id));
    m.syncWaiter?.({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    m.joinWaiter = undefined;
    m.syncWaiter = undefined;
    if (!rebalance) return;
    if (this.members.size === 0 && this.state !== 'PreparingRebalance') {
      clearTimeout(this.rebalanceTimer);
      this.state = 'Empty';
      this.generation++;
      this.leader = '';
      this.protocol = '';
    } else if (this.state === 'PreparingRebalance') {
      this.maybeCompleteJoin();
      if (this.members.size === 0) this.completeJoin();
    } else {
      this.prepareRebalance();
    }
  }

  private clearSession(m: Member): void {
    clearTimeout(m.sessionTimer);
    m.sessionTimer = undefined;
  }

  /** Restarts a member's session timer; expiry removes it and rebalances. */
  private touch(m: Member): void {
    this.clearSession(m);
    m.sessionTimer = setTimeout(() => {
      if (this.members.get(m.id) === m && !m.joinWaiter) this.remove(m, true);
    }, m.sessionTimeoutMs);
    m.sessionTimer.unref();
  }

  /** Stops every timer (on shutdown or delete). */
  close(): void {
    clearTimeout(this.rebalanceTimer);
    for (const m of this.members.values()) this.clearSession(m);
  }
}
