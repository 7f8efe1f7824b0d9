import { Client } from '@elastic/elasticsearch';
import { startElasticsearch, type ElasticsearchHandle } from '../../emulators/elasticsearch';
import { EsError } from '../../emulators/elasticsearch/errors';
import { FakeSubscription } from '../shared/fake-subscription.test-helpers';
import { memoryPublisher } from '../shared/publisher';
import { drainIndex, type DrainIndexOptions } from './drain-index';

const mappings = {
  dynamic: false,
  properties: { event_id: { type: 'keyword' }, event_time: { type: 'date' }, room: { type: 'keyword' }, value: { type: 'double' } },
};
const pipeline = (id: string) => ({ id, timeField: 'event_time', index: { shards: 1, replicas: 0, refreshInterval: '1s' } });
const event = (i: number, day = 22) => ({ event_id: `e${i}`, event_time: `2026-11-${day}T10:00:00Z`, room: `r${i % 3}`, value: i });
const noSleep = { sleep: async () => undefined, backoffMs: 1 };

describe('drainIndex into the Elasticsearch emulator', () => {
  let es: ElasticsearchHandle;
  let client: Client;
  let failBulk = 0;
  beforeAll(async () => {
    es = await startElasticsearch({
      port: 0,
      faults: (op) => (op === 'bulk' && failBulk-- > 0 ? new EsError({ status: 429, type: 'es_rejected_execution_exception', reason: 'queue full (injected)' }) : undefined),
    });
    client = new Client({ node: es.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await es.close();
  });

  const opts = (id: string, sub: FakeSubscription, publisher = memoryPublisher()): DrainIndexOptions => ({
    client,
    pipeline: pipeline(id),
    mappings,
    source: sub,
    publisher,
    policy: { count: 100, bytes: 1 << 20, ageMs: 0 },
    budgetMs: 30_000,
    retry: noSleep,
  });

  it('puts the template, indexes into daily indices by event time with _id = event_id, and answers a summary', async () => {
    const sub = new FakeSubscription();
    for (let i = 0; i < 10; i++) sub.push(event(i, 22 + (i % 2)), { event_id: `e${i}` });
    const summary = await drainIndex(opts('iot', sub));
    expect(summary).toMatchObject({ templatePut: true, pulled: 10, written: 10, nacked: 0, stoppedBy: 'idle', counters: { indexed: 10, quarantined: 0 } });
    const template = await client.indices.getIndexTemplate({ name: 'iot' });
    expect(template.index_templates[0].index_template.index_patterns).toEqual(['iot-*']);
    await client.indices.refresh({ index: 'iot-*' });
    expect((await client.count({ index: 'iot-2026.11.22' })).count).toBe(5);
    expect((await client.count({ index: 'iot' })).count).toBe(10);
    expect((await client.get({ index: 'iot-2026.11.23', id: 'e1' }))._source).toEqual(event(1, 23));
  });

  it('indexes each event once by event_id when a batch is delivered again', async () => {
    const sub = new FakeSubscription();
    for (let i = 0; i < 8; i++) sub.push(event(i), { event_id: `e${i}` });
    await drainIndex(opts('redelivered', sub));
    sub.redeliverAcked();
    const again = await drainIndex(opts('redelivered', sub));
    expect(again.templatePut).toBe(false);
    expect(again.written).toBe(8);
    await client.indices.refresh({ index: 'redelivered-*' });
    expect((await client.count({ index: 'redelivered' })).count).toBe(8);
  });

  it('sends documents the mapping rejects to quarantine with the rule and acks them', async () => {
    const sub = new FakeSubscription();
    const publisher = memoryPublisher();
    sub.push(event(1), { event_id: 'e1' });
    sub.push({ ...event(2), value: 'not a number' }, { event_id: 'e2' });
    const summary = await drainIndex(opts('mapped', sub, publisher));
    expect(summary.counters).toMatchObject({ indexed: 1, quarantined: 1 });
    expect(sub.acked).toHaveLength(2);
    const [q] = publisher.sent.get('mapped-quarantine')!;
    expect(q.attributes).toEqual({ event_id: 'e2', rule: 'index.mapping' });
    expect(JSON.parse(q.data.toString())).toMatchObject({ pipeline: 'mapped', event_id: 'e2', rule: 'index.mapping', payload: JSON.stringify({ ...event(2), value: 'not a number' }) });
  });

  it('backs off on 429 and indexes once the cluster recovers', async () => {
    const sub = new FakeSubscription();
    sub.push(event(1), { event_id: 'e1' });
    failBulk = 2;
    const summary = await drainIndex(opts('busy', sub));
    expect(summary).toMatchObject({ written: 1, nacked: 0 });
  });

  it('nacks the batch when the cluster keeps answering 429', async () => {
    const sub = new FakeSubscription();
    sub.push(event(1), { event_id: 'e1' });
    failBulk = 1_000;
    try {
      const summary = await drainIndex({ ...opts('down', sub), budgetMs: 10, retry: { ...noSleep, attempts: 3 } });
      expect(summary.written).toBe(0);
      expect(summary.nacked).toBeGreaterThanOrEqual(1);
      expect(summary.failedBatches).toBeGreaterThanOrEqual(1);
      expect(sub.acked).toHaveLength(0);
    } finally {
      failBulk = 0;
    }
  });
});
