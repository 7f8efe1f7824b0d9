import fc from 'fast-check';
import { status } from '@grpc/grpc-js';
import { gapic, startEnv, uid, type Env } from './test-helpers';

/** Arbitrary requests never take the server down and always get one of the service's status codes. */
let env: Env;
let raw: ReturnType<typeof gapic>;
const P = 'projects/test-project';
const topic = `${P}/topics/robust-topic`;
const sub = `${P}/subscriptions/robust-sub`;
beforeAll(async () => {
  env = await startEnv();
  raw = gapic(env.emulator);
  await raw.publisher.createTopic({ name: topic });
  await raw.subscriber.createSubscription({ name: sub, topic });
});
afterAll(async () => {
  await raw.close();
  await env.close();
});

const SERVICE_CODES = new Set([status.OK, status.INVALID_ARGUMENT, status.NOT_FOUND, status.ALREADY_EXISTS, status.FAILED_PRECONDITION]);
const outcome = (p: Promise<unknown>): Promise<number> => p.then(() => status.OK, (e: { code: number }) => e.code);
const name = fc.oneof(fc.string(), fc.constantFrom(topic, `${P}/topics/`, `${P}/topics/a`, 'projects//topics/abc', `${P}/subscriptions/x/y`));

it('survives arbitrary publishes, names, ack ids, deadlines and filters', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        topicName: name,
        messages: fc.array(fc.record({ data: fc.uint8Array({ maxLength: 64 }), attributes: fc.dictionary(fc.string({ maxLength: 300 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }), orderingKey: fc.string({ maxLength: 10 }) }), { maxLength: 3 }),
        ackIds: fc.array(fc.string(), { maxLength: 3 }),
        deadline: fc.integer({ min: -5, max: 700 }),
        filter: fc.string({ maxLength: 40 }),
        subName: name,
      }),
      async (r) => {
        const codes = await Promise.all([
          outcome(raw.publisher.publish({ topic: r.topicName, messages: r.messages.map((m) => ({ ...m, data: Buffer.from(m.data) })) })),
          outcome(raw.publisher.publish({ topic, messages: r.messages.map((m) => ({ ...m, data: Buffer.from(m.data) })) })),
          outcome(raw.subscriber.acknowledge({ subscription: sub, ackIds: r.ackIds })),
          outcome(raw.subscriber.modifyAckDeadline({ subscription: sub, ackIds: r.ackIds, ackDeadlineSeconds: r.deadline })),
          outcome(raw.subscriber.createSubscription({ name: `${P}/subscriptions/${uid('f')}`, topic, filter: r.filter })),
          outcome(raw.subscriber.getSubscription({ subscription: r.subName })),
          outcome(raw.publisher.createTopic({ name: r.topicName })),
        ]);
        for (const c of codes) expect(SERVICE_CODES).toContain(c);
      },
    ),
    { numRuns: 60 },
  );
  const [ok] = await raw.publisher.publish({ topic, messages: [{ data: Buffer.from('still serving') }] });
  expect(ok.messageIds).toHaveLength(1);
});
