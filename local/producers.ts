/**
 * Producers: send events to a pipeline's entry point, Kafka `<id>.raw` or Pub/Sub `<id>-raw`
 * (ARCHITECTURE §2), through the official clients, paced at a rate. Used by `tributary produce`
 * and by `tributary up` (one producer per pipeline).
 */
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { kafkaTopic, pubsubTopic } from '../pipelines/naming';

/** Where events go. */
export type ProduceTarget = { readonly kind: 'kafka'; readonly brokers: readonly string[] } | { readonly kind: 'pubsub'; readonly pubsub: PubSub };

/** A sink for one pipeline's raw events. */
export interface EventSink {
  send(events: readonly Buffer[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens a sink for pipeline `id` on the target. */
export async function openSink(id: string, target: ProduceTarget): Promise<EventSink> {
  if (target.kind === 'kafka') {
    const producer: Producer = new Kafka({ clientId: `tributary-produce-${id}`, brokers: [...target.brokers], logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const topic = kafkaTopic(id);
    return {
      send: async (events) => {
        await producer.send({ topic, messages: events.map((value) => ({ value })) });
      },
      close: () => producer.disconnect(),
    };
  }
  const topic: Topic = target.pubsub.topic(pubsubTopic(id, 'raw'), { batching: { maxMessages: 500, maxMilliseconds: 20 } });
  return {
    send: async (events) => {
      await Promise.all(events.map((data) => topic.publishMessage({ data })));
    },
    close: async () => {
      await topic.flush();
    },
  };
}

/** Options of {@link produce}. */
export interface ProduceOptions {
  readonly events: Iterable<Buffer> | AsyncIterable<Buffer>;
  readonly sink: EventSink;
  /** Events per second; 0 or unset sends as fast as the sink takes them. */
  readonly rate?: number;
  /** Stops when this signal aborts (Ctrl-C, --duration). */
  readonly signal?: AbortSignal;
  /** Called after each batch with the running total. */
  readonly onProgress?: (sent: number) => void;
  /** Sleep, injectable for tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock, injectable for tests. @default Date.now */
  readonly now?: () => number;
  /** Events per send. @default rate/20 (1 to 1,000), or 1,000 without a rate */
  readonly batchSize?: number;
}

/**
 * Sends events in small batches, holding the average at `rate` events/s (each batch waits until
 * its events are due). Resolves with the number sent.
 */
export async function produce(opts: ProduceOptions): Promise<number> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const rate = opts.rate && opts.rate > 0 ? opts.rate : 0;
  // About 20 batches a second at the rate, at least one event, at most 1,000.
  const batchSize = opts.batchSize ?? (rate ? Math.max(1, Math.min(1000, Math.round(rate / 20))) : 1000);
  const t0 = now();
  let sent = 0;
  let batch: Buffer[] = [];
  const flush = async () => {
    if (!batch.length) return;
    if (rate) {
      const due = t0 + ((sent + batch.length) / rate) * 1000;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
    }
    await opts.sink.send(batch);
    sent += batch.length;
    batch = [];
    opts.onProgress?.(sent);
  };
  for await (const e of opts.events) {
    if (opts.signal?.aborted) break;
    batch.push(e);
    if (batch.length >= batchSize) await flush();
  }
  if (!opts.signal?.aborted) await flush();
  return sent;
}
