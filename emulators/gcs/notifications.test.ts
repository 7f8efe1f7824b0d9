import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { Storage } from '@google-cloud/storage';
import { dirname, join } from 'node:path';
import { startGcs, type GcsHandle } from './index';

/**
 * Bucket notifications published through the official @google-cloud/pubsub client. Until the
 * Pub/Sub emulator lands, the receiving end is a gRPC Publisher test target: it speaks the real
 * google.pubsub.v1.Publisher protocol (GetTopic, Publish) and records what it is sent.
 */
interface Received {
  topic: string;
  attributes: Record<string, string>;
  data: Buffer;
}

async function startPublisherTarget(topics: string[]): Promise<{ host: string; received: Received[]; failNext: number; close(): Promise<void> }> {
  const pubsubDir = dirname(require.resolve('@google-cloud/pubsub/package.json'));
  const protos = join(pubsubDir, 'build', 'protos');
  // google-gax (the Pub/Sub client's own dependency) ships the google/api protos pubsub.proto imports.
  const gax = join(dirname(require.resolve('google-gax', { paths: [pubsubDir] })), '..', 'protos');
  const def = protoLoader.loadSync('google/pubsub/v1/pubsub.proto', { includeDirs: [protos, gax], longs: String, defaults: true });
  const pubsub = (grpc.loadPackageDefinition(def) as unknown as { google: { pubsub: { v1: { Publisher: { service: grpc.ServiceDefinition } } } } }).google.pubsub.v1;
  const state = {
    host: '',
    received: [] as Received[],
    failNext: 0,
    close: async () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
  const server = new grpc.Server();
  server.addService(pubsub.Publisher.service, {
    GetTopic: (call: grpc.ServerUnaryCall<{ topic: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      if (topics.includes(call.request.topic)) cb(null, { name: call.request.topic });
      else cb({ code: grpc.status.NOT_FOUND, details: `Topic not found: ${call.request.topic}` });
    },
    Publish: (call: grpc.ServerUnaryCall<{ topic: string; messages: { data: Buffer; attributes: Record<string, string> }[] }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      if (state.failNext > 0) {
        state.failNext--;
        cb({ code: grpc.status.UNAVAILABLE, details: 'injected: try again' });
        return;
      }
      for (const m of call.request.messages) state.received.push({ topic: call.request.topic, attributes: m.attributes, data: Buffer.from(m.data) });
      cb(null, { messageIds: call.request.messages.map((_, i) => String(state.received.length + i)) });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  state.host = `127.0.0.1:${port}`;
  return state;
}

describe('Cloud Storage notifications to Pub/Sub', () => {
  let target: Awaited<ReturnType<typeof startPublisherTarget>>;
  let gcs: GcsHandle;
  let storage: Storage;

  beforeAll(async () => {
    target = await startPublisherTarget(['projects/proj/topics/lake-events']);
    gcs = await startGcs({ port: 0, pubsubEmulatorHost: target.host });
    storage = new Storage({ apiEndpoint: gcs.url, projectId: 'proj' });
    await storage.createBucket('notified-bucket');
  });
  afterAll(async () => {
    await gcs?.close();
    await target?.close();
  });
  beforeEach(() => {
    target.received.length = 0;
  });

  it('manages notification configs and refuses a topic that does not exist', async () => {
    const bucket = storage.bucket('notified-bucket');
    await expect(bucket.createNotification('no-such-topic')).rejects.toMatchObject({ code: 400 });
    const [n] = await bucket.createNotification('lake-events', { objectNamePrefix: 'landing/', customAttributes: { pipeline: 'retail' } });
    expect(n.metadata).toMatchObject({ topic: '//pubsub.googleapis.com/projects/proj/topics/lake-events', payload_format: 'JSON_API_V1', object_name_prefix: 'landing/' });
    const [all] = await bucket.getNotifications();
    expect(all.map((x) => x.id)).toEqual([n.id]);
  });

  it('publishes OBJECT_FINALIZE with the real attributes and the object as JSON payload', async () => {
    const file = storage.bucket('notified-bucket').file('landing/orders.csv');
    await file.save('id,total\n1,9.5\n', { resumable: false, contentType: 'text/csv' });
    await storage.bucket('notified-bucket').file('elsewhere/ignored.csv').save('x', { resumable: false });
    await gcs.flushNotifications();
    expect(target.received).toHaveLength(1);
    const [msg] = target.received;
    const [meta] = await file.getMetadata();
    expect(msg.topic).toBe('projects/proj/topics/lake-events');
    expect(msg.attributes).toMatchObject({
      eventType: 'OBJECT_FINALIZE',
      payloadFormat: 'JSON_API_V1',
      bucketId: 'notified-bucket',
      objectId: 'landing/orders.csv',
      objectGeneration: meta.generation,
      notificationConfig: expect.stringMatching(/^projects\/_\/buckets\/notified-bucket\/notificationConfigs\/\d+$/),
      eventTime: expect.any(String),
      pipeline: 'retail',
    });
    expect(JSON.parse(msg.data.toString())).toMatchObject({ kind: 'storage#object', name: 'landing/orders.csv', bucket: 'notified-bucket', size: '15', contentType: 'text/csv', generation: meta.generation });
  });

  it('publishes overwrite, metadata-update and delete events, retrying a failed publish', async () => {
    const file = storage.bucket('notified-bucket').file('landing/events.json');
    await file.save('{"v":1}', { resumable: false });
    const [first] = await file.getMetadata();
    target.failNext = 1;
    await file.save('{"v":2}', { resumable: false });
    const [second] = await file.getMetadata();
    await file.setMetadata({ metadata: { checked: 'yes' } });
    await file.delete();
    await gcs.flushNotifications();
    const events = target.received.map((m) => [m.attributes.eventType, m.attributes.objectGeneration, m.attributes.overwroteGeneration ?? m.attributes.overwrittenByGeneration]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['OBJECT_FINALIZE', first.generation, undefined],
        ['OBJECT_FINALIZE', second.generation, first.generation],
        ['OBJECT_DELETE', first.generation, second.generation],
        ['OBJECT_METADATA_UPDATE', second.generation, undefined],
        ['OBJECT_DELETE', second.generation, undefined],
      ]),
    );
    expect(events).toHaveLength(5);
  });

  it('answers 400 to notification configs when no Pub/Sub is configured', async () => {
    const alone = await startGcs({ port: 0 });
    try {
      const s = new Storage({ apiEndpoint: alone.url, projectId: 'proj' });
      const [b] = await s.createBucket('lonely-bucket');
      await expect(b.createNotification('lake-events')).rejects.toMatchObject({ code: 400 });
    } finally {
      await alone.close();
    }
  });
});
