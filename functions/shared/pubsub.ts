/**
 * Pub/Sub access for the functions, through the official client only. The endpoint comes from
 * the environment (`PUBSUB_EMULATOR_HOST` locally, Google's default in the cloud), so the same
 * code runs in both places.
 */
import { PubSub, v1 } from '@google-cloud/pubsub';
import type { MessageSource, PulledMessage } from './drain';

/** gRPC status DEADLINE_EXCEEDED: a synchronous pull that found nothing before its timeout. */
const DEADLINE_EXCEEDED = 4;

/** Options of {@link subscriptionSource}. */
export interface SubscriptionSourceOptions {
  /** The high-level client whose configuration (endpoint, credentials, project) is reused. */
  readonly pubsub: PubSub;
  /** Subscription id or full name (`projects/<p>/subscriptions/<id>`). */
  readonly subscription: string;
  /** How long one pull may wait for messages before returning empty. @default 2000 */
  readonly maxWaitMs?: number;
}

/**
 * A {@link MessageSource} over a subscription with synchronous Pull (GAPIC `SubscriberClient`),
 * which gives a drain exact control of how many messages it holds and when it acks them.
 */
export async function subscriptionSource(opts: SubscriptionSourceOptions): Promise<MessageSource & { close(): Promise<void> }> {
  const config = await opts.pubsub.getClientConfig(); // fills in the project and the emulator endpoint
  const client = new v1.SubscriberClient(config as ConstructorParameters<typeof v1.SubscriberClient>[0]);
  const projectId = opts.pubsub.projectId;
  const subscription = opts.subscription.includes('/') ? opts.subscription : `projects/${projectId}/subscriptions/${opts.subscription}`;
  const timeout = opts.maxWaitMs ?? 2_000;
  return {
    async pull(max) {
      try {
        const [res] = await client.pull({ subscription, maxMessages: max }, { timeout, retry: undefined });
        return (res.receivedMessages ?? []).map(
          (r): PulledMessage => ({
            ackId: r.ackId ?? '',
            messageId: r.message?.messageId ?? '',
            data: Buffer.from((r.message?.data as Uint8Array | undefined) ?? new Uint8Array()),
            attributes: (r.message?.attributes as Record<string, string> | undefined) ?? {},
            publishTime: r.message?.publishTime?.seconds != null ? new Date(Number(r.message.publishTime.seconds) * 1000 + Math.floor((r.message.publishTime.nanos ?? 0) / 1e6)) : undefined,
            deliveryAttempt: r.deliveryAttempt ?? undefined,
          }),
        );
      } catch (err) {
        if ((err as { code?: number }).code === DEADLINE_EXCEEDED) return [];
        throw err;
      }
    },
    async ack(ackIds) {
      for (let i = 0; i < ackIds.length; i += 2_500) await client.acknowledge({ subscription, ackIds: ackIds.slice(i, i + 2_500) });
    },
    async nack(ackIds) {
      for (let i = 0; i < ackIds.length; i += 2_500) {
        await client.modifyAckDeadline({ subscription, ackIds: ackIds.slice(i, i + 2_500), ackDeadlineSeconds: 0 });
      }
    },
    close: () => client.close(),
  };
}

/** Decodes the `data` of a Pub/Sub CloudEvent (Eventarc's `messagePublished`) to bytes. */
export function cloudEventMessage(data: unknown): { data: Buffer; attributes: Record<string, string>; messageId: string } {
  const message = (data as { message?: { data?: string; attributes?: Record<string, string>; messageId?: string; message_id?: string } } | undefined)?.message;
  if (!message) throw new TypeError('CloudEvent data has no Pub/Sub `message`: is the trigger a Pub/Sub topic?');
  return {
    data: Buffer.from(message.data ?? '', 'base64'),
    attributes: message.attributes ?? {},
    messageId: message.messageId ?? message.message_id ?? '',
  };
}
