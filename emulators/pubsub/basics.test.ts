import { collect, gapic, startEnv, uid, waitFor, type Env } from './test-helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.close());

it('publishes and delivers through StreamingPull with attributes and acks', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  const id = await topic.publishMessage({ data: Buffer.from('hello'), attributes: { k: 'v' } });
  const [m] = await collect(sub, (got) => got.length === 1);
  expect(m!.id).toBe(id);
  expect(m!.data.toString()).toBe('hello');
  expect(m!.attributes).toEqual({ k: 'v' });
  expect(m!.publishTime.getTime()).toBeGreaterThan(0);
  await waitFor(() => env.emulator.broker.subscription(sub.name).backlog === 0, 'the ack');
  await sub.close();
});

it('gets, lists and deletes topics and subscriptions', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { ackDeadlineSeconds: 30 });
  const [meta] = await sub.getMetadata();
  expect(meta.ackDeadlineSeconds).toBe(30);
  expect(meta.topic).toBe(topic.name);
  const [topics] = await env.client.getTopics();
  expect(topics.map((t) => t.name)).toContain(topic.name);
  const [subs] = await topic.getSubscriptions();
  expect(subs.map((s) => s.name)).toEqual([sub.name]);
  await sub.delete();
  await topic.delete();
  expect((await topic.exists())[0]).toBe(false);
  expect((await sub.exists())[0]).toBe(false);
});

it('pages ListTopics and ListSubscriptions with page tokens', async () => {
  const raw = gapic(env.emulator);
  const project = 'projects/paging-project';
  for (const n of ['a-topic', 'b-topic', 'c-topic']) await raw.publisher.createTopic({ name: `${project}/topics/${n}` });
  const [first, , firstResponse] = await raw.publisher.listTopics({ project, pageSize: 2 }, { autoPaginate: false });
  expect(first.map((t) => t.name)).toEqual([`${project}/topics/a-topic`, `${project}/topics/b-topic`]);
  const [second] = await raw.publisher.listTopics({ project, pageSize: 2, pageToken: firstResponse!.nextPageToken! }, { autoPaginate: false });
  expect(second.map((t) => t.name)).toEqual([`${project}/topics/c-topic`]);
  const [all] = await raw.publisher.listTopics({ project, pageSize: 1 });
  expect(all).toHaveLength(3);
  await raw.close();
});
