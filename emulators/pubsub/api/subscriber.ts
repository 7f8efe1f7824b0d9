/**
 * google.pubsub.v1.Subscriber unary RPCs: Create/Get/Update/List/DeleteSubscription,
 * ModifyPushConfig, Acknowledge, ModifyAckDeadline, Pull, Seek (to a time or a snapshot).
 * StreamingPull is in ./streaming-pull.ts, snapshots in ./snapshots.ts.
 */
import { invalidArgument } from '../errors';
import { timestampMs } from '../model';
import type { Consumer, Delivery } from '../subscription';
import { receivedMessage } from './messages';
import { maskPaths, type RpcContext, type UnaryRpc } from './types';

function ackIds(ids: unknown): string[] {
  if (!Array.isArray(ids) || ids.length === 0) throw invalidArgument('No ack ids were provided in the request.');
  return ids as string[];
}

/** Pull: what is ready now, or waits up to `pullWaitMs` for the first message. */
async function pull(req: { subscription: string; maxMessages?: number; returnImmediately?: boolean }, ctx: RpcContext): Promise<unknown> {
  const sub = ctx.broker.pullable(req.subscription);
  const max = req.maxMessages ?? 0;
  if (max <= 0) throw invalidArgument(`The value for max_messages is too small. You passed ${max} in the request, but the minimum value is 1.`);
  let got: Delivery[] | undefined;
  let wake: (() => void) | undefined;
  const consumer: Consumer = {
    room: () => ({ messages: got ? 0 : max, bytes: got ? 0 : Number.MAX_SAFE_INTEGER }),
    deliver: (batch) => {
      got = batch;
      sub.removeConsumer(consumer);
      wake?.();
    },
    ackDeadlineMs: () => sub.defaultDeadlineMs(),
    outstanding: 0,
    outstandingBytes: 0,
  };
  const now = sub.take(consumer, max);
  if (now.length || req.returnImmediately) return { receivedMessages: now.map((d) => receivedMessage(d, sub)) };
  // Answer (empty) a little before the caller's deadline, as the service does: messages leased to
  // a call the client has already abandoned would sit out their whole ack deadline unseen.
  const waitMs = ctx.deadlineMs === undefined ? ctx.pullWaitMs : Math.min(ctx.pullWaitMs, ctx.deadlineMs - Date.now() - 100);
  if (waitMs <= 0) return { receivedMessages: [] };
  let gaveUp = false;
  sub.addConsumer(consumer);
  await Promise.race([new Promise<void>((r) => (wake = r)), ctx.cancelled.then(() => void (gaveUp = true)), new Promise((r) => setTimeout(r, waitMs).unref())]);
  sub.removeConsumer(consumer);
  if (gaveUp && got) {
    // Delivered to a caller that is gone: hand the messages back instead of leaving them leased.
    for (const d of got) sub.nack(d);
    return { receivedMessages: [] };
  }
  return { receivedMessages: (got ?? []).map((d) => receivedMessage(d, sub)) };
}

export const subscriberRpcs: UnaryRpc[] = [
  { service: 'Subscriber', method: 'CreateSubscription', handle: (req, { broker }) => broker.createSubscription(req).config },
  { service: 'Subscriber', method: 'GetSubscription', handle: (req, { broker }) => broker.subscription(req.subscription).config },
  {
    service: 'Subscriber',
    method: 'UpdateSubscription',
    handle: (req, { broker }) => broker.updateSubscription(req.subscription ?? {}, maskPaths(req.updateMask)),
  },
  { service: 'Subscriber', method: 'ListSubscriptions', handle: (req, { broker }) => broker.listSubscriptions(req.project, req.pageSize, req.pageToken) },
  { service: 'Subscriber', method: 'DeleteSubscription', handle: (req, { broker }) => (broker.deleteSubscription(req.subscription), {}) },
  {
    service: 'Subscriber',
    method: 'ModifyPushConfig',
    handle: (req, { broker }) => (broker.updateSubscription({ name: req.subscription, topic: '', pushConfig: req.pushConfig ?? {} }, ['push_config']), {}),
  },
  { service: 'Subscriber', method: 'Acknowledge', handle: (req, { broker }) => (broker.subscription(req.subscription).ack(ackIds(req.ackIds)), {}) },
  {
    service: 'Subscriber',
    method: 'ModifyAckDeadline',
    handle: (req, { broker }) => (broker.subscription(req.subscription).modifyAckDeadline(ackIds(req.ackIds), req.ackDeadlineSeconds ?? 0), {}),
  },
  { service: 'Subscriber', method: 'Pull', handle: pull },
  {
    service: 'Subscriber',
    method: 'Seek',
    handle: (req, { broker }) => {
      const sub = broker.subscription(req.subscription);
      if (req.snapshot) {
        broker.snapshots.seek(req.subscription, req.snapshot);
        return {};
      }
      if (!req.time) throw invalidArgument('Seek requires either a time or a snapshot.');
      sub.seek(timestampMs(req.time));
      return {};
    },
  },
];
