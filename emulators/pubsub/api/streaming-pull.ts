/**
 * google.pubsub.v1.Subscriber.StreamingPull. The first request names the subscription and the
 * stream's ack deadline and flow control (max_outstanding_messages / _bytes, <= 0 = no limit);
 * later requests carry acks and deadline changes (the v5 client sends those as unary RPCs, and
 * empty keep-alive requests every 30 s, which are accepted and ignored). Responses carry
 * `subscription_properties` so the client knows about exactly-once delivery and ordering.
 * Responses are encoded by hand (../wire.ts). The server stops writing while the stream's buffer is full (backpressure) and resumes on drain.
 */
import { invalidArgument, toGrpcError, PubSubError } from '../errors';
import type { Consumer, Subscription } from '../subscription';
import { encodeStreamingPullResponse } from '../wire';
import type { StreamRpc } from './types';

interface StreamingPullRequest {
  subscription?: string;
  ackIds?: string[];
  modifyDeadlineSeconds?: number[];
  modifyDeadlineAckIds?: string[];
  streamAckDeadlineSeconds?: number;
  maxOutstandingMessages?: string | number;
  maxOutstandingBytes?: string | number;
}

const limit = (v: string | number | undefined): number => (Number(v ?? 0) > 0 ? Number(v) : Number.MAX_SAFE_INTEGER);

function checkDeadline(s: number): number {
  if (!Number.isInteger(s) || s < 10 || s > 600) {
    throw invalidArgument(`Invalid stream ack deadline given: ${s}. The minimum deadline is 10 seconds and the maximum is 600 seconds.`);
  }
  return s;
}

export const streamingPullRpc: StreamRpc = {
  service: 'Subscriber',
  method: 'StreamingPull',
  stream: true,
  handle(call, { broker }) {
    let sub: Subscription | undefined;
    let consumer: (Consumer & { closed: boolean }) | undefined;
    let deadlineS = 10;
    let paused = false;
    const cleanup = (): void => {
      if (consumer) {
        consumer.closed = true;
        sub?.removeConsumer(consumer);
      }
    };
    const fail = (err: unknown): void => {
      cleanup();
      call.emit('error', toGrpcError(err));
    };
    const apply = (s: Subscription, req: StreamingPullRequest): void => {
      if (req.ackIds?.length) swallowExactlyOnce(() => s.ack(req.ackIds!));
      const ids = req.modifyDeadlineAckIds ?? [];
      const secs = req.modifyDeadlineSeconds ?? [];
      if (ids.length !== secs.length) throw invalidArgument('modify_deadline_seconds and modify_deadline_ack_ids must be the same length.');
      for (let i = 0; i < ids.length; i++) swallowExactlyOnce(() => s.modifyAckDeadline([ids[i]!], secs[i]!));
    };
    call.on('data', (req: StreamingPullRequest) => {
      try {
        if (!sub) {
          if (!req.subscription) throw invalidArgument('The first StreamingPullRequest must name a subscription.');
          const s = broker.pullable(req.subscription);
          deadlineS = checkDeadline(req.streamAckDeadlineSeconds ?? 0);
          const maxMessages = limit(req.maxOutstandingMessages);
          const maxBytes = limit(req.maxOutstandingBytes);
          const properties = { exactlyOnceDeliveryEnabled: s.exactlyOnce, messageOrderingEnabled: s.ordered };
          const c: Consumer & { closed: boolean } = {
            closed: false,
            outstanding: 0,
            outstandingBytes: 0,
            room: () => (c.closed || paused ? { messages: 0, bytes: 0 } : { messages: maxMessages - c.outstanding, bytes: maxBytes - c.outstandingBytes }),
            ackDeadlineMs: () => deadlineS * 1000 * broker.timeScale,
            end: (err) => fail(err),
            deliver: (batch) => {
              const dl = s.hasDeadLetter;
              const wire = batch.map((d) => ({ ackId: d.ackId as string, msg: d.msg, attempt: dl ? d.attempts : 0 }));
              const ok = call.write(encodeStreamingPullResponse(wire, properties));
              if (!ok) {
                paused = true;
                call.once('drain', () => {
                  paused = false;
                  s.dispatch();
                });
              }
            },
          };
          sub = s;
          consumer = c;
          apply(s, req);
          s.addConsumer(c);
          return;
        }
        if (req.streamAckDeadlineSeconds) deadlineS = checkDeadline(req.streamAckDeadlineSeconds);
        apply(sub, req);
      } catch (err) {
        fail(err);
      }
    });
    call.on('end', () => {
      cleanup();
      call.end();
    });
    call.on('cancelled', cleanup);
    call.on('close', cleanup);
    call.on('error', cleanup);
  },
};

/** Acks over the stream have no response to carry per-id failures; invalid ids are dropped, as the service does. */
function swallowExactlyOnce(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof PubSubError && err.errorInfo)) throw err;
  }
}
