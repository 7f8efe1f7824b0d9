import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEnv, uid, waitFor, type Env } from './test-helpers';

// 0.01 makes push backoffs 100x shorter; subscriptions use a 600 s ack deadline (6 s here) so a
// slow local endpoint on a loaded machine is not timed out and retried.
let env: Env;
beforeAll(async () => {
  env = await startEnv({ timeScale: 0.01 });
});
afterAll(() => env.close());

interface Received {
  body: { message: Record<string, unknown>; subscription: string; deliveryAttempt?: number };
  headers: IncomingMessage['headers'];
}

/** A local endpoint answering with the statuses in `replies` (then 200), recording what it got. */
async function endpoint(replies: number[]): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      got.push({ body: req.headers['content-type'] === 'application/json' ? JSON.parse(text) : { message: { raw: text }, subscription: '' }, headers: req.headers });
      res.statusCode = replies.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`, got, server };
}

it('POSTs the push envelope and retries after a 500 until a 2xx acks it', async () => {
  const ep = await endpoint([500]);
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { ackDeadlineSeconds: 600, pushConfig: { pushEndpoint: ep.url } });
  const id = await topic.publishMessage({ data: Buffer.from('{"a":1}'), attributes: { source: 'test' } });
  await waitFor(() => ep.got.length >= 2 && env.emulator.broker.subscription(sub.name).backlog === 0, 'two push attempts and the ack');
  ep.server.close();
  const [first, second] = ep.got;
  expect(first!.body.message).toEqual(second!.body.message);
  expect(second!.body).toMatchObject({
    subscription: sub.name,
    message: { data: Buffer.from('{"a":1}').toString('base64'), attributes: { source: 'test' }, messageId: id, message_id: id },
  });
  expect(second!.body.message.publishTime).toBe(second!.body.message.publish_time);
  expect(second!.body.deliveryAttempt).toBeUndefined();
  expect(ep.got).toHaveLength(2);
});

it('dead-letters a message the endpoint keeps refusing, with deliveryAttempt in the envelope', async () => {
  const ep = await endpoint(Array(10).fill(503));
  const [dlTopic] = await env.client.createTopic(uid('dead'));
  const [dlSub] = await dlTopic.createSubscription(uid('dead-s'));
  const [topic] = await env.client.createTopic(uid('t'));
  await topic.createSubscription(uid('s'), {
    ackDeadlineSeconds: 600,
    pushConfig: { pushEndpoint: ep.url },
    deadLetterPolicy: { deadLetterTopic: dlTopic.name, maxDeliveryAttempts: 5 },
  });
  await topic.publishMessage({ data: Buffer.from('nope') });
  await waitFor(() => env.emulator.broker.subscription(dlSub.name).backlog === 1, 'the dead-lettered message');
  ep.server.close();
  expect(ep.got.map((g) => g.body.deliveryAttempt)).toEqual([1, 2, 3, 4, 5]);
});

it('turns pushing off when the push config is cleared (ModifyPushConfig)', async () => {
  const ep = await endpoint([]);
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { ackDeadlineSeconds: 600, pushConfig: { pushEndpoint: ep.url } });
  await sub.modifyPushConfig({});
  await topic.publishMessage({ data: Buffer.from('pull me') });
  await waitFor(() => env.emulator.broker.subscription(sub.name).backlog === 1, 'the message');
  expect(ep.got).toHaveLength(0);
  ep.server.close();
});
