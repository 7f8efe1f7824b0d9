import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gapic, newClient, uid } from './test-helpers';
import { startPubSub } from './index';
import { FileStore } from './store/file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pubsub-data-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a restart with a data dir keeps topics, subscriptions and every unacked message', async () => {
  const first = await startPubSub({ port: 0, dataDir: dir });
  let raw = gapic(first);
  const client = newClient(first);
  const [topic] = await client.createTopic(uid('t'));
  const [dead] = await client.createTopic(uid('dead'));
  const [sub] = await topic.createSubscription(uid('s'), { ackDeadlineSeconds: 30, filter: 'attributes:keep', deadLetterPolicy: { deadLetterTopic: dead.name, maxDeliveryAttempts: 7 } });
  const [other] = await topic.createSubscription(uid('o'));
  const messages = Array.from({ length: 100 }, (_, i) => ({ data: Buffer.from(`m${i}`), attributes: { keep: 'yes', i: String(i) } }));
  const [published] = await raw.publisher.publish({ topic: topic.name, messages });
  const [pulled] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 60 });
  const acked = pulled.receivedMessages!.slice(0, 40);
  await raw.subscriber.acknowledge({ subscription: sub.name, ackIds: acked.map((m) => m.ackId!) }); // 20 stay leased
  await raw.close();
  await client.close();
  await first.close();

  const second = await startPubSub({ port: 0, dataDir: dir });
  raw = gapic(second);
  const [meta] = await raw.subscriber.getSubscription({ subscription: sub.name });
  expect(meta).toMatchObject({ ackDeadlineSeconds: 30, filter: 'attributes:keep', deadLetterPolicy: { deadLetterTopic: dead.name, maxDeliveryAttempts: 7 } });
  const [subs] = await raw.publisher.listTopicSubscriptions({ topic: topic.name });
  expect([...subs].sort()).toEqual([sub.name, other.name].sort());
  const [again] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 100 });
  const ackedIds = new Set(acked.map((m) => m.message!.messageId));
  const expected = published.messageIds!.filter((id) => !ackedIds.has(id));
  expect(again.receivedMessages!.map((m) => m.message!.messageId).sort()).toEqual([...expected].sort());
  expect(again.receivedMessages!.find((m) => m.message!.attributes!.i === '99')!.message!.data!.toString()).toBe('m99');
  const [otherMessages] = await raw.subscriber.pull({ subscription: other.name, maxMessages: 100 });
  expect(otherMessages.receivedMessages).toHaveLength(100);
  // new messages get new ids
  const [next] = await raw.publisher.publish({ topic: topic.name, messages: [{ data: Buffer.from('new'), attributes: { keep: '1' } }] });
  expect(published.messageIds).not.toContain(next.messageIds![0]);
  await raw.close();
  await second.close();
});

it('replays the journal when the last run stopped without writing a snapshot', async () => {
  const store = new FileStore(dir);
  await store.load();
  const msg = (id: string) => ({ messageId: id, data: Buffer.from(id), attributes: {}, orderingKey: '', publishTime: 1, size: 1 });
  store.record({ op: 'topic', config: { name: 'projects/p/topics/t1' } });
  store.record({ op: 'sub', config: { name: 'projects/p/subscriptions/s1', topic: 'projects/p/topics/t1' } });
  store.record({ op: 'pub', msg: msg('1'), to: [['projects/p/subscriptions/s1', 1]] });
  store.record({ op: 'pub', msg: msg('2'), to: [['projects/p/subscriptions/s1', 2]] });
  store.record({ op: 'rm', sub: 'projects/p/subscriptions/s1', seq: 1 });
  await store.flush();
  const state = await new FileStore(dir).load();
  expect(state.topics.map((t) => t.name)).toEqual(['projects/p/topics/t1']);
  expect(state.messages.map((m) => [m.msg.messageId, m.msg.data.toString(), m.to])).toEqual([['2', '2', [['projects/p/subscriptions/s1', 2]]]]);
});
