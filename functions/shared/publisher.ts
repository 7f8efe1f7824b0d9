/**
 * Publishing to Pub/Sub behind a small interface, so function logic is tested with a fake and
 * integration-tested through the official client (`@google-cloud/pubsub`; the emulator is found
 * through `PUBSUB_EMULATOR_HOST`).
 */
import type { PubSub, Topic } from '@google-cloud/pubsub';

/** One message to publish. */
export interface OutgoingMessage {
  readonly data: Buffer;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Publishes messages to a topic (id or full name); resolves with the message ids once the service accepted all. */
export interface Publisher {
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<string[]>;
}

/** Options of {@link pubsubPublisher}. */
export interface PubSubPublisherOptions {
  /** Messages per publish request. @default 500 */
  readonly maxMessages?: number;
  /** How long the client waits to fill a request. @default 10 */
  readonly maxMilliseconds?: number;
}

/** A {@link Publisher} over the official client; topics are cached per name. */
export function pubsubPublisher(pubsub: PubSub, opts: PubSubPublisherOptions = {}): Publisher & { flush(): Promise<void> } {
  const topics = new Map<string, Topic>();
  const topicOf = (name: string) => {
    let t = topics.get(name);
    if (!t) {
      t = pubsub.topic(name, { batching: { maxMessages: opts.maxMessages ?? 500, maxMilliseconds: opts.maxMilliseconds ?? 10 } });
      topics.set(name, t);
    }
    return t;
  };
  return {
    async publish(topic, messages) {
      const t = topicOf(topic);
      return Promise.all(messages.map((m) => t.publishMessage({ data: m.data, attributes: m.attributes ? { ...m.attributes } : undefined })));
    },
    async flush() {
      await Promise.all([...topics.values()].map((t) => t.flush()));
    },
  };
}

/** An in-memory {@link Publisher} for tests: records what was published, optionally failing. */
export function memoryPublisher(fail?: (topic: string, m: OutgoingMessage) => Error | undefined): Publisher & { readonly sent: Map<string, OutgoingMessage[]> } {
  const sent = new Map<string, OutgoingMessage[]>();
  let seq = 0;
  return {
    sent,
    async publish(topic, messages) {
      for (const m of messages) {
        const err = fail?.(topic, m);
        if (err) throw err;
      }
      const list = sent.get(topic) ?? [];
      list.push(...messages);
      sent.set(topic, list);
      return messages.map(() => String(++seq));
    },
  };
}
