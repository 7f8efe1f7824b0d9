import { gapic, startEnv, uid, waitFor, type Env } from './test-helpers';

// 0.001: the 10-minute minimum retention lasts 600 ms.
let env: Env;
let raw: ReturnType<typeof gapic>;
beforeAll(async () => {
  env = await startEnv({ timeScale: 0.001 });
  raw = gapic(env.emulator);
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

it('drops unacked messages older than the subscription retention', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { messageRetentionDuration: { seconds: 600 } });
  const [kept] = await topic.createSubscription(uid('k')); // 7 days, 10 minutes here
  await raw.publisher.publish({ topic: topic.name, messages: [{ data: Buffer.from('old') }] });
  await waitFor(() => env.emulator.broker.subscription(sub.name).backlog === 0, 'retention to drop the message');
  const [res] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 1, returnImmediately: true });
  expect(res.receivedMessages ?? []).toHaveLength(0);
  expect(env.emulator.broker.subscription(kept.name).backlog).toBe(1);
});
