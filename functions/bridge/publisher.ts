/**
 * The bridge's view of Pub/Sub: publish one message (with an optional ordering key) and resolve
 * once the service accepted it. The implementation over the official client batches
 * requests, and resumes an ordering key after a failed publish so the caller's retry can go
 * through (the client pauses a key when one of its publishes fails).
 */
import type { PubSub, Topic } from '@google-cloud/pubsub';

/** A message for Pub/Sub. */
export interface BridgeMessage {
  readonly data: Buffer;
  readonly attributes: Record<string, string>;
  readonly orderingKey?: string;
}

/** Publishes to Pub/Sub topics by id. */
export interface BridgePublisher {
  /** Resolves with the message id once the service accepted the message. */
  publish(topic: string, message: BridgeMessage): Promise<string>;
  /** Sends what is batched and releases the client. */
  close(): Promise<void>;
}

/** Options of {@link pubsubBridgePublisher}. */
export interface PubSubBridgePublisherOptions {
  /** Publish with message ordering (needed for ordering keys). @default false */
  readonly ordering?: boolean;
  /** Messages per publish request. @default 1000 */
  readonly maxMessages?: number;
  /** How long the client waits to fill a request, ms. @default 5 */
  readonly maxMilliseconds?: number;
}

/** A {@link BridgePublisher} over `@google-cloud/pubsub`. */
export function pubsubBridgePublisher(pubsub: PubSub, opts: PubSubBridgePublisherOptions = {}): BridgePublisher {
  const topics = new Map<string, Topic>();
  const topicOf = (id: string): Topic => {
    let t = topics.get(id);
    if (!t) {
      t = pubsub.topic(id, {
        messageOrdering: opts.ordering ?? false,
        batching: { maxMessages: opts.maxMessages ?? 1000, maxMilliseconds: opts.maxMilliseconds ?? 5, maxBytes: 9 * 1024 * 1024 },
      });
      topics.set(id, t);
    }
    return t;
  };
  return {
    async publish(topic, m) {
      const t = topicOf(topic);
      try {
        return await t.publishMessage({ data: m.data, attributes: m.attributes, orderingKey: m.orderingKey });
      } catch (err) {
        if (m.orderingKey) t.resumePublishing(m.orderingKey);
        throw err;
      }
    },
    async close() {
      await Promise.all([...topics.values()].map((t) => t.flush()));
    },
  };
}
