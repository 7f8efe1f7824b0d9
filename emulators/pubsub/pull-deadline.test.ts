import { gapic, startEnv, uid, type Env } from './test-helpers';

// A synchronous Pull waits for messages, but never past the caller's deadline: a message must
// not be leased to a call the client has already given up on (it would sit out its ack deadline).
let env: Env;
let raw: ReturnType<typeof gapic>;
beforeAll(async () => {
  env = await startEnv({ pullWaitMs: 10_000 });
  raw = gapic(env.emulator);
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

it('answers an empty Pull before the client deadline, and a message published after it goes to the next Pull', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { ackDeadlineSeconds: 600 });
  const [empty] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 100 }, { timeout: 1_000, retry: undefined } as never);
  expect(empty.receivedMessages ?? []).toHaveLength(0);
  await raw.publisher.publish({ topic: topic.name, messages: [{ data: Buffer.from('late') }] });
  const [next] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 100 }, { timeout: 5_000, retry: undefined } as never);
  expect(next.receivedMessages!.map((m) => m.message!.data!.toString())).toEqual(['late']);
});
