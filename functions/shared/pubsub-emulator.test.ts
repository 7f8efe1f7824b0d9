import { PubSub } from '@google-cloud/pubsub';
import { startPubSub, type PubSubHandle } from '../../emulators/pubsub';
import { pubsubPublisher } from './publisher';
import { subscriptionSource } from './pubsub';

describe('subscriptionSource and pubsubPublisher against the Pub/Sub emulator', () => {
  let emulator: PubSubHandle;
  let pubsub: PubSub;
  beforeAll(async () => {
    emulator = await startPubSub({ port: 0, pullWaitMs: 100 });
    pubsub = new PubSub({ apiEndpoint: `${emulator.host}:${emulator.port}`, emulatorMode: true, projectId: 'fx-project' });
  });
  afterAll(async () => {
    await pubsub.close();
    await emulator.close();
  });

  it('publishes with attributes, pulls at most max, acks, and redelivers a nacked message at once', async () => {
    const [topic] = await pubsub.createTopic('topic-one');
    await topic.createSubscription('topic-one-lake', { ackDeadlineSeconds: 60 });
    const publisher = pubsubPublisher(pubsub);
    const ids = await publisher.publish('topic-one', [1, 2, 3].map((i) => ({ data: Buffer.from(`m${i}`), attributes: { event_id: `e${i}` } })));
    expect(ids).toHaveLength(3);
    const source = await subscriptionSource({ pubsub, subscription: 'topic-one-lake', maxWaitMs: 2_000 });
    try {
      const got = [];
      while (got.length < 3) got.push(...(await source.pull(3)));
      expect(got.map((m) => m.data.toString()).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(got.map((m) => m.attributes.event_id).sort()).toEqual(['e1', 'e2', 'e3']);
      expect(got.every((m) => m.publishTime instanceof Date && Number.isFinite(m.publishTime.getTime()))).toBe(true);
      const nacked = got.find((m) => m.data.toString() === 'm2')!;
      await source.ack(got.filter((m) => m !== nacked).map((m) => m.ackId));
      await source.nack([nacked.ackId]);
      let again: typeof got = [];
      while (again.length === 0) again = await source.pull(10);
      expect(again.map((m) => m.data.toString())).toEqual(['m2']);
      await source.ack(again.map((m) => m.ackId));
      expect(await source.pull(10)).toEqual([]);
    } finally {
      await source.close();
    }
  });
});
