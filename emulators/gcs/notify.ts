/**
 * Publishes bucket notifications to a Pub/Sub emulator through the official
 * `@google-cloud/pubsub` client. Publishing is asynchronous, as in GCS (the write that caused an
 * event does not wait for it), retried with backoff, and every failure is logged with the event;
 * `flush()` waits for everything queued.
 */
import { PubSub, type Topic } from '@google-cloud/pubsub';
import { badRequest } from './errors';
import type { Notifier, OutgoingMessage } from './events';
import type { Logger } from './log';

/** Options for {@link PubSubNotifier}. */
export interface PubSubNotifierOptions {
  /** The Pub/Sub emulator's `host:port`. */
  readonly emulatorHost: string;
  readonly log: Logger;
  /** Publish attempts per message before it is logged as lost. @default 5 */
  readonly maxAttempts?: number;
}

/** A {@link Notifier} backed by the Pub/Sub emulator. */
export class PubSubNotifier implements Notifier {
  private readonly client: PubSub;
  private readonly topics = new Map<string, Topic>();
  private readonly pending = new Set<Promise<void>>();
  private readonly maxAttempts: number;

  constructor(private readonly options: PubSubNotifierOptions) {
    this.client = new PubSub({ apiEndpoint: options.emulatorHost, emulatorMode: true, projectId: 'tributary-local' });
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  private topic(name: string): Topic {
    let t = this.topics.get(name);
    if (!t) {
      t = this.client.topic(name, { batching: { maxMessages: 100, maxMilliseconds: 5 } });
      this.topics.set(name, t);
    }
    return t;
  }

  async checkTopic(topic: string): Promise<void> {
    const [exists] = await this.topic(topic).exists();
    if (!exists) throw badRequest(`Pub/Sub topic ${topic} does not exist in the Pub/Sub emulator at ${this.options.emulatorHost}; create it before the notification config.`);
  }

  publish(message: OutgoingMessage): void {
    const p = this.send(message).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async send(message: OutgoingMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.topic(message.topic).publishMessage({ data: message.data, attributes: message.attributes });
        return;
      } catch (err) {
        if (attempt >= this.maxAttempts) {
          this.options.log('ERROR', 'bucket notification could not be published; giving up', {
            topic: message.topic,
            attributes: message.attributes,
            attempts: attempt,
            error: String(err),
          });
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.client.close();
  }
}
