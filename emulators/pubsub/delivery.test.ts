import type { Message } from '@google-cloud/pubsub';
import { collect, gapic, startEnv, uid, type Env } from './test-helpers';

// 0.01: a 10 s ack deadline lasts 100 ms, a 10 s minimum backoff 100 ms.
let env: Env;
let raw: ReturnType<typeof gapic>;
beforeAll(async () => {
  env = await startEnv({ timeScale: 0.01, pullWaitMs: 5000 });
  raw = gapic(env.emulator);
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

async function topicAndSub(options: Record<string, unknown> = {}): Promise<{ topic: string; sub: string }> {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), options);
  return { topic: topic.name, sub: sub.name };
}

it('Pull returns published messages and Acknowledge removes them', async () => {
  const { topic, sub } = await topicAndSub();
  await raw.publisher.publish({ topic, messages: [{ data: Buffer.from('a') }, { data: Buffer.from('b'), attributes: { x: '1' } }] });
  const [res] = await raw.subscriber.pull({ subscription: sub, maxMessages: 10 });
  expect(res.receivedMessages!.map((m) => m.message!.data!.toString())).toEqual(['a', 'b']);
  expect(res.receivedMessages![1]!.message!.attributes).toEqual({ x: '1' });
  await raw.subscriber.acknowledge({ subscription: sub, ackIds: res.receivedMessages!.map((m) => m.ackId!) });
  const [again] = await raw.subscriber.pull({ subscription: sub, maxMessages: 10, returnImmediately: true });
  expect(again.receivedMessages ?? []).toHaveLength(0);
});

it('redelivers a message whose ack deadline expired', async () => {
  const { topic, sub } = await topicAndSub();
  await raw.publisher.publish({ topic, messages: [{ data: Buffer.from('late') }] });
  const [first] = await raw.subscriber.pull({ subscription: sub, maxMessages: 1 });
  const [second] = await raw.subscriber.pull({ subscription: sub, maxMessages: 1 }); // waits for the expiry
  expect(second.receivedMessages![0]!.message!.messageId).toBe(first.receivedMessages![0]!.message!.messageId);
  expect(second.receivedMessages![0]!.ackId).not.toBe(first.receivedMessages![0]!.ackId);
});

it('ModifyAckDeadline extends a lease, and 0 nacks it for immediate redelivery', async () => {
  const { topic, sub } = await topicAndSub();
  await raw.publisher.publish({ topic, messages: [{ data: Buffer.from('x') }] });
  const [first] = await raw.subscriber.pull({ subscription: sub, maxMessages: 1 });
  const ackId = first.receivedMessages![0]!.ackId!;
  await raw.subscriber.modifyAckDeadline({ subscription: sub, ackIds: [ackId], ackDeadlineSeconds: 600 }); // 6 s scaled
  const [none] = await raw.subscriber.pull({ subscription: sub, maxMessages: 1, returnImmediately: true });
  expect(none.receivedMessages ?? []).toHaveLength(0);
  await raw.subscriber.modifyAckDeadline({ subscription: sub, ackIds: [ackId], ackDeadlineSeconds: 0 });
  const [back] = await raw.subscriber.pull({ subscription: sub, maxMessages: 1, returnImmediately: true });
  expect(back.receivedMessages![0]!.message!.data!.toString()).toBe('x');
});

it('a nacked message comes back after the retry policy backoff', async () => {
  const { topic, sub } = await topicAndSub({ retryPolicy: { minimumBackoff: { seconds: 200 }, maximumBackoff: { seconds: 400 } } /* 2 s scaled */ });
  await raw.publisher.publish({ topic, messages: [{ data: Buffer.from('r') }] });
  const [first] = await raw.subscriber.pull({ subscription: sub, maxMessages: 1 });
  await raw.subscriber.modifyAckDeadline({ subscription: sub, ackIds: [first.receivedMessages![0]!.ackId!], ackDeadlineSeconds: 0 });
  const backedOff = env.emulator.broker.subscription(sub).unacked()[0]!;
  expect(backedOff.state).toBe('delayed');
  const [again] = await raw.subscriber.pull({ subscription: sub, maxMessages: 1 });
  expect(again.receivedMessages![0]!.message!.data!.toString()).toBe('r');
});

it('a message nacked past max_delivery_attempts arrives on the dead-letter topic with its attempt count', async () => {
  const [dlTopic] = await env.client.createTopic(uid('dead'));
  const [dlSub] = await dlTopic.createSubscription(uid('dead-s'));
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { deadLetterPolicy: { deadLetterTopic: dlTopic.name, maxDeliveryAttempts: 5 } });
  await topic.publishMessage({ data: Buffer.from('poison'), attributes: { kind: 'bad' } });
  const attempts: number[] = [];
  sub.on('message', (m: Message) => {
    attempts.push(m.deliveryAttempt);
    m.nack();
  });
  const [dead] = await collect(dlSub, (got) => got.length === 1);
  await sub.close();
  await dlSub.close();
  expect(attempts).toEqual([1, 2, 3, 4, 5]);
  expect(dead!.data.toString()).toBe('poison');
  expect(dead!.attributes).toMatchObject({
    kind: 'bad',
    CloudPubSubDeadLetterSourceDeliveryCount: '5',
    CloudPubSubDeadLetterSourceSubscription: sub.name.split('/').pop(),
    CloudPubSubDeadLetterSourceSubscriptionProject: 'test-project',
  });
  expect(dead!.attributes.CloudPubSubDeadLetterSourceTopicPublishTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(env.emulator.broker.subscription(sub.name).backlog).toBe(0);
});
