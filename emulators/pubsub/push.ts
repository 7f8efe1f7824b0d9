/**
 * Push subscriptions: each subscription with a `pushConfig.pushEndpoint` gets a worker that
 * leases messages like any consumer and POSTs them to the endpoint in the standard push envelope
 *   {"message":{"data","attributes","messageId","message_id","publishTime","publish_time","orderingKey"},
 *    "subscription", "deliveryAttempt"}
 * (or, with `noWrapper`, the raw data with `x-goog-pubsub-*` headers when `writeMetadata`).
 * 102, 200, 201, 202 and 204 ack; anything else, a timeout (the ack deadline) or a refused
 * connection nacks: the retry policy's backoff applies, otherwise the push backoff (100 ms
 * doubling to 60 s, time-scaled), and dead-lettering after max delivery attempts.
 * At most `concurrency` requests are in flight per subscription (one per ordering key).
 */
import type { Broker } from './broker';
import type { Logger } from './log';
import type { Consumer, Delivery, Subscription } from './subscription';

const ACK_STATUSES = new Set([102, 200, 201, 202, 204]);

/** Options for {@link PushManager}. */
export interface PushOptions {
  readonly broker: Broker;
  readonly log: Logger;
  /** Requests in flight per subscription. @default 32 */
  readonly concurrency?: number;
}

/** The push envelope of one delivery. */
export function pushEnvelope(d: Delivery, sub: Subscription): Record<string, unknown> {
  const publishTime = new Date(d.msg.publishTime).toISOString();
  const message: Record<string, unknown> = {
    data: d.msg.data.toString('base64'),
    attributes: d.msg.attributes,
    messageId: d.msg.messageId,
    message_id: d.msg.messageId,
    publishTime,
    publish_time: publishTime,
  };
  if (d.msg.orderingKey) message.orderingKey = d.msg.orderingKey;
  const envelope: Record<string, unknown> = { message, subscription: sub.name };
  if (sub.hasDeadLetter) envelope.deliveryAttempt = d.attempts;
  return envelope;
}

/** Starts and stops push workers as subscriptions change. */
export class PushManager {
  private readonly workers = new Map<Subscription, Consumer & { endpoint: string }>();
  private closed = false;

  constructor(private readonly options: PushOptions) {
    options.broker.onSubscriptionChange = (sub) => this.update(sub);
  }

  /** Adds, replaces or removes the worker of `sub` to match its config. */
  update(sub: Subscription): void {
    const endpoint = sub.config.pushConfig?.pushEndpoint ?? '';
    const live = !this.closed && !sub.config.detached && this.options.broker.subs.get(sub.name) === sub && endpoint !== '';
    const current = this.workers.get(sub);
    if (current && (!live || current.endpoint !== endpoint)) {
      sub.removeConsumer(current);
      this.workers.delete(sub);
    }
    if (live && !this.workers.has(sub)) {
      const worker = this.worker(sub, endpoint);
      this.workers.set(sub, worker);
      sub.addConsumer(worker);
    }
  }

  private worker(sub: Subscription, endpoint: string): Consumer & { endpoint: string } {
    const limit = this.options.concurrency ?? 32;
    const w: Consumer & { endpoint: string } = {
      endpoint,
      outstanding: 0,
      outstandingBytes: 0,
      room: () => ({ messages: limit - w.outstanding, bytes: Number.MAX_SAFE_INTEGER }),
      ackDeadlineMs: () => sub.defaultDeadlineMs(),
      deliver: (batch) => {
        for (const d of batch) void this.send(sub, d, endpoint, w.ackDeadlineMs());
      },
    };
    return w;
  }

  private async send(sub: Subscription, d: Delivery, endpoint: string, timeoutMs: number): Promise<void> {
    const ackId = d.ackId as string;
    let status = 0;
    let error: string | undefined;
    try {
      const res = await fetch(endpoint, { ...this.request(sub, d), signal: AbortSignal.timeout(Math.max(1, timeoutMs)) });
      status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      error = (err as Error).message;
    }
    if (d.ackId !== ackId || d.state !== 'leased') return; // expired (and maybe redelivered) meanwhile
    if (ACK_STATUSES.has(status)) {
      sub.ack([ackId]);
      return;
    }
    this.options.log('DEBUG', 'push delivery failed; will retry', { subscription: sub.name, endpoint, status, error, attempt: d.attempts });
    const pushBackoff = Math.min(60_000, 100 * 2 ** Math.max(0, d.attempts - 1)) * this.options.broker.timeScale;
    sub.nack(d, sub.config.retryPolicy ? 0 : pushBackoff);
  }

  private request(sub: Subscription, d: Delivery): { method: string; headers: Record<string, string>; body: Buffer | string } {
    const noWrapper = sub.config.pushConfig?.noWrapper;
    if (!noWrapper) return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pushEnvelope(d, sub)) };
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (noWrapper.writeMetadata) {
      for (const [k, v] of Object.entries(d.msg.attributes)) headers[`x-goog-pubsub-${k.toLowerCase()}`] = v;
      headers['x-goog-pubsub-subscription-name'] = sub.name;
      headers['x-goog-pubsub-message-id'] = d.msg.messageId;
      headers['x-goog-pubsub-publish-time'] = new Date(d.msg.publishTime).toISOString();
      if (d.msg.orderingKey) headers['x-goog-pubsub-ordering-key'] = d.msg.orderingKey;
    }
    return { method: 'POST', headers, body: d.msg.data };
  }

  /** Stops every worker (in-flight requests finish or time out). */
  close(): void {
    this.closed = true;
    for (const [sub, w] of this.workers) sub.removeConsumer(w);
    this.workers.clear();
  }
}
