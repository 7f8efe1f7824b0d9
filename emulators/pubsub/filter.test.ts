import { status } from '@grpc/grpc-js';
import { compileFilter } from './filter';
import { collect, startEnv, uid, waitFor, type Env } from './test-helpers';

describe('the filter language', () => {
  const cases: [string, Record<string, string>, boolean][] = [
    ['attributes.k = "v"', { k: 'v' }, true],
    ['attributes.k = "v"', { k: 'w' }, false],
    ['attributes.k = "v"', {}, false],
    ['attributes.k != "v"', { k: 'w' }, true],
    ['attributes.k != "v"', {}, true],
    ['attributes:k', { k: '' }, true],
    ['attributes:k', { j: 'k' }, false],
    ['NOT attributes:k', { j: 'x' }, true],
    ['-attributes:k', { k: 'x' }, false],
    ['hasPrefix(attributes.region, "eu-")', { region: 'eu-west1' }, true],
    ['hasPrefix(attributes.region, "eu-")', { region: 'us-east1' }, false],
    ['attributes.a = "1" AND attributes.b = "2"', { a: '1', b: '2' }, true],
    ['attributes.a = "1" AND attributes.b = "2"', { a: '1', b: '3' }, false],
    ['attributes.a = "1" OR attributes.b = "2"', { b: '2' }, true],
    ['(attributes.a = "1" OR attributes.a = "2") AND NOT attributes:skip', { a: '2' }, true],
    ['(attributes.a = "1" OR attributes.a = "2") AND NOT attributes:skip', { a: '2', skip: 'y' }, false],
    ['attributes."with space" = "x y"', { 'with space': 'x y' }, true],
    ['attributes.event-type = "a\\"b"', { 'event-type': 'a"b' }, true],
  ];
  it.each(cases)('%s on %j is %s', (filter, attrs, expected) => {
    expect(compileFilter(filter)!(attrs)).toBe(expected);
  });

  it.each([
    'attributes.k =',
    'attributes.k = v',
    'attributes.a = "1" AND attributes.b = "2" OR attributes.c = "3"',
    '(attributes:k',
    'data = "x"',
    'hasPrefix(attributes.k)',
    `attributes.k = "${'x'.repeat(300)}"`,
  ])('rejects %s with INVALID_ARGUMENT', (filter) => {
    expect(() => compileFilter(filter)).toThrow(expect.objectContaining({ code: status.INVALID_ARGUMENT }));
  });

  it('treats an empty filter as matching everything', () => {
    expect(compileFilter('')).toBeUndefined();
  });
});

describe('a subscription with a filter', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => env.close());

  it('delivers only matching messages and never stores the others', async () => {
    const [topic] = await env.client.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'), { filter: 'attributes.color = "red" OR hasPrefix(attributes.color, "ma")' });
    const [meta] = await sub.getMetadata();
    expect(meta.filter).toBe('attributes.color = "red" OR hasPrefix(attributes.color, "ma")');
    for (const color of ['red', 'blue', 'magenta', 'green', 'maroon']) await topic.publishMessage({ data: Buffer.from(color), attributes: { color } });
    await topic.publishMessage({ data: Buffer.from('none') });
    const got = await collect(sub, (g) => g.length === 3);
    await waitFor(() => env.emulator.broker.subscription(sub.name).backlog === 0, 'acks');
    await sub.close();
    expect(got.map((m) => m.data.toString()).sort()).toEqual(['magenta', 'maroon', 'red']);
  });
});
