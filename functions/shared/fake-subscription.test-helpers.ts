/**
 * An in-memory subscription for unit tests of the drains: a nacked message comes back, an acked
 * one is gone, and {@link FakeSubscription.redeliverAcked} simulates Pub/Sub delivering a batch
 * again (at-least-once) after it was written.
 */
import type { MessageSource, PulledMessage } from './drain';

export class FakeSubscription implements MessageSource {
  readonly pending: PulledMessage[] = [];
  readonly outstanding = new Map<string, PulledMessage>();
  readonly acked: PulledMessage[] = [];
  private seq = 0;

  constructor(private readonly maxPerPull = 100) {}

  /** Queues a message (data as text or JSON value). */
  push(data: string | object, attributes: Record<string, string> = {}, publishTime = new Date('2026-11-22T10:00:00Z')): void {
    const n = ++this.seq;
    this.pending.push({
      ackId: `ack-${n}`,
      messageId: `m-${n}`,
      data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)),
      attributes,
      publishTime,
    });
  }

  async pull(max: number): Promise<PulledMessage[]> {
    const out = this.pending.splice(0, Math.min(max, this.maxPerPull));
    for (const m of out) this.outstanding.set(m.ackId, m);
    return out;
  }

  async ack(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const m = this.outstanding.get(id);
      if (!m) throw new Error(`ack of unknown ${id}`);
      this.outstanding.delete(id);
      this.acked.push(m);
    }
  }

  async nack(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const m = this.outstanding.get(id);
      if (!m) throw new Error(`nack of unknown ${id}`);
      this.outstanding.delete(id);
      this.pending.push({ ...m, ackId: `${m.ackId}'`, deliveryAttempt: (m.deliveryAttempt ?? 1) + 1 });
    }
  }

  /** Puts every acked message back (same message ids, new ack ids), as a redelivery would. */
  redeliverAcked(): void {
    for (const m of this.acked.splice(0)) this.pending.push({ ...m, ackId: `${m.ackId}r` });
  }
}
