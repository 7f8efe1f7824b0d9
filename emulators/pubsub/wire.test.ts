import type { StoredMessage } from './model';
import { serviceDefinition } from './proto';
import { encodeStreamingPullResponse, pubsubMessageBytes } from './wire';

/** Decodes with the proto definitions the client ships (the same decoder the generic path pairs with). */
const decode = (buf: Buffer): Record<string, unknown> => serviceDefinition('Subscriber').StreamingPull!.responseDeserialize(buf) as Record<string, unknown>;

const msg = (over: Partial<StoredMessage>): StoredMessage => ({
  messageId: '1',
  data: Buffer.from('hello'),
  attributes: {},
  orderingKey: '',
  publishTime: 1_700_000_000_123,
  size: 5,
  ...over,
});

describe('hand-encoded StreamingPullResponse', () => {
  it('decodes to what was delivered: data, attributes, id, publish time, ordering key, attempt, properties', () => {
    const big = Buffer.alloc(300_000, 7); // multi-byte lengths
    const a = msg({ messageId: '42', attributes: { k: 'v', 'ключ': 'значение ✓', empty: '' }, orderingKey: 'key-é', publishTime: 1_700_000_000_123 });
    const b = msg({ messageId: '123456789012', data: big, publishTime: 1_700_000_001_000 });
    const c = msg({ messageId: '7', data: Buffer.alloc(0), attributes: { only: 'attrs' }, publishTime: 5 });
    const out = decode(
      encodeStreamingPullResponse(
        [
          { ackId: 'p1-1-1', msg: a, attempt: 0 },
          { ackId: 'p1-2-300', msg: b, attempt: 300 },
          { ackId: 'p1-3-1', msg: c, attempt: 1 },
        ],
        { exactlyOnceDeliveryEnabled: true, messageOrderingEnabled: false },
      ),
    );
    const rm = out.receivedMessages as { ackId: string; deliveryAttempt?: number; message: Record<string, unknown> }[];
    expect(rm.map((r) => [r.ackId, r.deliveryAttempt ?? 0])).toEqual([
      ['p1-1-1', 0],
      ['p1-2-300', 300],
      ['p1-3-1', 1],
    ]);
    expect(rm[0]!.message).toEqual({ data: Buffer.from('hello'), attributes: a.attributes, messageId: '42', publishTime: { seconds: '1700000000', nanos: 123_000_000 }, orderingKey: 'key-é' });
    expect(Buffer.compare(rm[1]!.message.data as Buffer, big)).toBe(0);
    expect(rm[1]!.message.publishTime).toEqual({ seconds: '1700000001' });
    expect(rm[2]!.message).toEqual({ attributes: { only: 'attrs' }, messageId: '7', publishTime: { nanos: 5_000_000 } });
    expect(out.subscriptionProperties).toEqual({ exactlyOnceDeliveryEnabled: true });
  });

  it('pubsubMessageBytes is the message field of the response', () => {
    const m = msg({ attributes: { a: 'b' }, orderingKey: 'k' });
    const whole = encodeStreamingPullResponse([{ ackId: 'x', msg: m, attempt: 0 }], { exactlyOnceDeliveryEnabled: false, messageOrderingEnabled: false });
    expect(whole.includes(pubsubMessageBytes(m))).toBe(true);
  });

  it('an empty batch still carries the properties', () => {
    const out = decode(encodeStreamingPullResponse([], { exactlyOnceDeliveryEnabled: false, messageOrderingEnabled: true }));
    expect(out).toEqual({ subscriptionProperties: { messageOrderingEnabled: true } });
  });
});
