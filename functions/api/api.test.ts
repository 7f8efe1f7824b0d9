import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { BigQuery } from '@google-cloud/bigquery';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startTestBigQuery } from '../../emulators/bigquery/test-helpers';
import type { BigQueryHandle } from '../../emulators/bigquery';
import { iot, taxi } from '../../pipelines/index';
import type { Runtime } from '../runtime';
import { apiTarget } from './target';
import { bigqueryWarehouse } from './warehouse';

const ROOMS = ['r101', 'r102', 'r103'];
const row = (i: number) => ({
  event_id: `e${String(i).padStart(3, '0')}`,
  event_time: new Date(Date.UTC(2026, 10, 22, 10, 0, i)).toISOString(),
  dt: '2026-11-22',
  room: ROOMS[i % 3],
  sensor_type: i % 2 ? 'co2' : 'temperature',
  value: i,
  quality: 'ok',
});

describe('api through the functions framework against the BigQuery emulator', () => {
  let emulator: BigQueryHandle;
  let bq: BigQuery;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    ({ emulator, bq } = await startTestBigQuery());
    for (const d of ['silver', 'gold', 'ml', 'quarantine']) await bq.createDataset(d);
    const [events] = await bq.dataset('silver').createTable('iot', {
      schema: [
        { name: 'event_id', type: 'STRING' },
        { name: 'event_time', type: 'TIMESTAMP' },
        { name: 'dt', type: 'DATE' },
        { name: 'room', type: 'STRING' },
        { name: 'sensor_type', type: 'STRING' },
        { name: 'value', type: 'FLOAT' },
        { name: 'quality', type: 'STRING' },
      ],
    });
    await events.insert(Array.from({ length: 30 }, (_, i) => row(i)));
    const [kpi] = await bq.dataset('gold').createTable('iot_room_hourly', { schema: [{ name: 'room', type: 'STRING' }, { name: 'mean_value', type: 'FLOAT' }] });
    await kpi.insert([{ room: 'r101', mean_value: 21.5 }]);
    const [pred] = await bq.dataset('ml').createTable('iot_temperature_forecast_predictions', { schema: [{ name: 'room', type: 'STRING' }, { name: 'forecast_value', type: 'FLOAT' }] });
    await pred.insert([{ room: 'r101', forecast_value: 22 }]);
    const [quarantine] = await bq.dataset('quarantine').createTable('iot', {
      schema: ['pipeline', 'event_id', 'rule', 'detail', 'payload'].map((name) => ({ name, type: 'STRING' })).concat([{ name: 'received_at', type: 'TIMESTAMP' }, { name: 'dt', type: 'DATE' }]),
    });
    const bad = (rule: string, dt: string) => ({ pipeline: 'iot', rule, detail: 'x', payload: '{}', received_at: `${dt}T10:00:00Z`, dt });
    await quarantine.insert([bad('schema.required', '2026-11-22'), bad('schema.required', '2026-11-21'), bad('invalid_json', '2026-11-22'), bad('invalid_json', '2026-11-01'), bad('dead_letter', '2026-11-22')]);

    const saved = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'ERROR'; // one invocation line per request would flood the output
    const rt = { env: {}, definitions: {} as Runtime['definitions'], clients: {} as Runtime['clients'] } as Runtime;
    ff.http('apiUnderTest', apiTarget(rt, { pipelines: [iot, taxi] as never, warehouse: bigqueryWarehouse(bq), now: () => new Date('2026-11-22T12:00:00Z') }));
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
    server = getTestServer('apiUnderTest').listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await emulator.close();
  });

  const get = async (path: string) => {
    const res = await fetch(base + path);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('answers /healthz, /api/pipelines and an OpenAPI document listing each filter', async () => {
    expect((await get('/healthz')).body).toEqual({ status: 'ok' });
    const { body } = await get('/api/pipelines');
    expect(body.pipelines.map((p: { id: string }) => p.id)).toEqual(['iot', 'taxi']);
    const doc = (await get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/iot/events'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'room', 'sensor_type', 'quality', 'limit', 'pageToken']);
  });

  it('serves silver events by time range and filters, newest first, and pages with a token', async () => {
    const first = await get('/api/iot/events?from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z&room=r101&limit=4');
    expect(first.status).toBe(200);
    expect(first.body.events.map((e: { event_id: string }) => e.event_id)).toEqual(['e027', 'e024', 'e021', 'e018']);
    expect(first.body.events[0]).toMatchObject({ room: 'r101', value: 27 });
    const next = await get(`/api/iot/events?from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z&room=r101&limit=4&pageToken=${first.body.nextPageToken}`);
    expect(next.body.events.map((e: { event_id: string }) => e.event_id)).toEqual(['e015', 'e012', 'e009', 'e006']);
    const last = await get(`/api/iot/events?from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z&room=r101&limit=4&pageToken=${next.body.nextPageToken}`);
    expect(last.body.events.map((e: { event_id: string }) => e.event_id)).toEqual(['e003', 'e000']);
    expect(last.body.nextPageToken).toBeUndefined();
  });

  it('rejects unknown filters and bad values with a 400 naming the allowed ones', async () => {
    const unknown = await get('/api/iot/events?comfort=high');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/unknown parameter "comfort"; allowed: from, to, limit, pageToken, room, sensor_type, quality/);
    expect(unknown.body.allowed).toEqual(['from', 'to', 'limit', 'pageToken', 'room', 'sensor_type', 'quality']);
    expect((await get('/api/iot/events?limit=1001')).body.error).toMatch(/limit="1001" must be an integer from 1 to 1000/);
    expect((await get('/api/iot/events?from=yesterday')).status).toBe(400);
    expect((await get('/api/iot/events?from=2026-11-22T12:00:00Z&to=2026-11-22T10:00:00Z')).status).toBe(400);
    expect((await get('/api/iot/events?pageToken=bogus')).body.error).toMatch(/pageToken is not valid/);
    expect((await get('/api/nope/events')).status).toBe(404);
    expect((await get('/api/iot/kpis/nope')).body.error).toMatch(/KPIs: room_hourly, room_daily/);
  });

  it.each(['room', 'sensor_type', 'quality'])('binds injection attempts in %s as plain values (no rows, no error, table intact)', async (field) => {
    for (const attack of ["r101' OR '1'='1", "r101'; DROP TABLE silver.iot; --", 'r101" OR 1=1 --', 'r101\\\' UNION SELECT * FROM gold.iot_room_hourly --', '`silver`.`iot`']) {
      const res = await get(`/api/iot/events?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z&${field}=${encodeURIComponent(attack)}`);
      expect(res.status).toBe(200);
      expect(res.body.events).toEqual([]);
    }
    const control = await get(`/api/iot/events?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z&limit=1000`);
    expect(control.body.count).toBe(30);
  });

  it('rejects control characters and a token from another query', async () => {
    expect((await get('/api/iot/events?room=r101%00')).status).toBe(400);
    const page = await get('/api/iot/events?from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z&limit=2');
    expect((await get(`/api/iot/events?from=2026-11-22T10:00:00Z&to=2026-11-22T11:00:00Z&limit=2&room=r102&pageToken=${page.body.nextPageToken}`)).body.error).toMatch(/other parameters/);
  });

  it('serves a KPI table and a model forecast', async () => {
    expect((await get('/api/iot/kpis/room_hourly')).body).toMatchObject({ kpi: 'room_hourly', rows: [{ room: 'r101', mean_value: 21.5 }] });
    expect((await get('/api/iot/models/temperature_forecast')).body).toMatchObject({ type: 'ARIMA_PLUS', forecasts: [{ room: 'r101', forecast_value: 22 }] });
  });

  it('answers a KPI or model not built yet with no rows and a message (a fresh run), not a 502', async () => {
    const kpi = await get('/api/iot/kpis/room_daily');
    expect(kpi).toMatchObject({ status: 200, body: { kpi: 'room_daily', built: false, rows: [] } });
    expect(kpi.body.message).toMatch(/^gold\.iot_room_daily is not built yet: its scheduled query \(every 24 hours\) has not run/);
    expect((await get('/api/iot/models/co2_forecast')).body).toMatchObject({ built: false, forecasts: [], message: expect.stringContaining('ml.iot_co2_forecast') });
  });

  it('reports valid against quarantined by rule over whole days (last 7 by default), dead letters among them and apart', async () => {
    const week = await get('/api/iot/quality');
    expect(week.body).toMatchObject({ pipeline: 'iot', from: '2026-11-16', to: '2026-11-22', valid: 30, quarantined: 4, rules: [{ rule: 'schema.required', count: 2 }, { rule: 'dead_letter', count: 1 }, { rule: 'invalid_json', count: 1 }], deadLettered: 1 });
    expect(week.body.deadLetterNote).toMatch(/quarantine\.iot with rule dead_letter/);
    expect((await get('/api/iot/quality?from=2026-11-01&to=2026-11-21')).body).toMatchObject({ valid: 0, quarantined: 2, deadLettered: 0 });
    expect((await get('/api/iot/quality?from=2026-11-23&to=2026-11-22')).status).toBe(400);
    expect((await get('/api/iot/quality?room=r101')).body.allowed).toEqual(['from', 'to']);
    const doc = (await get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/iot/quality', '/api/iot/stages']));
  });

  it('reports the health of each stage: rows and newest time, or missing with the error (bronze does not exist here)', async () => {
    const { status, body } = await get('/api/iot/stages');
    expect(status).toBe(200);
    const by = Object.fromEntries(body.stages.map((s: { stage: string }) => [s.stage, s]));
    expect(Object.keys(by)).toEqual(['bronze', 'silver', 'quarantine', 'gold room_hourly', 'gold room_daily', 'ml temperature_forecast', 'ml co2_forecast']);
    expect(by.bronze).toMatchObject({ table: 'bronze.iot', status: 'missing', error: expect.stringMatching(/does not exist/) });
    expect(by.silver).toMatchObject({ status: 'ok', rows: 30 });
    expect(new Date(by.silver.newest).toISOString()).toBe('2026-11-22T10:00:29.000Z');
    expect(by.quarantine).toMatchObject({ status: 'ok', rows: 4 }); // since yesterday (2026-11-21)
    expect(by['gold room_hourly']).toMatchObject({ status: 'ok', rows: 1 });
    expect(by['gold room_daily'].status).toBe('missing');
  });
});
