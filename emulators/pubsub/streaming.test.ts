import { gapic, startEnv, uid, waitFor, type Env } from './test-helpers';

let env: Env;
let raw: ReturnType<typeof gapic>;
beforeAll(async () => {
  env = await startEnv();
  raw = gapic(env.emulator);
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

interface Received {
  ackId: string;
  message: { data: Buffer; messageId: string };
}

/** A raw StreamingPull stream whose responses queue up for `next()`. */
function openStream(first: Record<string, unknown>) {
  const stream = raw.subscriber.streamingPull();
  const queue: { receivedMessages: Received[]; subscriptionProperties?: Record<string, boolean> }[] = [];
  const waiters: (() => void)[] = [];
  stream.on('data', (res) => {
    queue.push(res);
    waiters.splice(0).forEach((w) => w());
  });
  stream.on('error', () => undefined); // cancelled at the end
  stream.write(first);
  return {
    stream,
    async next() {
      while (!queue.length) await new Promise<void>((r) => waiters.push(r));
      return queue.shift()!;
    },
    pending: () => queue.length,
  };
}

async function topicWith(n: number): Promise<{ topic: string; sub: string }> {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  await raw.publisher.publish({ topic: topic.name, messages: Array.from({ length: n }, (_, i) => ({ data: Buffer.from(String(i)) })) });
  return { topic: topic.name, sub: sub.name };
}

it('respects max_outstanding_messages: one more message per ack sent over the stream', async () => {
  const { sub } = await topicWith(10);
  const s = openStream({ subscription: sub, streamAckDeadlineSeconds: 60, maxOutstandingMessages: 3 });
  const first = await s.next();
  expect(first.receivedMessages).toHaveLength(3);
  expect(first.subscriptionProperties).toMatchObject({ exactlyOnceDeliveryEnabled: false, messageOrderingEnabled: false });
  s.stream.write({ ackIds: [first.receivedMessages[0]!.ackId] });
  const second = await s.next();
  expect(second.receivedMessages).toHaveLength(1);
  expect(s.pending()).toBe(0);
  expect(env.emulator.broker.subscription(sub).backlog).toBe(9);
  s.stream.cancel();
});

it('accepts keep-alive requests and nacks (modify_deadline_seconds 0) over the stream', async () => {
  const { sub } = await topicWith(1);
  const s = openStream({ subscription: sub, streamAckDeadlineSeconds: 60 });
  const first = await s.next();
  s.stream.write({}); // the client's keep-alive
  s.stream.write({ modifyDeadlineAckIds: [first.receivedMessages[0]!.ackId], modifyDeadlineSeconds: [0] });
  const again = await s.next();
  expect(again.receivedMessages[0]!.message.messageId).toBe(first.receivedMessages[0]!.message.messageId);
  s.stream.write({ ackIds: [again.receivedMessages[0]!.ackId] });
  await waitFor(() => env.emulator.broker.subscription(sub).backlog === 0, 'the ack over the stream');
  s.stream.cancel();
});

it('a stream whose subscription is missing ends with NOT_FOUND, and the first request must name one', async () => {
  const failure = (first: Record<string, unknown>) =>
    new Promise<number>((resolve) => {
      const stream = raw.subscriber.streamingPull();
      stream.on('error', (e: { code: number }) => resolve(e.code));
      stream.on('data', () => undefined);
      stream.write(first);
    });
  expect(await failure({ subscription: 'projects/test-project/subscriptions/nope-nope', streamAckDeadlineSeconds: 10 })).toBe(5);
  expect(await failure({ streamAckDeadlineSeconds: 10 })).toBe(3);
});

it('deleting the subscription ends its open streams with NOT_FOUND', async () => {
  const { sub } = await topicWith(1);
  const s = openStream({ subscription: sub, streamAckDeadlineSeconds: 60 });
  await s.next();
  const ended = new Promise<number>((resolve) => s.stream.on('error', (e: { code: number }) => resolve(e.code)));
  await raw.subscriber.deleteSubscription({ subscription: sub });
  expect(await ended).toBe(5);
});
