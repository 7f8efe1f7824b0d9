import { cloudEventMessage } from './pubsub';

describe('cloudEventMessage', () => {
  it('decodes the base64 data, attributes and message id of a Pub/Sub CloudEvent', () => {
    const m = cloudEventMessage({ message: { data: Buffer.from('{"a":1}').toString('base64'), attributes: { k: 'v' }, messageId: '42' }, subscription: 's' });
    expect(m).toEqual({ data: Buffer.from('{"a":1}'), attributes: { k: 'v' }, messageId: '42' });
  });

  it('accepts the snake_case message_id of push bodies and missing data', () => {
    expect(cloudEventMessage({ message: { message_id: '7' } })).toEqual({ data: Buffer.alloc(0), attributes: {}, messageId: '7' });
  });

  it('says what is wrong when the event is not from Pub/Sub', () => {
    expect(() => cloudEventMessage({ bucket: 'b', name: 'o' })).toThrow(/no Pub\/Sub `message`.*Pub\/Sub topic/);
  });
});
