/**
 * Snapshots: CreateSnapshot captures a subscription's unacked messages; from then on every
 * message published to its topic is kept for it too, so Seek to the snapshot redelivers exactly
 * what the service would (unacked at creation, plus everything published since). Snapshots live
 * in memory (a restart forgets them) and expire after 7 days, as in the service.
 */
import type { Broker } from './broker';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from './errors';
import { type StoredMessage, timestamp } from './model';
import { checkName, checkProject, projectOf } from './names';

const LIFETIME_MS = 7 * 24 * 3600 * 1000;

interface SnapshotState {
  name: string;
  topic: string;
  expireMs: number;
  labels: Record<string, string>;
  messages: StoredMessage[];
}

/** The snapshots of one broker. */
export class Snapshots {
  private readonly all = new Map<string, SnapshotState>();

  constructor(private readonly broker: Broker) {
    broker.publishListeners.push((topic, msg) => {
      for (const s of this.all.values()) if (s.topic === topic) s.messages.push(msg);
    });
  }

  private view(s: SnapshotState): Record<string, unknown> {
    return { name: s.name, topic: s.topic, expireTime: timestamp(s.expireMs), labels: s.labels };
  }

  private get(name: string): SnapshotState {
    checkName(name, 'snapshots');
    const s = this.all.get(name);
    if (!s || s.expireMs <= this.broker.now()) throw notFound('Snapshot', name);
    return s;
  }

  create(req: { name: string; subscription: string; labels?: Record<string, string> }): Record<string, unknown> {
    checkName(req.name, 'snapshots');
    const sub = this.broker.subscription(req.subscription);
    if (this.all.has(req.name)) throw alreadyExists('Snapshot');
    if (!this.broker.topics.has(sub.config.topic)) throw failedPrecondition(`The topic of subscription ${sub.name} has been deleted; a snapshot needs its topic.`);
    const messages = sub.unacked().sort((a, b) => a.seq - b.seq).map((d) => d.msg);
    const s: SnapshotState = { name: req.name, topic: sub.config.topic, expireMs: this.broker.now() + LIFETIME_MS, labels: req.labels ?? {}, messages };
    this.all.set(req.name, s);
    return this.view(s);
  }

  getView(name: string): Record<string, unknown> {
    return this.view(this.get(name));
  }

  update(snapshot: { name: string; labels?: Record<string, string> }, paths: readonly string[]): Record<string, unknown> {
    const s = this.get(snapshot?.name);
    if (!paths.length) throw invalidArgument('The update_mask in the UpdateSnapshotRequest must be set.');
    for (const p of paths) {
      if (p === 'labels') s.labels = snapshot.labels ?? {};
      else throw invalidArgument(`Invalid update_mask provided in the UpdateSnapshotRequest: the field ${p} cannot be updated.`);
    }
    return this.view(s);
  }

  delete(name: string): void {
    this.get(name);
    this.all.delete(name);
  }

  list(project: string): string[] {
    const p = checkProject(project);
    return [...this.all.values()].filter((s) => projectOf(s.name) === p && s.expireMs > this.broker.now()).map((s) => s.name).sort();
  }

  listForTopic(topic: string): string[] {
    this.broker.topic(topic);
    return [...this.all.values()].filter((s) => s.topic === topic && s.expireMs > this.broker.now()).map((s) => s.name).sort();
  }

  /** Seek to a snapshot. */
  seek(subscription: string, snapshot: string): void {
    const sub = this.broker.subscription(subscription);
    const s = this.get(snapshot);
    if (s.topic !== sub.config.topic) throw failedPrecondition(`The snapshot ${snapshot} is of topic ${s.topic}, not of the subscription's topic ${sub.config.topic}.`);
    this.broker.resetSubscription(sub, s.messages);
  }

  /** Listing entries for `snapshots` fields of list responses. */
  views(names: string[]): Record<string, unknown>[] {
    return names.map((n) => this.view(this.all.get(n)!));
  }
}
