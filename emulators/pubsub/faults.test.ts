import { status } from '@grpc/grpc-js';
import { PubSubError } from './index';
import { collect, startEnv, uid, type Env } from './test-helpers';

let env: Env;
let failNextGet = false;
let streamingPulls = 0;
beforeAll(async () => {
  env = await startEnv({
    faults: async (op) => {
      if (op === 'GetTopic' && failNextGet) {
        failNextGet = false;
        return new PubSubError(status.PERMISSION_DENIED, 'injected: caller lacks pubsub.topics.get');
      }
      if (op === 'StreamingPull' && ++streamingPulls <= 5) {
        // the client opens 5 streams; fail them all once, and it reconnects
        return Object.assign(new Error('injected: stream unavailable'), { code: status.UNAVAILABLE });
      }
      if (op === 'Publish') await new Promise((r) => setTimeout(r, 20));
      return undefined;
    },
  });
});
afterAll(() => env.close());

it('a fault hook fails the RPC it names with its error', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  failNextGet = true;
  await expect(topic.getMetadata()).rejects.toMatchObject({ code: status.PERMISSION_DENIED, details: 'injected: caller lacks pubsub.topics.get' });
  const [meta] = await topic.getMetadata();
  expect(meta.name).toBe(topic.name);
});

it('the client recovers from streams failed with UNAVAILABLE and delayed publishes', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  await topic.publishMessage({ data: Buffer.from('after the faults') });
  const [m] = await collect(sub, (g) => g.length === 1);
  await sub.close();
  expect(m!.data.toString()).toBe('after the faults');
  expect(streamingPulls).toBeGreaterThan(5);
});
