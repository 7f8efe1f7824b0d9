/**
 * The drain loop (ARCHITECTURE §2): an HTTP function started by Cloud Scheduler pulls from its
 * subscription in a loop, buffers under a {@link BatchPolicy}, hands each due batch to a sink,
 * acks what the sink wrote and nacks what it could not, and returns before its time budget.
 * Nothing is acked before the write that protects it has succeeded (at-least-once).
 */
import type { BatchPolicy } from '../../pipelines/types';
import { Batcher, type FlushReason } from './batch';
import type { Logger } from './log';

/** A message pulled from a subscription. */
export interface PulledMessage {
  readonly ackId: string;
  readonly messageId: string;
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
  readonly publishTime?: Date;
  /** Delivery attempt when the subscription has a dead-letter policy. */
  readonly deliveryAttempt?: number;
}

/** Where a drain pulls from (a Pub/Sub subscription in practice; a fake in unit tests). */
export interface MessageSource {
  /** Pulls up to `max` messages; may return fewer or none when the subscription is empty. */
  pull(max: number): Promise<PulledMessage[]>;
  ack(ackIds: readonly string[]): Promise<void>;
  /** Makes the messages available again at once (modifyAckDeadline 0). */
  nack(ackIds: readonly string[]): Promise<void>;
}

/** What a sink did with a batch: ack ids it could not write (to nack); everything else is acked. */
export interface SinkResult {
  readonly failed: readonly string[];
  /** Free-form counters merged into the drain summary (e.g. `{ quarantined: 3 }`). */
  readonly counters?: Readonly<Record<string, number>>;
}

/** Writes one batch. Throwing fails the whole batch (every message is nacked). */
export type Sink = (batch: readonly PulledMessage[], reason: FlushReason) => Promise<SinkResult>;

/** Options of {@link drain}. */
export interface DrainOptions {
  readonly source: MessageSource;
  readonly sink: Sink;
  readonly policy: BatchPolicy;
  /** Stop pulling after this long; the last batch is flushed before returning. */
  readonly budgetMs: number;
  /** Return early once the source came back empty this many times in a row with nothing buffered. @default 2 */
  readonly idlePulls?: number;
  /** Clock. @default Date.now */
  readonly now?: () => number;
  /** Waits between empty pulls. @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: Logger;
}

/** What one drain invocation did; returned as the HTTP response body. */
export interface DrainSummary {
  pulled: number;
  written: number;
  nacked: number;
  batches: number;
  failedBatches: number;
  durationMs: number;
  stoppedBy: 'budget' | 'idle';
  counters: Record<string, number>;
}

/** Runs one drain invocation. */
export async function drain(opts: DrainOptions): Promise<DrainSummary> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const deadline = started + opts.budgetMs;
  const idleLimit = opts.idlePulls ?? 2;
  const batcher = new Batcher<PulledMessage>(opts.policy, now);
  const summary: DrainSummary = { pulled: 0, written: 0, nacked: 0, batches: 0, failedBatches: 0, durationMs: 0, stoppedBy: 'budget', counters: {} };

  const flush = async (reason: FlushReason) => {
    const { items } = batcher.take();
    if (items.length === 0) return;
    summary.batches++;
    let failed: ReadonlySet<string>;
    try {
      const result = await opts.sink(items, reason);
      failed = new Set(result.failed);
      for (const [k, v] of Object.entries(result.counters ?? {})) summary.counters[k] = (summary.counters[k] ?? 0) + v;
    } catch (err) {
      summary.failedBatches++;
      opts.log?.error('sink failed; nacking the batch for redelivery', { error: err, messages: items.length, reason });
      failed = new Set(items.map((m) => m.ackId));
    }
    const toAck = items.filter((m) => !failed.has(m.ackId)).map((m) => m.ackId);
    const toNack = items.filter((m) => failed.has(m.ackId)).map((m) => m.ackId);
    if (toAck.length) await opts.source.ack(toAck);
    if (toNack.length) await opts.source.nack(toNack);
    summary.written += toAck.length;
    summary.nacked += toNack.length;
  };

  let idle = 0;
  while (now() < deadline) {
    const messages = await opts.source.pull(Math.max(1, opts.policy.count - batcher.size));
    summary.pulled += messages.length;
    for (const m of messages) batcher.add(m, m.data.byteLength);
    const reason = batcher.due();
    if (reason) await flush(reason);
    if (messages.length > 0 || batcher.size > 0) {
      idle = 0;
      // An empty pull with a partial batch: wait for more, but no longer than the batch's age limit.
      if (messages.length === 0) await sleep(Math.min(batcher.msUntilDue(), 250, Math.max(0, deadline - now())));
    } else if (++idle >= idleLimit) {
      summary.stoppedBy = 'idle';
      break;
    }
  }
  await flush('final');
  summary.durationMs = now() - started;
  return summary;
}
