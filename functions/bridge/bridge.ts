/**
 * The Kafka → Pub/Sub bridge: a kafkajs consumer group on each pipeline's `<id>.raw` that
 * publishes every record to Pub/Sub `<id>-raw` and commits a partition's offset only after every
 * record before it was accepted by Pub/Sub (at-least-once; a crash re-publishes at most the
 * records in flight). Record key → ordering key (when enabled); headers → attributes, plus
 * `kafka_topic`, `kafka_partition`, `kafka_offset`, `kafka_timestamp` and `kafka_key`.
 * Memory is bounded: each partition publishes `chunkSize` records at a time and at most
 * `partitionsConcurrently` partitions run at once. A rebalance revokes partitions between chunks;
 * offsets resolved so far are committed first, so the new owner starts where this one stopped.
 */
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { kafkaTopic, pubsubTopic } from '../../pipelines/naming';
import type { Logger } from '../shared/log';
import type { BridgeMessage, BridgePublisher } from './publisher';

/** Options of {@link startBridge}. */
export interface BridgeOptions {
  /** A kafkajs client for the cluster. */
  readonly kafka: Kafka;
  readonly publisher: BridgePublisher;
  /** Pipeline ids whose `<id>.raw` topics are bridged. */
  readonly pipelines: readonly string[];
  /** Consumer group id. @default 'tributary-bridge' */
  readonly groupId?: string;
  /** Use the record key as the Pub/Sub ordering key. @default false */
  readonly orderingKeys?: boolean;
  /** Records of one partition published at once before their offset is committed. @default 1000 */
  readonly chunkSize?: number;
  /** Partitions processed at the same time. @default 4 */
  readonly partitionsConcurrently?: number;
  /** Where to start a partition the group never committed. @default true (earliest) */
  readonly fromBeginning?: boolean;
  /** Consumer group session timeout: how soon a crashed bridge's partitions move to another. @default 30000 */
  readonly sessionTimeoutMs?: number;
  /** Delay before retrying a failed publish, doubled up to 10 s. @default 100 */
  readonly retryDelayMs?: number;
  readonly log: Logger;
}

/** A running bridge. */
export interface Bridge {
  /** Records accepted by Pub/Sub since start. */
  readonly published: () => number;
  /** Stops consuming, lets in-flight publishes finish or be abandoned uncommitted, and disconnects. */
  stop(): Promise<void>;
}

/** Thrown inside a batch when the bridge stops while a publish is still being retried. */
class StoppingError extends Error {
  override readonly name = 'StoppingError';
}

/** Pub/Sub attribute values are strings; header values may be buffers, strings or lists. */
function attributeValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(attributeValue).join(',');
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return v == null ? '' : String(v);
}

/** The Pub/Sub message for one Kafka record. */
export function toPubSubMessage(topic: string, partition: number, m: KafkaMessage, orderingKeys: boolean): BridgeMessage {
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    // Pub/Sub reserves the goog prefix for itself
    attributes[k.toLowerCase().startsWith('goog') ? `kafka_header_${k}` : k] = attributeValue(v);
  }
  attributes.kafka_topic = topic;
  attributes.kafka_partition = String(partition);
  attributes.kafka_offset = m.offset;
  attributes.kafka_timestamp = m.timestamp;
  const key = m.key && m.key.length > 0 ? m.key.toString('utf8') : undefined;
  if (key !== undefined) attributes.kafka_key = key;
  return { data: m.value ?? Buffer.alloc(0), attributes, orderingKey: orderingKeys ? key : undefined };
}

/** Starts the bridge; resolves once the consumer has joined its group. */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const byKafkaTopic = new Map(opts.pipelines.map((id) => [kafkaTopic(id), pubsubTopic(id, 'raw')]));
  const chunkSize = opts.chunkSize ?? 1000;
  const baseDelay = opts.retryDelayMs ?? 100;
  let stopping = false;
  let published = 0;
  const consumer: Consumer = opts.kafka.consumer({
    groupId: opts.groupId ?? 'tributary-bridge',
    maxWaitTimeInMs: 200,
    sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.max(100, Math.floor((opts.sessionTimeoutMs ?? 30_000) / 10)),
    // bounded fetch memory: what one fetch may bring, over all partitions
    maxBytes: 16 * 1024 * 1024,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  const log = opts.log.child({ component: 'kafka-bridge' });

  /** Publishes with retries until accepted; gives up only when the bridge stops. */
  const publishWithRetry = async (topic: string, message: BridgeMessage): Promise<void> => {
    for (let delay = baseDelay; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        await opts.publisher.publish(topic, message);
        return;
      } catch (err) {
        if (stopping) throw new StoppingError('bridge stopping; the record stays uncommitted');
        log.warn('publish failed; retrying', { topic, error: err, retryInMs: delay });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };

  const eachBatch = async (p: EachBatchPayload): Promise<void> => {
    const { batch } = p;
    const target = byKafkaTopic.get(batch.topic);
    if (!target) return;
    for (let i = 0; i < batch.messages.length; i += chunkSize) {
      if (!p.isRunning() || p.isStale() || stopping) return;
      const chunk = batch.messages.slice(i, i + chunkSize);
      await Promise.all(chunk.map((m) => publishWithRetry(target, toPubSubMessage(batch.topic, batch.partition, m, opts.orderingKeys ?? false))));
      published += chunk.length;
      p.resolveOffset(chunk[chunk.length - 1]!.offset);
      await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
      await p.heartbeat();
    }
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [...byKafkaTopic.keys()], fromBeginning: opts.fromBeginning ?? true });
  const joined = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => { off(); resolve(); });
  });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: opts.partitionsConcurrently ?? 4,
    eachBatch,
  });
  await joined;
  log.info('bridge running', { topics: [...byKafkaTopic.entries()].map(([k, v]) => `${k} -> ${v}`) });
  let stopped: Promise<void> | undefined;
  return {
    published: () => published,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await consumer.disconnect();
        await opts.publisher.close();
        log.info('bridge stopped', { published });
      })();
      return stopped;
    },
  };
}
