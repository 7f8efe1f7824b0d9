import { startEnv, type Env } from './test-helpers';

let env: Env;
let base: string;
beforeAll(async () => {
  env = await startEnv();
  base = `http://${env.emulator.host}:${env.emulator.port}/v1`;
});
afterAll(() => env.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

it('serves the REST surface on the gRPC port: topics, subscriptions, publish, pull, ack', async () => {
  const topic = 'projects/rest-proj/topics/rest-topic';
  const sub = 'projects/rest-proj/subscriptions/rest-sub';
  expect(await call('PUT', topic, { labels: { via: 'rest' } })).toMatchObject({ status: 200, json: { name: topic, labels: { via: 'rest' } } });
  const created = await call('PUT', sub, { topic, ackDeadlineSeconds: 20, messageRetentionDuration: '3600s' });
  expect(created).toMatchObject({ status: 200, json: { name: sub, topic, ackDeadlineSeconds: 20, messageRetentionDuration: '3600s' } });
  expect((await call('GET', 'projects/rest-proj/topics')).json.topics.map((t: { name: string }) => t.name)).toEqual([topic]);
  expect((await call('GET', `${topic}/subscriptions`)).json).toEqual({ subscriptions: [sub] });
  const published = await call('POST', `${topic}:publish`, { messages: [{ data: Buffer.from('hi').toString('base64'), attributes: { a: '1' } }] });
  expect(published.json.messageIds).toHaveLength(1);
  // the gRPC client sees what REST published
  const [pulled] = await env.client.subscription(sub).getMetadata();
  expect(pulled.ackDeadlineSeconds).toBe(20);
  const { json } = await call('POST', `${sub}:pull`, { maxMessages: 5 });
  const [m] = json.receivedMessages;
  expect(m.message).toMatchObject({ data: Buffer.from('hi').toString('base64'), attributes: { a: '1' }, messageId: published.json.messageIds[0] });
  expect(new Date(m.message.publishTime).getTime()).toBeGreaterThan(0);
  expect(await call('POST', `${sub}:acknowledge`, { ackIds: [m.ackId] })).toEqual({ status: 200, json: {} });
  expect((await call('POST', `${sub}:pull`, { maxMessages: 5, returnImmediately: true })).json).toEqual({});
  expect((await call('PATCH', sub, { subscription: { ackDeadlineSeconds: 30 }, updateMask: 'ackDeadlineSeconds' })).json.ackDeadlineSeconds).toBe(30);
  expect((await call('DELETE', sub)).status).toBe(200);
  expect((await call('DELETE', topic)).status).toBe(200);
});

it('answers with Google JSON error envelopes', async () => {
  expect(await call('GET', 'projects/rest-proj/topics/missing-topic')).toEqual({
    status: 404,
    json: { error: { code: 404, message: 'Topic not found (resource=missing-topic).', status: 'NOT_FOUND' } },
  });
  expect((await call('PUT', 'projects/rest-proj/topics/1bad')).json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  expect((await call('PUT', 'projects/rest-proj/topics/odd-field', { nope: 1 })).json.error.message).toContain('Unknown name "nope"');
  expect((await call('PUT', 'projects/rest-proj/snapshots/snap', { subscription: 'projects/rest-proj/subscriptions/none' })).json.error).toMatchObject({
    code: 404,
    status: 'NOT_FOUND',
  });
  expect((await call('PUT', 'projects/rest-proj/topics/dur-topic')).status).toBe(200);
  expect((await call('PUT', 'projects/rest-proj/subscriptions/dur-sub', { topic: 'projects/rest-proj/topics/dur-topic', messageRetentionDuration: 'ten minutes' })).json.error).toMatchObject({
    code: 400,
    status: 'INVALID_ARGUMENT',
  });
  const res = await fetch(`${base}/projects/rest-proj/topics/x1x:publish`, { method: 'POST', body: '{not json' });
  expect(res.status).toBe(400);
  expect((await call('GET', 'nowhere')).status).toBe(404);
});
