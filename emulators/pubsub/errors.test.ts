import { Client, credentials, status } from '@grpc/grpc-js';
import { v1 } from '@google-cloud/pubsub';
import { gapic, startEnv, uid, type Env } from './test-helpers';

let env: Env;
let raw: ReturnType<typeof gapic>;
const P = 'projects/test-project';
beforeAll(async () => {
  env = await startEnv();
  raw = gapic(env.emulator);
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

const code = async (p: Promise<unknown>): Promise<number> => p.then(() => status.OK, (e: { code: number }) => e.code);

it('bad names answer INVALID_ARGUMENT with the service wording', async () => {
  await expect(raw.publisher.createTopic({ name: `${P}/topics/1starts-with-digit` })).rejects.toMatchObject({
    code: status.INVALID_ARGUMENT,
    details: `Invalid [topics] name: (name=${P}/topics/1starts-with-digit)`,
  });
  expect(await code(raw.publisher.createTopic({ name: `${P}/topics/goog-reserved` }))).toBe(status.INVALID_ARGUMENT);
  expect(await code(raw.publisher.createTopic({ name: 'topics/no-project' }))).toBe(status.INVALID_ARGUMENT);
  expect(await code(raw.subscriber.createSubscription({ name: `${P}/subscriptions/a`, topic: `${P}/topics/xyz` }))).toBe(status.INVALID_ARGUMENT);
});

it('missing and duplicate resources answer NOT_FOUND and ALREADY_EXISTS', async () => {
  const topic = `${P}/topics/${uid('t')}`;
  expect(await code(raw.publisher.getTopic({ topic }))).toBe(status.NOT_FOUND);
  expect(await code(raw.publisher.publish({ topic, messages: [{ data: Buffer.from('x') }] }))).toBe(status.NOT_FOUND);
  expect(await code(raw.subscriber.createSubscription({ name: `${P}/subscriptions/${uid('s')}`, topic }))).toBe(status.NOT_FOUND);
  await raw.publisher.createTopic({ name: topic });
  await expect(raw.publisher.createTopic({ name: topic })).rejects.toMatchObject({ code: status.ALREADY_EXISTS, details: 'Topic already exists' });
  expect(await code(raw.subscriber.getSubscription({ subscription: `${P}/subscriptions/${uid('s')}` }))).toBe(status.NOT_FOUND);
});

it('empty, blank and oversized publishes answer INVALID_ARGUMENT and the server keeps serving', async () => {
  const topic = `${P}/topics/${uid('t')}`;
  await raw.publisher.createTopic({ name: topic });
  await expect(raw.publisher.publish({ topic, messages: [] })).rejects.toMatchObject({
    code: status.INVALID_ARGUMENT,
    details: 'The value for message_count is too small. You passed 0 in the request, but the minimum value is 1.',
  });
  expect(await code(raw.publisher.publish({ topic, messages: [{}] }))).toBe(status.INVALID_ARGUMENT);
  const big = Buffer.alloc(10 * 1000 * 1000 + 1, 1);
  await expect(raw.publisher.publish({ topic, messages: [{ data: big }] })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  const [ok] = await raw.publisher.publish({ topic, messages: [{ data: Buffer.from('still alive') }] });
  expect(ok.messageIds).toHaveLength(1);
});

it('bad subscription settings, ack ids and stream deadlines answer INVALID_ARGUMENT', async () => {
  const topic = `${P}/topics/${uid('t')}`;
  await raw.publisher.createTopic({ name: topic });
  const sub = `${P}/subscriptions/${uid('s')}`;
  expect(await code(raw.subscriber.createSubscription({ name: sub, topic, ackDeadlineSeconds: 5 }))).toBe(status.INVALID_ARGUMENT);
  expect(await code(raw.subscriber.createSubscription({ name: sub, topic, filter: 'attributes.k = ' }))).toBe(status.INVALID_ARGUMENT);
  expect(await code(raw.subscriber.createSubscription({ name: sub, topic, deadLetterPolicy: { deadLetterTopic: topic, maxDeliveryAttempts: 2 } }))).toBe(status.INVALID_ARGUMENT);
  await raw.subscriber.createSubscription({ name: sub, topic });
  expect(await code(raw.subscriber.acknowledge({ subscription: sub, ackIds: ['garbage'] }))).toBe(status.INVALID_ARGUMENT);
  expect(await code(raw.subscriber.acknowledge({ subscription: sub, ackIds: [] }))).toBe(status.INVALID_ARGUMENT);
  expect(await code(raw.subscriber.modifyAckDeadline({ subscription: sub, ackIds: ['a-1-1'], ackDeadlineSeconds: 601 }))).toBe(status.INVALID_ARGUMENT);
  expect(await code(raw.subscriber.pull({ subscription: sub, maxMessages: 0 }))).toBe(status.INVALID_ARGUMENT);
  const stream = raw.subscriber.streamingPull();
  const failed = new Promise<number>((resolve) => stream.on('error', (e: { code: number }) => resolve(e.code)));
  stream.write({ subscription: sub, streamAckDeadlineSeconds: 3 });
  expect(await failed).toBe(status.INVALID_ARGUMENT);
});

it('methods it leaves out answer UNIMPLEMENTED', async () => {
  const schemas = new v1.SchemaServiceClient({ servicePath: env.emulator.host, port: env.emulator.port, sslCreds: credentials.createInsecure() });
  await expect(schemas.listSchemas({ parent: P })).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  await schemas.close();
  const [topic] = await env.client.createTopic(uid('t'));
  await expect(topic.iam.getPolicy()).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
});

it('survives bytes that are not a protobuf message', async () => {
  const client = new Client(`${env.emulator.host}:${env.emulator.port}`, credentials.createInsecure());
  const result = await new Promise<number>((resolve) => {
    client.makeUnaryRequest(
      '/google.pubsub.v1.Publisher/Publish',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12]),
      (err) => resolve(err?.code ?? status.OK),
    );
  });
  client.close();
  expect(result).not.toBe(status.OK);
  const [topics] = await raw.publisher.listTopics({ project: P });
  expect(Array.isArray(topics)).toBe(true);
});
