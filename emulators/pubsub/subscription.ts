/**
 * One subscription's delivery engine: the messages it holds, who has which one leased, and when a
 * message becomes deliverable again. Rules, as in the service:
 * - a delivery leases a message for the consumer's ack deadline; an expired or nacked lease makes
 *   it deliverable again (after the retry policy's backoff when there is one);
 * - after `maxDeliveryAttempts` failed deliveries a message goes to the dead-letter topic;
 * - with message ordering, a message with an ordering key is delivered only after the previous
 *   one with that key was acked (or dead-lettered);
 * - with exactly-once delivery an ack id is valid once, for its lease only.
 * All state changes happen synchronously on the event loop; nothing here awaits.
 */
import { invalidArgument, PubSubError } from './errors';
import { status as Status } from '@grpc/grpc-js';
import { type StoredMessage, type SubscriptionConfig, durationMs, DEFAULT_RETENTION_MS } from './model';

/** Something that receives leased messages: a streaming pull, a waiting pull, a push worker. */
export interface Consumer {
  /** How many more messages and bytes it takes now. */
  room(): { messages: number; bytes: number };
  /** Hands over leased messages. */
  deliver(batch: Delivery[]): void;
  /** Lease length for messages it receives, in ms (already time-scaled). */
  ackDeadlineMs(): number;
  outstanding: number;
  outstandingBytes: number;
  /** Ends the consumer with an error (its subscription was deleted or detached). */
  end?(err: Error): void;
}

/** One message in one subscription. */
export interface Delivery {
  readonly seq: number;
  readonly msg: StoredMessage;
  /** Deliveries so far. */
  attempts: number;
  state: 'ready' | 'leased' | 'delayed' | 'waiting' | 'acked';
  ackId?: string;
  deadline: number;
  availableAt: number;
  consumer?: Consumer;
}

/** What a subscription needs from its broker. */
export interface SubscriptionContext {
  now(): number;
  /** Multiplier applied to every service duration (ack deadlines, backoffs); 1 = real time. */
  readonly timeScale: number;
  /** Forwards a message that ran out of delivery attempts; returns false when there is no dead-letter topic. */
  deadLetter(sub: Subscription, d: Delivery): boolean;
  /** A message left the subscription (acked, dead-lettered, expired), for persistence. */
  removed(sub: Subscription, seq: number): void;
  /** Asks for a dispatch soon. */
  wake(sub: Subscription): void;
}

let instances = 0;
const MAX_BATCH = 500;
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** A subscription and its messages. */
export class Subscription {
  readonly all = new Map<number, Delivery>();
  private ready: Delivery[] = [];
  private head = 0;
  private readonly leases = new Map<string, Delivery>();
  private readonly delayed = new Set<Delivery>();
  private readonly keyQueues = new Map<string, Delivery[]>();
  readonly consumers: Consumer[] = [];
  private rotate = 0;
  private readonly ackPrefix = `${(++instances).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  constructor(
    public config: SubscriptionConfig,
    private readonly ctx: SubscriptionContext,
    /** Compiled filter; undefined = every message. */
    public matches?: (attributes: Readonly<Record<string, string>>) => boolean,
  ) {}

  get name(): string {
    return this.config.name;
  }
  get ordered(): boolean {
    return this.config.enableMessageOrdering === true;
  }
  get exactlyOnce(): boolean {
    return this.config.enableExactlyOnceDelivery === true;
  }
  get hasDeadLetter(): boolean {
    return !!this.config.deadLetterPolicy?.deadLetterTopic;
  }
  get maxAttempts(): number {
    return this.config.deadLetterPolicy?.maxDeliveryAttempts || 5;
  }
  /** Default lease for pulls, scaled. */
  defaultDeadlineMs(): number {
    return (this.config.ackDeadlineSeconds || 10) * 1000 * this.ctx.timeScale;
  }
  get backlog(): number {
    return this.all.size - this.countAcked();
  }
  private countAcked(): number {
    let n = 0;
    for (const d of this.all.values()) if (d.state === 'acked') n++;
    return n;
  }

  /** Adds a newly published (or restored) message. */
  enqueue(seq: number, msg: StoredMessage, attempts = 0): void {
    const d: Delivery = { seq, msg, attempts, state: 'ready', deadline: 0, availableAt: 0 };
    this.all.set(seq, d);
    if (this.ordered && msg.orderingKey) {
      const q = this.keyQueues.get(msg.orderingKey);
      if (q) {
        d.state = 'waiting';
        q.push(d);
        return;
      }
      this.keyQueues.set(msg.orderingKey, []);
    }
    this.ready.push(d);
    this.ctx.wake(this);
  }

  addConsumer(c: Consumer): void {
    this.consumers.push(c);
    this.ctx.wake(this);
  }
  removeConsumer(c: Consumer): void {
    const i = this.consumers.indexOf(c);
    if (i >= 0) this.consumers.splice(i, 1);
  }

  private nextReady(): Delivery | undefined {
    while (this.head < this.ready.length) {
      const d = this.ready[this.head] as Delivery;
      if (d.state === 'ready') return d;
      this.head++;
    }
    return undefined;
  }
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
  }

  /** Leases ready messages to consumers with room, round-robin. */
  dispatch(): void {
    if (this.config.detached) return;
    let progress = true;
    while (progress && this.nextReady()) {
      progress = false;
      const n = this.consumers.length;
      for (let k = 0; k < n; k++) {
        const c = this.consumers[(this.rotate + k) % n];
        if (!c) continue;
        const batch = this.take(c);
        if (batch.length) {
          progress = true;
          c.deliver(batch);
        }
      }
      this.rotate = (this.rotate + 1) % Math.max(1, n);
    }
    this.compact();
  }

  /** Leases up to the consumer's room from the ready queue. */
  take(c: Consumer, limit = MAX_BATCH): Delivery[] {
    const room = c.room();
    const max = Math.min(limit, room.messages);
    const batch: Delivery[] = [];
    let bytes = 0;
    const now = this.ctx.now();
    const deadline = now + c.ackDeadlineMs();
    while (batch.length < max) {
      const d = this.nextReady();
      if (!d) break;
      if (batch.length > 0 && (bytes + d.msg.size > room.bytes || bytes + d.msg.size > MAX_RESPONSE_BYTES)) break;
      if (batch.length === 0 && room.bytes <= 0) break;
      this.head++;
      d.attempts++;
      d.state = 'leased';
      d.ackId = `${this.ackPrefix}-${d.seq}-${d.attempts}`;
      d.deadline = deadline;
      d.consumer = c;
      c.outstanding++;
      c.outstandingBytes += d.msg.size;
      this.leases.set(d.ackId, d);
      batch.push(d);
      bytes += d.msg.size;
    }
    return batch;
  }

  private endLease(d: Delivery): void {
    if (d.ackId) this.leases.delete(d.ackId);
    if (d.consumer) {
      d.consumer.outstanding--;
      d.consumer.outstandingBytes -= d.msg.size;
      d.consumer = undefined;
      this.ctx.wake(this);
    }
  }

  /** The message is done here (acked or dead-lettered): free its ordering key. */
  private finish(d: Delivery): void {
    d.state = 'acked';
    if (!this.config.retainAckedMessages) this.all.delete(d.seq);
    this.ctx.removed(this, d.seq);
    const key = d.msg.orderingKey;
    if (this.ordered && key) {
      const q = this.keyQueues.get(key);
      const next = q?.shift();
      if (next) {
        next.state = 'ready';
        this.ready.push(next);
        this.ctx.wake(this);
      } else this.keyQueues.delete(key);
    }
  }

  private checkAckIds(ackIds: readonly string[]): void {
    for (const id of ackIds) {
      if (typeof id !== 'string' || !id.startsWith(this.ackPrefix + '-') && !/^[0-9a-z]+-\d+-\d+$/.test(id)) {
        throw invalidArgument(`You have passed an invalid ack ID to the service (ack_id=${String(id)}).`);
      }
    }
  }

  private stale(ackId: string): Delivery | undefined {
    if (!ackId.startsWith(this.ackPrefix + '-')) return undefined;
    const seq = Number(ackId.split('-')[1]);
    return this.all.get(seq);
  }

  private eodFailure(bad: string[]): PubSubError | undefined {
    if (!bad.length) return undefined;
    const metadata: Record<string, string> = {};
    for (const id of bad) metadata[id] = 'PERMANENT_FAILURE_INVALID_ACK_ID';
    return new PubSubError(Status.INVALID_ARGUMENT, 'Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have expired or the acknowledgement ids were malformed.', {
      reason: 'EXACTLY_ONCE_ACKID_FAILURE',
      domain: 'pubsub.googleapis.com',
      metadata,
    });
  }

  /** Acknowledges; with exactly-once delivery, ack ids that are not a live lease fail. */
  ack(ackIds: readonly string[]): void {
    this.checkAckIds(ackIds);
    const bad: string[] = [];
    for (const id of ackIds) {
      let d = this.leases.get(id);
      if (!d && !this.exactlyOnce) {
        const s = this.stale(id);
        if (s && s.state !== 'acked' && s.state !== 'waiting') d = s;
      }
      if (!d) {
        if (this.exactlyOnce) bad.push(id);
        continue;
      }
      this.endLease(d);
      this.delayed.delete(d);
      this.finish(d);
    }
    const err = this.exactlyOnce ? this.eodFailure(bad) : undefined;
    if (err) throw err;
  }

  /** Extends leases (`seconds` > 0) or nacks them (0). */
  modifyAckDeadline(ackIds: readonly string[], seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 600) {
      throw invalidArgument(`Invalid ack deadline given: ${seconds}. The minimum deadline is 0 seconds and the maximum is 600 seconds.`);
    }
    this.checkAckIds(ackIds);
    const bad: string[] = [];
    const now = this.ctx.now();
    for (const id of ackIds) {
      const d = this.leases.get(id);
      if (!d) {
        if (this.exactlyOnce) bad.push(id);
        continue;
      }
      if (seconds > 0) d.deadline = now + seconds * 1000 * this.ctx.timeScale;
      else this.failed(d, now);
    }
    const err = this.exactlyOnce ? this.eodFailure(bad) : undefined;
    if (err) throw err;
  }

  /** Nacks one leased delivery (push worker), with an optional extra backoff in ms. */
  nack(d: Delivery, backoffMs = 0): void {
    if (d.state === 'leased') this.failed(d, this.ctx.now(), backoffMs);
  }

  /** A delivery failed (nack or expiry): dead-letter, back off, or make it ready again. */
  private failed(d: Delivery, now: number, extraBackoffMs = 0): void {
    this.endLease(d);
    if (this.hasDeadLetter && d.attempts >= this.maxAttempts && this.ctx.deadLetter(this, d)) {
      this.finish(d);
      return;
    }
    const backoff = Math.max(this.retryBackoffMs(d.attempts), extraBackoffMs);
    if (backoff > 0) {
      d.state = 'delayed';
      d.availableAt = now + backoff;
      this.delayed.add(d);
      return;
    }
    this.makeReady(d);
  }

  private makeReady(d: Delivery): void {
    d.state = 'ready';
    if (this.head > 0) this.ready[--this.head] = d;
    else this.ready.unshift(d);
    this.ctx.wake(this);
  }

  /** Exponential backoff of the retry policy (0 without one), scaled. */
  retryBackoffMs(attempts: number): number {
    const p = this.config.retryPolicy;
    if (!p) return 0;
    const min = durationMs(p.minimumBackoff, 10_000);
    const max = durationMs(p.maximumBackoff, 600_000);
    return Math.min(max, min * 2 ** Math.max(0, attempts - 1)) * this.ctx.timeScale;
  }

  /** Expires leases, releases backed-off messages, drops messages past retention. */
  tick(now: number): void {
    for (const d of this.leases.values()) if (d.deadline <= now) this.failed(d, now);
    for (const d of this.delayed) {
      if (d.availableAt <= now) {
        this.delayed.delete(d);
        this.makeReady(d);
      }
    }
  }

  /** Drops messages older than the retention duration. */
  sweep(now: number): void {
    const keep = durationMs(this.config.messageRetentionDuration, DEFAULT_RETENTION_MS) * this.ctx.timeScale;
    let changed = false;
    for (const d of this.all.values()) {
      if (d.msg.publishTime >= now - keep) break; // `all` is kept in publish order
      if (d.state !== 'acked') this.ctx.removed(this, d.seq);
      this.all.delete(d.seq);
      changed = true;
    }
    if (changed) this.rebuild();
  }

  /** Marks messages published before `timeMs` acked and the rest unacked (Seek to a time). */
  seek(timeMs: number): void {
    for (const d of this.all.values()) {
      if (d.msg.publishTime < timeMs) {
        if (d.state !== 'acked') this.ctx.removed(this, d.seq);
        d.state = 'acked';
      } else d.state = 'ready';
    }
    if (!this.config.retainAckedMessages) for (const [seq, d] of this.all) if (d.state === 'acked') this.all.delete(seq);
    this.rebuild();
  }

  /** Replaces every message with `list` (Seek to a snapshot); leases end. */
  reset(list: readonly { seq: number; msg: StoredMessage }[]): void {
    for (const d of this.all.values()) if (d.state !== 'acked') this.ctx.removed(this, d.seq);
    this.all.clear();
    this.rebuild();
    for (const { seq, msg } of list) this.enqueue(seq, msg);
  }

  /** Rebuilds queues from `all` (after seek or retention): every unacked message becomes ready. */
  private rebuild(): void {
    for (const d of this.leases.values()) this.endLease(d);
    this.leases.clear();
    this.delayed.clear();
    this.keyQueues.clear();
    this.ready = [];
    this.head = 0;
    const entries = [...this.all.values()].sort((a, b) => a.seq - b.seq);
    this.all.clear();
    for (const d of entries) {
      if (d.state === 'acked') this.all.set(d.seq, d);
      else this.enqueue(d.seq, d.msg, d.attempts);
    }
  }

  /** Unacked messages in order, for snapshots. */
  unacked(): Delivery[] {
    return [...this.all.values()].filter((d) => d.state !== 'acked');
  }
}
