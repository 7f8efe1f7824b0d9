import type { Message } from '@google-cloud/pubsub';
import { newClient, startEnv, uid, waitFor, type Env } from './test-helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.close());

it('10,000 messages are each received and acked exactly once by two competing streaming subscribers', async () => {
  const N = 10_000;
  const [topic] = await env.client.createTopic(uid('t'));
  const [created] = await topic.createSubscription(uid('s'));
  const otherClient = newClient(env.emulator);
  const subs = [env.client.subscription(created.name), otherClient.subscription(created.name)];
  const seen = new Map<string, number>();
  const perSubscriber = [0, 0];
  subs.forEach((sub, i) =>
    sub.on('message', (m: Message) => {
      seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
      perSubscriber[i]!++;
      m.ack();
    }),
  );
  const publisher = env.client.topic(topic.name, { batching: { maxMessages: 500, maxMilliseconds: 5 } });
  const ids = await Promise.all(Array.from({ length: N }, (_, i) => publisher.publishMessage({ data: Buffer.from(`m${i}`) })));
  const broker = env.emulator.broker.subscription(created.name);
  await waitFor(() => seen.size === N && broker.backlog === 0, 'every message received and acked', 50_000);
  await Promise.all(subs.map((s) => s.close()));
  await otherClient.close();
  expect(new Set(ids).size).toBe(N);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
  expect(ids.every((id) => seen.has(id))).toBe(true);
  expect(perSubscriber[0]).toBeGreaterThan(0);
  expect(perSubscriber[1]).toBeGreaterThan(0);
});
