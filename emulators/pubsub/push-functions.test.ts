import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startEnv, uid, waitFor, type Env } from './test-helpers';

/** How local Cloud Functions get events: a push subscription POSTing to a functions-framework server. */
let env: Env;
let server: Server;
const events: functions.CloudEvent<{ message: { data: string; attributes: Record<string, string>; messageId: string } }>[] = [];
let failFirst = true;

beforeAll(async () => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined); // the framework logs the failure we cause on purpose
  env = await startEnv();
  functions.cloudEvent('onMessage', (event: (typeof events)[number]) => {
    if (failFirst) {
      failFirst = false;
      throw new Error('first delivery fails on purpose');
    }
    events.push(event);
  });
  server = getTestServer('onMessage');
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await env.close();
  jest.restoreAllMocks();
});

it('a push subscription delivers a Pub/Sub CloudEvent to a functions-framework function, retrying its failure', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const port = (server.address() as AddressInfo).port;
  const [sub] = await topic.createSubscription(uid('s'), {
    ackDeadlineSeconds: 60,
    pushConfig: { pushEndpoint: `http://127.0.0.1:${port}/${topic.name}` },
  });
  const id = await topic.publishMessage({ json: { ride: 42 }, attributes: { pipeline: 'taxi' } });
  await waitFor(() => events.length === 1 && env.emulator.broker.subscription(sub.name).backlog === 0, 'the function to run and the ack');
  const [event] = events;
  expect(event!.type).toBe('google.cloud.pubsub.topic.v1.messagePublished');
  expect(event!.source).toContain(topic.name);
  expect(event!.data!.message).toMatchObject({ messageId: id, attributes: { pipeline: 'taxi' } });
  expect(JSON.parse(Buffer.from(event!.data!.message.data, 'base64').toString())).toEqual({ ride: 42 });
});
