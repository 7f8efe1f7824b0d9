/**
 * The API's Elasticsearch routes against the Elasticsearch emulator, through the official client
 * the api function builds, with the index template the index drain puts (alias `<id>`).
 */
import { Client } from '@elastic/elasticsearch';
import { startElasticsearch, type ElasticsearchHandle } from '../../emulators/elasticsearch';
import { getPipeline } from '../../pipelines';
import { toElasticsearchMapping } from '../../schemas/derive';
import { ensureTemplate } from '../drain-index/template';
import { route, type ApiOptions } from './routes';
import type { SearchIndex } from './search';

const iot = getPipeline('iot');
let es: ElasticsearchHandle;
let client: Client;
const warehouse = { query: async () => [] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = (opts: Partial<ApiOptions>, path: string): Promise<{ status: number; body: any }> =>
  route({ pipelines: [iot], warehouse, search: client as unknown as SearchIndex, ...opts }, 'GET', new URL(`http://x${path}`)).catch((err: { status: number; message: string }) => ({ status: err.status, body: { error: err.message } }));

beforeAll(async () => {
  es = await startElasticsearch({ port: 0 });
  client = new Client({ node: es.url });
}, 60_000);
afterAll(async () => {
  await client?.close();
  await es?.close();
});

describe('api search and live (Elasticsearch)', () => {
  it('answers an empty index before the index drain ran', async () => {
    expect(await get({}, '/api/iot/live')).toEqual({ status: 200, body: { pipeline: 'iot', indexed: 0, newest: null } });
    expect((await get({}, '/api/iot/search?q=r101')).body).toMatchObject({ total: 0, hits: [] });
  });

  it('finds the newest matching documents through the pipeline alias, and counts what is indexed', async () => {
    await ensureTemplate(client, iot, toElasticsearchMapping(iot.enrichedSchema));
    const docs = Array.from({ length: 12 }, (_, i) => ({
      event_id: `e${i}`,
      event_time: new Date(Date.UTC(2026, 10, 22, 10, 0, i)).toISOString(),
      room: i % 3 === 0 ? 'r101' : 'r102',
      sensor_type: i % 2 ? 'co2' : 'temperature',
      value: 20 + i,
    }));
    await client.bulk({ refresh: true, operations: docs.flatMap((d) => [{ index: { _index: 'iot-2026.11.22', _id: d.event_id } }, d]) });

    const live = await get({}, '/api/iot/live');
    expect(live.body).toEqual({ pipeline: 'iot', indexed: 12, newest: '2026-11-22T10:00:11.000Z' });

    const r101 = await get({}, '/api/iot/search?q=r101&limit=2');
    expect(r101.status).toBe(200);
    expect(r101.body).toMatchObject({ total: 4, count: 2 });
    // newest first
    expect((r101.body as { hits: { event_id: string }[] }).hits.map((h) => h.event_id)).toEqual(['e9', 'e6']);
    const both = await get({}, '/api/iot/search?q=r101%20co2');
    expect((both.body as { hits: { event_id: string }[] }).hits.map((h) => h.event_id)).toEqual(['e9', 'e3']);
    expect((await get({}, '/api/iot/search')).body).toMatchObject({ total: 12, count: 12 });
  });

  it('rejects unknown parameters, a long q and a bad limit; answers 503 without Elasticsearch', async () => {
    expect((await get({}, '/api/iot/search?room=r101')).status).toBe(400);
    expect((await get({}, `/api/iot/search?q=${'x'.repeat(501)}`)).body.error).toMatch(/at most 500/);
    expect((await get({}, '/api/iot/search?limit=0')).status).toBe(400);
    const none = await get({ search: undefined }, '/api/iot/live');
    expect(none).toEqual({ status: 503, body: { error: expect.stringMatching(/no ELASTICSEARCH_URL/) } });
  });
});
