import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { AddressInfo } from 'node:net';
import { memoryPublisher } from '../shared/publisher';
import { enrichHandler, type EnrichOptions } from './enrich';
import { fixtureProcessor } from './fixture.test-helpers';

const ce = (body: unknown, attributes: Record<string, string> = {}) => ({
  message: { data: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)).toString('base64'), attributes, messageId: '1' },
});
const options = (publisher = memoryPublisher()): EnrichOptions => ({
  process: fixtureProcessor,
  publisher,
  enrichedTopic: 'fx-enriched',
  quarantineTopic: 'fx-quarantine',
  now: () => new Date('2026-11-22T10:00:00Z'),
});

describe('enrich', () => {
  it('publishes the enriched event with the event_id attribute', async () => {
    const publisher = memoryPublisher();
    const out = await enrichHandler(options(publisher))(ce({ id: 'a1', room: 'r1', value: 2 }));
    expect(out.kind).toBe('ok');
    const [m] = publisher.sent.get('fx-enriched')!;
    expect(m.attributes).toEqual({ event_id: 'a1' });
    expect(JSON.parse(m.data.toString())).toMatchObject({ event_id: 'a1', doubled: 4 });
  });

  it('publishes an invalid event to quarantine with its rule and the original payload', async () => {
    const publisher = memoryPublisher();
    await enrichHandler(options(publisher))(ce('{"id":"b"}'));
    const [m] = publisher.sent.get('fx-quarantine')!;
    expect(m.attributes).toEqual({ rule: 'schema.required', event_id: 'b' });
    expect(JSON.parse(m.data.toString())).toEqual({ pipeline: 'fx', event_id: 'b', received_at: '2026-11-22T10:00:00.000Z', rule: 'schema.required', detail: 'room is required', payload: '{"id":"b"}' });
    expect(publisher.sent.has('fx-enriched')).toBe(false);
  });

  it('throws when publishing fails, so the push is retried', async () => {
    const publisher = memoryPublisher(() => Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }));
    await expect(enrichHandler(options(publisher))(ce({ id: 'c', room: 'r' }))).rejects.toThrow('UNAVAILABLE');
  });

  it('answers a Pub/Sub push to /projects/<p>/topics/<t> through the functions framework: 204, then 500 for a poison message', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined); // the framework logs the crash
    const publisher = memoryPublisher();
    const handler = enrichHandler(options(publisher));
    ff.cloudEvent('enrichUnderTest', async (event: ff.CloudEvent<unknown>) => void (await handler(event.data)));
    const server = getTestServer('enrichUnderTest').listen(0);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/projects/p/topics/fx-raw`;
      const push = (body: unknown) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscription: 'projects/p/subscriptions/fx-raw-enrich', ...ce(body) }) });
      expect((await push({ id: 'd1', room: 'r' })).status).toBeLessThan(300);
      expect(publisher.sent.get('fx-enriched')).toHaveLength(1);
      expect((await push({ id: 'd2', room: 'r', poison: true })).status).toBe(500);
    } finally {
      server.close();
      quiet.mockRestore();
    }
  });
});
