/**
 * The local Eventarc: delivers Cloud Storage events to CloudEvent functions the way Eventarc does
 * in GCP. The Cloud Storage emulator publishes bucket notifications (JSON_API_V1) to a Pub/Sub
 * topic per trigger; this relay pulls them with the official client and POSTs each as a binary
 * CloudEvent (`google.cloud.storage.object.v1.*`, data = the object resource) to the function.
 * A 2xx acks; anything else nacks, so Pub/Sub redelivers with its backoff.
 */
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import type { Logger } from '../functions/shared/log';

const EVENT_TYPES: Readonly<Record<string, string>> = {
  OBJECT_FINALIZE: 'google.cloud.storage.object.v1.finalized',
  OBJECT_DELETE: 'google.cloud.storage.object.v1.deleted',
  OBJECT_ARCHIVE: 'google.cloud.storage.object.v1.archived',
  OBJECT_METADATA_UPDATE: 'google.cloud.storage.object.v1.metadataUpdated',
};

/** Options of {@link startEventarcRelay}. */
export interface EventarcRelayOptions {
  readonly pubsub: PubSub;
  /** Subscription on the notification topic. */
  readonly subscription: string;
  /** Function URL. */
  readonly url: string;
  /** Event type the trigger filters on, e.g. `google.cloud.storage.object.v1.finalized`. */
  readonly eventType: string;
  readonly log: Logger;
  /** How many events may be in flight at once. @default 4 */
  readonly maxInFlight?: number;
}

/** Headers and body of the binary-mode CloudEvent for one notification message. */
export function storageCloudEvent(message: { id: string; attributes: Record<string, string>; data: Buffer; publishTime?: Date }): {
  type: string;
  headers: Record<string, string>;
  body: string;
} {
  const a = message.attributes;
  const type = EVENT_TYPES[a.eventType] ?? `google.cloud.storage.object.v1.${a.eventType}`;
  const body = message.data.toString('utf8');
  let time = message.publishTime?.toISOString() ?? new Date().toISOString();
  try {
    const object = JSON.parse(body) as { updated?: string; timeCreated?: string };
    time = object.updated ?? object.timeCreated ?? time;
  } catch {
    // the JSON_API_V1 payload is always JSON; keep the publish time if it is not
  }
  return {
    type,
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': message.id,
      'ce-source': `//storage.googleapis.com/projects/_/buckets/${a.bucketId}`,
      'ce-type': type,
      'ce-subject': `objects/${a.objectId}`,
      'ce-time': time,
    },
    body,
  };
}

/** Starts relaying; resolves to a stop function. */
export function startEventarcRelay(opts: EventarcRelayOptions): { stop(): Promise<void> } {
  const sub: Subscription = opts.pubsub.subscription(opts.subscription, { flowControl: { maxMessages: opts.maxInFlight ?? 4, allowExcessMessages: false } });
  sub.on('message', (m: Message) => {
    const event = storageCloudEvent({ id: m.id, attributes: m.attributes, data: m.data, publishTime: m.publishTime });
    if (event.type !== opts.eventType) {
      m.ack(); // the trigger filters on one event type; the bucket may notify others
      return;
    }
    fetch(opts.url, { method: 'POST', headers: event.headers, body: event.body }).then(
      async (res) => {
        await res.arrayBuffer();
        if (res.ok) m.ack();
        else {
          opts.log.warn('function refused a storage event; Pub/Sub will redeliver', { subscription: opts.subscription, status: res.status, object: m.attributes.objectId });
          m.nack();
        }
      },
      (err: Error) => {
        opts.log.warn('function unreachable for a storage event; Pub/Sub will redeliver', { subscription: opts.subscription, error: err.message });
        m.nack();
      },
    );
  });
  sub.on('error', (err: Error) => opts.log.error('eventarc relay subscription failed', { subscription: opts.subscription, error: err.message }));
  return { stop: () => sub.close() };
}
