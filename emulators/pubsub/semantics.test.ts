import { status } from '@grpc/grpc-js';
import type { Message } from '@google-cloud/pubsub';
import { AckResponses, type AckError } from '@google-cloud/pubsub';
import { collect, gapic, startEnv, uid, waitFor, type Env } from './test-helpers';

// `env` runs at 1/100 time (a 10 s ack deadline lasts 100 ms); `real` at real time, for tests
// where the client's own ack batching (up to 100 ms) must not race the deadline.
let env: Env;
let real: Env;
let raw: ReturnType<typeof gapic>;
beforeAll(async () => {
  env = await startEnv({ timeScale: 0.01, pullWaitMs: 3000 });
  real = await startEnv();
  raw = gapic(env.emulator);
});
afterAll(async () => {
  await raw.close();
  await env.close();
  await real.close();
});

it('keeps order per ordering key and hands out the next message of a key only after the previous is acked', async () => {
  const [topic] = await real.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { enableMessageOrdering: true });
  const publisher = real.client.topic(topic.name, { messageOrdering: true });
  const keys = ['a', 'b', 'c'];
  const sends: Promise<string>[] = [];
  for (let i = 0; i < 30; i++) for (const k of keys) sends.push(publisher.publishMessage({ data: Buffer.from(String(i)), orderingKey: k }));
  await Promise.all(sends);
  const inFlight = new Map<string, number>();
  let overlap = false;
  const got = await collect(
    sub,
    (g) => g.length === 90,
    (m: Message) => {
      const n = (inFlight.get(m.orderingKey!) ?? 0) + 1;
      if (n > 1) overlap = true;
      inFlight.set(m.orderingKey!, n);
      setTimeout(() => {
        inFlight.set(m.orderingKey!, (inFlight.get(m.orderingKey!) ?? 1) - 1);
        m.ack();
      }, 1);
    },
  );
  await sub.close();
  for (const k of keys) {
    const seq = got.filter((m) => m.orderingKey === k).map((m) => Number(m.data.toString()));
    expect(seq).toEqual([...Array(30).keys()]);
  }
  expect(overlap).toBe(false);
});

it('with exactly-once delivery the client acks with a response', async () => {
  const [topic] = await real.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { enableExactlyOnceDelivery: true });
  await topic.publishMessage({ data: Buffer.from('once') });
  const [m] = await collect(sub, (g) => g.length === 1, () => undefined);
  await expect(m!.ackWithResponse()).resolves.toBe(AckResponses.Success);
  await sub.close();
  expect(real.emulator.broker.subscription(sub.name).backlog).toBe(0);
});

it('with exactly-once delivery the client learns that an expired ack id is invalid', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { enableExactlyOnceDelivery: true });
  await topic.publishMessage({ data: Buffer.from('once') });
  // the client's lease extensions run on real time; the emulator's deadline (60 s x 0.01) expires first
  const [first, second] = await collect(sub, (g) => g.length === 2, () => undefined);
  await sub.close();
  expect(second!.id).toBe(first!.id);
  const response = await first!.ackWithResponse().then((r) => r, (e: AckError) => e.errorCode);
  expect(response).toBe(AckResponses.Invalid);
});

it('with exactly-once delivery Acknowledge reports each dead ack id in the ErrorInfo, as the service does', async () => {
  const rawReal = gapic(real.emulator);
  const [topic] = await real.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { enableExactlyOnceDelivery: true });
  await rawReal.publisher.publish({ topic: topic.name, messages: [{ data: Buffer.from('once') }] });
  const [first] = await rawReal.subscriber.pull({ subscription: sub.name, maxMessages: 1 });
  const dead = first.receivedMessages![0]!.ackId!;
  await rawReal.subscriber.modifyAckDeadline({ subscription: sub.name, ackIds: [dead], ackDeadlineSeconds: 0 });
  const [second] = await rawReal.subscriber.pull({ subscription: sub.name, maxMessages: 1 });
  const live = second.receivedMessages![0]!.ackId!;
  await expect(rawReal.subscriber.acknowledge({ subscription: sub.name, ackIds: [dead] })).rejects.toMatchObject({
    code: status.INVALID_ARGUMENT,
    reason: 'EXACTLY_ONCE_ACKID_FAILURE',
    errorInfoMetadata: { [dead]: 'PERMANENT_FAILURE_INVALID_ACK_ID' },
  });
  await rawReal.subscriber.acknowledge({ subscription: sub.name, ackIds: [live] });
  await expect(rawReal.subscriber.acknowledge({ subscription: sub.name, ackIds: [live] })).rejects.toMatchObject({
    errorInfoMetadata: { [live]: 'PERMANENT_FAILURE_INVALID_ACK_ID' },
  });
  await rawReal.close();
});

it('Seek to a time redelivers acked messages retained since then, and to now acks everything', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'), { retainAckedMessages: true });
  const before = new Date(Date.now() - 1000);
  await raw.publisher.publish({ topic: topic.name, messages: [{ data: Buffer.from('1') }, { data: Buffer.from('2') }] });
  const [res] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 10 });
  await raw.subscriber.acknowledge({ subscription: sub.name, ackIds: res.receivedMessages!.map((m) => m.ackId!) });
  await sub.seek(before);
  const [again] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 10 });
  expect(again.receivedMessages!.map((m) => m.message!.data!.toString())).toEqual(['1', '2']);
  await sub.seek(new Date(Date.now() + 1000));
  expect(env.emulator.broker.subscription(sub.name).backlog).toBe(0);
});

it('Seek to a snapshot redelivers what was unacked when it was taken and everything published since', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  const pub = (data: string) => raw.publisher.publish({ topic: topic.name, messages: [{ data: Buffer.from(data) }] });
  await pub('1');
  await pub('2');
  const [first] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 1 });
  await raw.subscriber.acknowledge({ subscription: sub.name, ackIds: [first.receivedMessages![0]!.ackId!] });
  const [snapshot] = await sub.createSnapshot(uid('snap'));
  await pub('3');
  const drain = async (): Promise<string[]> => {
    const [res] = await raw.subscriber.pull({ subscription: sub.name, maxMessages: 10 });
    const got = res.receivedMessages ?? [];
    if (got.length) await raw.subscriber.acknowledge({ subscription: sub.name, ackIds: got.map((m) => m.ackId!) });
    return got.map((m) => m.message!.data!.toString());
  };
  expect((await drain()).sort()).toEqual(['2', '3']);
  await sub.seek(snapshot.name);
  expect(await drain()).toEqual(['2', '3']);
  const [snapshots] = await env.client.getSnapshots();
  expect(snapshots.map((s) => s.name)).toContain(snapshot.name);
  await snapshot.delete();
  await expect(sub.seek(snapshot.name)).rejects.toMatchObject({ code: status.NOT_FOUND });
});

it('a detached subscription leaves its topic and refuses pulls with FAILED_PRECONDITION', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  await env.client.detachSubscription(sub.name);
  const [subs] = await topic.getSubscriptions();
  expect(subs).toHaveLength(0);
  const [meta] = await sub.getMetadata();
  expect(meta.detached).toBe(true);
  await expect(raw.subscriber.pull({ subscription: sub.name, maxMessages: 1 })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
});

it('UpdateSubscription changes the ack deadline and labels; the topic can be updated too', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  await sub.setMetadata({ ackDeadlineSeconds: 42, labels: { team: 'data' } });
  const [meta] = await sub.getMetadata();
  expect(meta.ackDeadlineSeconds).toBe(42);
  expect(meta.labels).toEqual({ team: 'data' });
  await topic.setMetadata({ labels: { env: 'local' } });
  const [tmeta] = await topic.getMetadata();
  expect(tmeta.labels).toEqual({ env: 'local' });
});

it('deleting a topic leaves its subscriptions attached to _deleted-topic_', async () => {
  const [topic] = await env.client.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  await topic.delete();
  const [meta] = await sub.getMetadata();
  expect(meta.topic).toBe('_deleted-topic_');
  await waitFor(() => true);
});
