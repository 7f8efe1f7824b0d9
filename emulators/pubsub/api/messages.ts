/** Turns a leased delivery into a `google.pubsub.v1.ReceivedMessage`. */
import { timestamp } from '../model';
import type { Delivery, Subscription } from '../subscription';

/** `google.pubsub.v1.PubsubMessage` of a stored message. */
export function pubsubMessage(d: Delivery): Record<string, unknown> {
  const m = d.msg;
  return { data: m.data, attributes: m.attributes, messageId: m.messageId, publishTime: timestamp(m.publishTime), orderingKey: m.orderingKey };
}

/** `google.pubsub.v1.ReceivedMessage`; `deliveryAttempt` only with a dead-letter policy, as in the service. */
export function receivedMessage(d: Delivery, sub: Subscription): Record<string, unknown> {
  return { ackId: d.ackId, message: pubsubMessage(d), deliveryAttempt: sub.hasDeadLetter ? d.attempts : 0 };
}
