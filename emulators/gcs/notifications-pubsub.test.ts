import { PubSub, type Message } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { startPubSub, type PubSubHandle } from '../pubsub/index';
import { startGcs, type GcsHandle } from './index';

/** Bucket notifications end to end: the GCS emulator publishes to the real Pub/Sub emulator. */
describe('Cloud Storage notifications on a Pub/Sub emulator subscription', () => {
  let pubsub: PubSubHandle;
  let gcs: GcsHandle;
  let client: PubSub;
  beforeAll(async () => {
    pubsub = await startPubSub({ port: 0 });
    gcs = await startGcs({ port: 0, pubsubEmulatorHost: `${pubsub.host}:${pubsub.port}` });
    client = new PubSub({ apiEndpoint: `${pubsub.host}:${pubsub.port}`, emulatorMode: true, projectId: 'proj' });
  });
  afterAll(async () => {
    await client?.close();
    await gcs?.close();
    await pubsub?.close();
  });

  it('delivers OBJECT_FINALIZE with the real attributes and the object as JSON payload', async () => {
    const [topic] = await client.createTopic('lake-events');
    const [sub] = await topic.createSubscription('lake-events-sub');
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'proj' });
    const [bucket] = await storage.createBucket('notified-to-pubsub');
    await bucket.createNotification('lake-events', { customAttributes: { pipeline: 'retail' } });
    const received = new Promise<Message>((resolve) => sub.on('message', (m: Message) => (m.ack(), resolve(m))));
    const file = bucket.file('landing/orders.csv');
    await file.save('id,total\n1,9.5\n', { resumable: false, contentType: 'text/csv' });
    await gcs.flushNotifications();
    const m = await received;
    await sub.close();
    const [meta] = await file.getMetadata();
    expect(m.attributes).toMatchObject({
      eventType: 'OBJECT_FINALIZE',
      payloadFormat: 'JSON_API_V1',
      bucketId: 'notified-to-pubsub',
      objectId: 'landing/orders.csv',
      objectGeneration: meta.generation,
      notificationConfig: expect.stringMatching(/^projects\/_\/buckets\/notified-to-pubsub\/notificationConfigs\/\d+$/),
      eventTime: expect.any(String),
      pipeline: 'retail',
    });
    expect(JSON.parse(m.data.toString())).toMatchObject({ kind: 'storage#object', name: 'landing/orders.csv', bucket: 'notified-to-pubsub', size: '15' });
  });
});
