/**
 * The broker: topics, subscriptions and publishing, the rules every API surface (gRPC, REST,
 * push) goes through. Validation and the service's errors live here, once; handlers only map
 * wire objects to calls. State changes are synchronous (no await in the middle of a change).
 */
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from './errors';
import { compileFilter } from './filter';
import { MAX_PUBLISH_BYTES, type StoredMessage, type SubscriptionConfig, type TopicConfig, durationMs, timestamp } from './model';
import { checkName, checkProject, projectOf } from './names';
import type { Journal, StoreState } from './store/types';
import { Snapshots } from './snapshots';
import { Subscription, type Delivery } from './subscription';

/** Options for {@link Broker}. */
export interface BrokerOptions {
  /** Multiplier on service durations (ack deadlines, backoffs, retention); 0.01 makes 10 s = 100 ms. @default 1 */
  readonly timeScale?: number;
  /** Where changes are recorded for restarts. @default none (memory only) */
  readonly journal?: Journal;
}

/** A published message as the API hands it in. */
export interface IncomingMessage {
  data?: Buffer | Uint8Array | string;
  attributes?: Record<string, string>;
  orderingKey?: string;
}

const DELETED_TOPIC = '_deleted-topic_';
const PAGE = 100;

/** Pages a sorted list of names with an offset token. */
export function page<T>(items: T[], pageSize: number | undefined, token: string | undefined): { items: T[]; next: string } {
  const start = token ? Number(token) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidArgument(`Invalid page token: ${token}`);
  const size = pageSize && pageSize > 0 ? pageSize : PAGE;
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? String(start + size) : '' };
}

/** Topics, subscriptions and their messages. */
export class Broker {
  readonly topics = new Map<string, { config: TopicConfig; subs: Set<string> }>();
  readonly subs = new Map<string, Subscription>();
  readonly timeScale: number;
  private nextId = 1;
  private nextSeq = 1;
  private readonly woken = new Set<Subscription>();
  private wakeScheduled = false;
  private journal?: Journal;

  /** Snapshots of subscriptions (see ./snapshots.ts). */
  readonly snapshots: Snapshots;

  constructor(options: BrokerOptions = {}) {
    this.timeScale = options.timeScale ?? 1;
    this.journal = options.journal;
    this.snapshots = new Snapshots(this);
  }

  now(): number {
    return Date.now();
  }

  private readonly ctx = {
    now: () => this.now(),
    timeScale: 0,
    deadLetter: (sub: Subscription, d: Delivery) => this.deadLetter(sub, d),
    removed: (sub: Subscription, seq: number) => this.journal?.record({ op: 'rm', sub: sub.name, seq }),
    wake: (sub: Subscription) => this.wake(sub),
  };

  private wake(sub: Subscription): void {
    this.woken.add(sub);
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      const subs = [...this.woken];
      this.woken.clear();
      for (const s of subs) s.dispatch();
    });
  }

  // ---- topics ----

  topic(name: string): { config: TopicConfig; subs: Set<string> } {
    checkName(name, 'topics');
    const t = this.topics.get(name);
    if (!t) throw notFound('Topic', name);
    return t;
  }

  createTopic(config: TopicConfig, restoring = false): TopicConfig {
    checkName(config.name, 'topics');
    if (this.topics.has(config.name)) throw alreadyExists('Topic');
    const stored: TopicConfig = { ...config, name: config.name, labels: config.labels ?? {} };
    this.topics.set(config.name, { config: stored, subs: new Set() });
    if (!restoring) this.journal?.record({ op: 'topic', config: stored });
    return stored;
  }

  updateTopic(config: TopicConfig, paths: readonly string[]): TopicConfig {
    const t = this.topic(config?.name);
    if (!paths.length) throw invalidArgument('The update_mask in the UpdateTopicRequest must be set.');
    for (const p of paths) {
      const key = p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      if (key === 'name') throw invalidArgument('Cannot update field: name');
      t.config[key] = config[key];
    }
    this.journal?.record({ op: 'topic', config: t.config });
    return t.config;
  }

  listTopics(project: string, pageSize?: number, token?: string): { topics: TopicConfig[]; nextPageToken: string } {
    const p = checkProject(project);
    const names = [...this.topics.keys()].filter((n) => projectOf(n) === p).sort();
    const r = page(names, pageSize, token);
    return { topics: r.items.map((n) => this.topics.get(n)!.config), nextPageToken: r.next };
  }

  listTopicSubscriptions(topic: string, pageSize?: number, token?: string): { subscriptions: string[]; nextPageToken: string } {
    const t = this.topic(topic);
    const r = page([...t.subs].sort(), pageSize, token);
    return { subscriptions: r.items, nextPageToken: r.next };
  }

  deleteTopic(name: string): void {
    const t = this.topic(name);
    for (const s of t.subs) {
      const sub = this.subs.get(s);
      if (sub) sub.config.topic = DELETED_TOPIC;
    }
    this.topics.delete(name);
    this.journal?.record({ op: 'deltopic', name });
  }

  // ---- publish ----

  /** Validates and publishes; returns message ids in order. */
  publish(topicName: string, messages: readonly IncomingMessage[] | undefined): string[] {
    const t = this.topic(topicName);
    if (!messages || messages.length === 0) {
      throw invalidArgument('The value for message_count is too small. You passed 0 in the request, but the minimum value is 1.');
    }
    let total = 0;
    const prepared: { data: Buffer; attributes: Record<string, string>; orderingKey: string; size: number }[] = [];
    for (const m of messages) {
      const data = m.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data as Uint8Array);
      const attributes = m.attributes ?? {};
      const keys = Object.keys(attributes);
      if (data.length === 0 && keys.length === 0) {
        throw invalidArgument('Some messages in the publish request are empty. Each message must contain a non-empty data field, or at least one attribute.');
      }
      if (keys.length > 100) throw invalidArgument(`The value for attribute_count is too large. You passed ${keys.length} in the request, but the maximum value is 100.`);
      let size = data.length + (m.orderingKey?.length ?? 0);
      for (const k of keys) {
        const v = String(attributes[k]);
        if (Buffer.byteLength(k) > 256) throw invalidArgument(`The value for attribute_key_size is too large. You passed ${Buffer.byteLength(k)} in the request, but the maximum value is 256.`);
        if (Buffer.byteLength(v) > 1024) throw invalidArgument(`The value for attribute_value_size is too large. You passed ${Buffer.byteLength(v)} in the request, but the maximum value is 1024.`);
        if (k.startsWith('goog')) throw invalidArgument(`The attribute key "${k}" is reserved (keys may not start with "goog").`);
        size += k.length + v.length;
      }
      if ((m.orderingKey?.length ?? 0) > 1024) throw invalidArgument('The ordering key is too long; the maximum is 1024 bytes.');
      total += size;
      prepared.push({ data, attributes, orderingKey: m.orderingKey ?? '', size });
    }
    if (total > MAX_PUBLISH_BYTES) {
      throw invalidArgument(`The value for request_size is too large. You passed ${total} in the request, but the maximum value is ${MAX_PUBLISH_BYTES}.`);
    }
    const now = this.now();
    return prepared.map((p) => this.deliver(topicName, { messageId: String(this.nextId++), publishTime: now, ...p }));
  }

  /** Called with every message published to a topic (snapshots keep what they will need). */
  readonly publishListeners: ((topic: string, msg: StoredMessage) => void)[] = [];

  /** Hands one message to the topic's subscriptions (those whose filter matches). */
  private deliver(topic: string, msg: StoredMessage): string {
    const to: [string, number][] = [];
    for (const l of this.publishListeners) l(topic, msg);
    for (const name of this.topics.get(topic)?.subs ?? []) {
      const sub = this.subs.get(name);
      if (!sub || sub.config.detached || (sub.matches && !sub.matches(msg.attributes))) continue;
      const seq = this.nextSeq++;
      sub.enqueue(seq, msg);
      to.push([name, seq]);
    }
    if (to.length) this.journal?.record({ op: 'pub', msg, to });
    return msg.messageId;
  }

  /** Forwards to the dead-letter topic with the service's attributes. */
  private deadLetter(sub: Subscription, d: Delivery): boolean {
    const dlt = sub.config.deadLetterPolicy?.deadLetterTopic ?? '';
    if (!this.topics.has(dlt)) return false;
    const ts = timestamp(d.msg.publishTime);
    const attributes = {
      ...d.msg.attributes,
      CloudPubSubDeadLetterSourceDeliveryCount: String(d.attempts),
      CloudPubSubDeadLetterSourceSubscription: sub.name.split('/')[3] as string,
      CloudPubSubDeadLetterSourceSubscriptionProject: projectOf(sub.name),
      CloudPubSubDeadLetterSourceTopicPublishTime: new Date(Number(ts.seconds) * 1000 + ts.nanos / 1e6).toISOString(),
    };
    this.deliver(dlt, { ...d.msg, messageId: String(this.nextId++), attributes, publishTime: this.now() });
    return true;
  }

  // ---- subscriptions ----

  subscription(name: string): Subscription {
    checkName(name, 'subscriptions');
    const s = this.subs.get(name);
    if (!s) throw notFound('Subscription', name);
    return s;
  }

  private validateSubscription(c: SubscriptionConfig): void {
    const ack = c.ackDeadlineSeconds ?? 0;
    if (ack !== 0 && (ack < 10 || ack > 600)) {
      throw invalidArgument(`Invalid ack deadline given: ${ack}. The minimum deadline is 10 seconds and the maximum is 600 seconds.`);
    }
    const dl = c.deadLetterPolicy;
    if (dl?.deadLetterTopic) {
      checkName(dl.deadLetterTopic, 'topics');
      const n = dl.maxDeliveryAttempts ?? 0;
      if (n !== 0 && (n < 5 || n > 100)) throw invalidArgument(`Invalid max_delivery_attempts given: ${n}. It must be between 5 and 100.`);
    }
    const rp = c.retryPolicy;
    if (rp) {
      const min = durationMs(rp.minimumBackoff, 10_000);
      const max = durationMs(rp.maximumBackoff, 600_000);
      if (min < 0 || max > 600_000 || min > max) throw invalidArgument('Invalid retry policy: backoffs must be between 0 and 600 seconds and minimum_backoff <= maximum_backoff.');
    }
    const ret = durationMs(c.messageRetentionDuration, 0);
    if (ret !== 0 && (ret < 600_000 || ret > 31 * 24 * 3600_000)) {
      throw invalidArgument('Invalid message_retention_duration: it must be between 10 minutes and 31 days.');
    }
    const endpoint = c.pushConfig?.pushEndpoint;
    if (endpoint && !/^https?:\/\//.test(endpoint)) throw invalidArgument(`Invalid push endpoint given (endpoint=${endpoint}). Refer to https://cloud.google.com/pubsub/subscriber#create_push_subscriptions for more information.`);
  }

  createSubscription(config: SubscriptionConfig, restoring = false): Subscription {
    checkName(config.name, 'subscriptions');
    if (!restoring) {
      checkName(config.topic, 'topics');
      if (this.subs.has(config.name)) throw alreadyExists('Subscription');
      if (!this.topics.has(config.topic)) throw notFound('Topic', config.topic);
      this.validateSubscription(config);
    }
    const stored: SubscriptionConfig = {
      ...config,
      ackDeadlineSeconds: config.ackDeadlineSeconds || 10,
      messageRetentionDuration: config.messageRetentionDuration ?? { seconds: String(7 * 24 * 3600), nanos: 0 },
      labels: config.labels ?? {},
      state: 'ACTIVE',
    };
    const sub = new Subscription(stored, { ...this.ctx, timeScale: this.timeScale }, compileFilter(config.filter ?? ''));
    this.subs.set(config.name, sub);
    this.topics.get(config.topic)?.subs.add(config.name);
    if (!restoring) this.journal?.record({ op: 'sub', config: stored });
    this.onSubscriptionChange?.(sub);
    return sub;
  }

  /** Called after a subscription is created or updated (the push manager listens). */
  onSubscriptionChange?: (sub: Subscription) => void;

  updateSubscription(config: SubscriptionConfig, paths: readonly string[]): SubscriptionConfig {
    const sub = this.subscription(config?.name);
    if (!paths.length) throw invalidArgument('The update_mask in the UpdateSubscriptionRequest must be set.');
    const next: SubscriptionConfig = { ...sub.config };
    for (const p of paths) {
      const key = p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      if (['name', 'topic', 'filter', 'enableMessageOrdering'].includes(key)) throw invalidArgument(`Invalid update_mask provided in the UpdateSubscriptionRequest: the field ${p} cannot be updated.`);
      next[key] = config[key];
    }
    this.validateSubscription(next);
    next.ackDeadlineSeconds = next.ackDeadlineSeconds || 10;
    sub.config = next;
    this.journal?.record({ op: 'sub', config: next });
    this.onSubscriptionChange?.(sub);
    return next;
  }

  listSubscriptions(project: string, pageSize?: number, token?: string): { subscriptions: SubscriptionConfig[]; nextPageToken: string } {
    const p = checkProject(project);
    const names = [...this.subs.keys()].filter((n) => projectOf(n) === p).sort();
    const r = page(names, pageSize, token);
    return { subscriptions: r.items.map((n) => this.subs.get(n)!.config), nextPageToken: r.next };
  }

  deleteSubscription(name: string): void {
    const sub = this.subscription(name);
    this.subs.delete(name);
    this.topics.get(sub.config.topic)?.subs.delete(name);
    sub.config = { ...sub.config, detached: true };
    for (const c of [...sub.consumers]) c.end?.(notFound('Subscription', name));
    this.journal?.record({ op: 'delsub', name });
    this.onSubscriptionChange?.(sub);
  }

  detachSubscription(name: string): void {
    const sub = this.subscription(name);
    this.topics.get(sub.config.topic)?.subs.delete(name);
    sub.config = { ...sub.config, detached: true, topic: DELETED_TOPIC };
    for (const c of [...sub.consumers]) c.end?.(failedPrecondition(`Subscription ${name} is detached.`));
    for (const d of sub.unacked()) this.journal?.record({ op: 'rm', sub: name, seq: d.seq });
    sub.all.clear();
    this.journal?.record({ op: 'sub', config: sub.config });
    this.onSubscriptionChange?.(sub);
  }

  /** A subscription that can be pulled from (exists, not detached). */
  pullable(name: string): Subscription {
    const sub = this.subscription(name);
    if (sub.config.detached) throw failedPrecondition(`Subscription ${name} is detached.`);
    return sub;
  }

  /** Replaces a subscription's messages with `messages` (Seek to a snapshot), as new sequence numbers. */
  resetSubscription(sub: Subscription, messages: readonly StoredMessage[]): void {
    const list = messages.filter((m) => !sub.matches || sub.matches(m.attributes)).map((msg) => ({ seq: this.nextSeq++, msg }));
    sub.reset(list);
    for (const { seq, msg } of list) this.journal?.record({ op: 'pub', msg, to: [[sub.name, seq]] });
  }

  /** Advances every subscription's clocks; called on a timer. */
  tick(sweep: boolean): void {
    const now = this.now();
    for (const s of this.subs.values()) {
      s.tick(now);
      if (sweep) s.sweep(now);
    }
  }

  /** Restores one message into subscriptions on start (from the journal). */
  restoreMessage(msg: StoredMessage, to: readonly [string, number][]): void {
    for (const [name, seq] of to) this.subs.get(name)?.enqueue(seq, msg);
    this.nextId = Math.max(this.nextId, Number(msg.messageId) + 1);
    for (const [, seq] of to) this.nextSeq = Math.max(this.nextSeq, seq + 1);
  }

  /** Everything a store needs to rebuild this broker: configs and unacked messages. */
  state(): StoreState {
    const messages = new Map<string, { msg: StoredMessage; to: [string, number][] }>();
    for (const sub of this.subs.values()) {
      for (const d of sub.unacked()) {
        const m = messages.get(d.msg.messageId) ?? { msg: d.msg, to: [] };
        m.to.push([sub.name, d.seq]);
        messages.set(d.msg.messageId, m);
      }
    }
    const list = [...messages.values()].sort((a, b) => (a.to[0]?.[1] ?? 0) - (b.to[0]?.[1] ?? 0));
    return { topics: [...this.topics.values()].map((t) => t.config), subscriptions: [...this.subs.values()].map((s) => s.config), messages: list };
  }

  /** Rebuilds from a store's state (on start, before any client connects). */
  restore(state: StoreState): void {
    for (const t of state.topics) this.createTopic(t, true);
    for (const s of state.subscriptions) this.createSubscription(s, true);
    const sorted = [...state.messages].sort((a, b) => Math.min(...a.to.map((x) => x[1])) - Math.min(...b.to.map((x) => x[1])));
    for (const m of sorted) this.restoreMessage(m.msg, m.to);
  }

  /** Sets the journal once restored state is loaded. */
  setJournal(journal: Journal | undefined): void {
    this.journal = journal;
  }
}
