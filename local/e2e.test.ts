/**
 * End to end, in process (issue 11): the five pipelines from the synthesized graph, with every
 * emulator, the real functions under the functions framework, and the official clients to check
 * the result. Each pipeline's generated events (with the generator's injected defects, 20
 * redelivered copies and three lines of garbage) go in through Kafka, so the bridge runs too; the
 * drains, KPIs and models are run by their schedules' `runNow`, as `tributary run` does. What
 * silver, quarantine, the index, the gold tables and the models must hold is computed here from
 * the pipeline definitions, independently of the runtime. Last, the dashboard is opened in
 * chromium on each pipeline's view of this run, with a screenshot of each.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { Client as Elasticsearch } from '@elastic/elasticsearch';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../dashboard/browser.test-helpers';
import { getPipeline } from '../pipelines';
import { processRaw } from '../pipelines/core/process';
import { getGenerator } from '../pipelines/generators';
import { openSink, produce } from './producers';
import type { LocalRuntime } from './runtime';
import { startTestRuntime, type TestRuntime } from './runtime.test-helpers';
import { expectedOf, groupBy, type Expected } from './e2e.test-helpers';

const PIPELINES = ['taxi', 'stocks', 'iot', 'crypto', 'retail'] as const;
// Page globals inside waitForFunction callbacks (they run in the browser; the tsconfig has no DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
const HOUR = 3_600_000;
const GARBAGE = ['not json at all', '{"ride_id": 5}', Buffer.from([0xff, 0xfe, 0x00]).toString('latin1')].map((g) => Buffer.from(g, 'latin1'));

/**
 * The events of one pipeline, as produced. crypto's start is three hours back: the local quote
 * API stand-ins serve quotes from one hour back on, so the minutes checked here are ours alone.
 * stocks comes in six bursts a minute apart, so its per-minute ARIMA series have enough points.
 */
function payloadsOf(id: string, now: number): Buffer[] {
  const gen = getGenerator(id);
  const bursts = id === 'stocks' ? Array.from({ length: 6 }, (_, i) => ({ count: 40, seed: 21 + i, start: now - HOUR + i * 60_000 })) : [{ count: 200, seed: 21, start: now - (id === 'crypto' ? 3 : 1) * HOUR }];
  const events = bursts.flatMap((b) => [...gen.generate({ count: b.count, seed: b.seed, start: new Date(b.start), defectRate: 0.05 })]);
  const payloads = events.map((s) => Buffer.from(JSON.stringify(s.event)));
  return [...payloads, ...payloads.slice(0, 20), ...GARBAGE];
}

describe('tributary up, end to end (all five pipelines)', () => {
  let t: TestRuntime;
  let rt: LocalRuntime;
  let bq: BigQuery;
  const expected = new Map<string, Expected>();
  const query = async <T = Record<string, unknown>>(sql: string) => (await bq.query({ query: sql }))[0] as T[];
  const count = async (sql: string) => Number((await query<{ n: number }>(sql))[0]!.n);

  beforeAll(async () => {
    // Lake and index batches close after 2 s instead of the definitions' 45 s: a drain round then
    // ends soon after its subscription is empty. Everything else is the graph as deployed.
    t = await startTestRuntime(PIPELINES, { BATCH_AGE_MS: '2000' });
    rt = t.rt;
    bq = new BigQuery({ projectId: rt.plan.project, apiEndpoint: rt.env.BIGQUERY_EMULATOR_HOST });
  }, 240_000);

  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  it('lands every valid event once in silver and the index, and every defect in quarantine with its rule', async () => {
    const now = Date.now();
    const kafka = rt.emulators.get('kafka')!;
    await Promise.all(PIPELINES.map(async (id) => {
      const payloads = payloadsOf(id, now);
      expected.set(id, expectedOf(getPipeline(id), payloads));
      const sink = await openSink(id, { kind: 'kafka', brokers: [`${kafka.host}:${kafka.port}`] });
      await produce({ events: payloads, sink });
      await sink.close();
    }));
    for (const id of PIPELINES) expect([id, expected.get(id)!.quarantine.size > 1]).toEqual([id, true]); // the generators injected defects

    // The bridge moves Kafka to Pub/Sub; enrich runs on push; the drains flush until every
    // pipeline is complete. A drain run by its own schedule may hold some messages for a while,
    // so both drains run again until the counts are reached.
    await rt.scheduler.runNow('tributary-bridge');
    const es = new Elasticsearch({ node: rt.env.ELASTICSEARCH_URL });
    const indexed = async (id: string) => (await es.indices.refresh({ index: `${id}-*` }), (await es.count({ index: id })).count);
    const deadline = Date.now() + 240_000;
    const done = new Set<string>();
    const progress = new Map<string, number>();
    let stalled = false;
    while (done.size < PIPELINES.length && Date.now() < deadline) {
      const pending = PIPELINES.filter((id) => !done.has(id));
      // A pipeline with nothing new in silver: bridge again (a scheduled bridge run may have held
      // its partitions when ours joined the group; running again is harmless, offsets are committed).
      await Promise.all([...pending.map((id) => rt.scheduler.runNow(`${id}-drain-lake`)), stalled ? rt.scheduler.runNow('tributary-bridge') : undefined]);
      await Promise.all(pending.map((id) => rt.scheduler.runNow(`${id}-drain-index`)));
      stalled = false;
      for (const id of pending) {
        const e = expected.get(id)!;
        const silver = await count(`SELECT COUNT(DISTINCT event_id) AS n FROM silver.${id}`);
        const quarantined = await count(`SELECT COUNT(*) AS n FROM quarantine.${id}`);
        if (silver >= e.ids.size && quarantined >= e.quarantinedCount && (await indexed(id)) >= e.ids.size) done.add(id);
        else if (silver === (progress.get(id) ?? -1)) stalled = true;
        progress.set(id, silver);
      }
      if (done.size < PIPELINES.length) await new Promise((r) => setTimeout(r, 1000));
    }

    for (const id of PIPELINES) {
      const e = expected.get(id)!;
      const ids = new Set((await query<{ event_id: string }>(`SELECT event_id FROM silver.${id}`)).map((r) => r.event_id));
      expect([id, [...e.ids].filter((x) => !ids.has(x))]).toEqual([id, []]);
      expect([id, await count(`SELECT COUNT(*) - COUNT(DISTINCT event_id) AS n FROM silver.${id}`)]).toEqual([id, 0]);
      // Each defect is there with its rule (by event_id; records without one by count per rule).
      const rows = await query<{ rule: string; event_id: string | null }>(`SELECT rule, event_id FROM quarantine.${id}`);
      for (const [rule, keys] of e.quarantine) {
        const have = rows.filter((r) => r.rule === rule);
        const withId = [...keys].filter((k) => !k.startsWith('copy '));
        expect([id, rule, withId.filter((k) => !have.some((r) => r.event_id === k))]).toEqual([id, rule, []]);
        expect([id, rule, have.filter((r) => r.event_id === null).length >= keys.size - withId.length]).toEqual([id, rule, true]);
      }
      if (id === 'crypto') {
        // crypto's poller adds quotes (and the stand-in's own defects) from the local quote APIs on its schedule.
        expect((await indexed(id)) >= e.ids.size).toBe(true);
        continue;
      }
      // Every other pipeline holds exactly what was produced.
      expect([id, ids.size]).toEqual([id, e.ids.size]);
      expect([id, Object.fromEntries([...new Set(rows.map((r) => r.rule))].map((rule) => [rule, rows.filter((r) => r.rule === rule).length]))]).toEqual([id, Object.fromEntries([...e.quarantine].map(([rule, keys]) => [rule, keys.size]))]);
      expect([id, await indexed(id)]).toEqual([id, e.ids.size]);
    }
  }, 420_000);

  it('trains the 8 taxi pickup zones and the ARIMA_PLUS forecasts, and serves filtered rows through the API', async () => {
    await rt.scheduler.runNow('taxi model pickup_zones');
    expect(await count('SELECT COUNT(DISTINCT centroid_id) AS n FROM ML.CENTROIDS(MODEL ml.taxi_pickup_zones)')).toBe(8);

    for (const [id, model] of [['stocks', 'price_forecast'], ['stocks', 'price_forecast_by_instrument'], ['crypto', 'price_forecast']] as const) {
      await rt.scheduler.runNow(`${id} model ${model}`);
      await rt.scheduler.runNow(`${id} predict ${model}`);
      const horizon = getPipeline(id).models.find((m) => m.name === model)!.timeSeries!.horizon;
      const n = await count(`SELECT COUNT(*) AS n FROM ml.${id}_${model}_predictions WHERE forecast_value IS NOT NULL`);
      // One series for the stocks mean; one per instrument; one per symbol for crypto (the poller's quotes share the symbols).
      const series = model === 'price_forecast_by_instrument' ? new Set(expected.get(id)!.rows.map((r) => r.instrument_token)).size : id === 'stocks' ? 1 : new Set(expected.get(id)!.rows.map((r) => r.symbol)).size;
      expect([id, model, n]).toEqual([id, model, series * horizon]);
    }

    const taxiRows = expected.get('taxi')!.rows;
    const lowRides = taxiRows.filter((r) => r.comfort === 'low').length;
    const low = (await (await fetch(`${rt.apiUrl}/api/taxi/events?comfort=low&limit=1000`)).json()) as { events: { comfort: string }[] };
    expect(low.events.length).toBe(lowRides);
    expect(new Set(low.events.map((e) => e.comfort))).toEqual(new Set(['low']));
    // A value is bound as a query parameter: an injection attempt is just a comfort level nobody has.
    const injected = (await (await fetch(`${rt.apiUrl}/api/taxi/events?comfort=low%27%20OR%201%3D1--`)).json()) as { events: unknown[] };
    expect(injected.events).toEqual([]);
    expect((await fetch(`${rt.apiUrl}/api/taxi/events?driver=x`)).status).toBe(400);

    const iotRows = expected.get('iot')!.rows;
    const room = String(iotRows[0]!.room);
    const inRoom = (await (await fetch(`${rt.apiUrl}/api/iot/events?room=${encodeURIComponent(room)}&limit=1000`)).json()) as { events: { room: string }[] };
    expect(inRoom.events.length).toBe(iotRows.filter((r) => r.room === room).length);
    expect(new Set(inRoom.events.map((e) => e.room))).toEqual(new Set([room]));
  }, 300_000);

  it('builds every gold KPI table, with values recomputed here from the produced events', async () => {
    // After the models: taxi's rides_per_zone assigns rides to the trained pickup zones.
    for (const id of PIPELINES) {
      for (const k of getPipeline(id).kpis) {
        await rt.scheduler.runNow(`${id} kpi ${k.name}`);
        const [exists] = await bq.dataset('gold').table(`${id}_${k.name}`).exists();
        expect([id, k.name, exists]).toEqual([id, k.name, true]);
      }
    }
    const e = (id: string) => expected.get(id)!;

    // taxi: rides and revenue per comfort level.
    const taxi = await query<{ comfort: string; rides: number; revenue: number }>('SELECT comfort, SUM(rides) AS rides, SUM(revenue) AS revenue FROM gold.taxi_revenue_by_comfort GROUP BY comfort ORDER BY comfort');
    const comfort = e('taxi').group((r) => String(r.comfort), (rs) => ({ rides: rs.length, revenue: sum(rs, 'price_estimate') }));
    expect(taxi.map((g) => g.comfort)).toEqual([...comfort.keys()].sort());
    for (const g of taxi) {
      expect([g.comfort, Number(g.rides)]).toEqual([g.comfort, comfort.get(g.comfort)!.rides]);
      expect(Number(g.revenue)).toBeCloseTo(comfort.get(g.comfort)!.revenue, 1);
    }

    // stocks: daily high, low and tick count per instrument.
    const stocks = await query<{ instrument_token: number; dt: { value: string }; high: number; low: number; ticks: number }>('SELECT instrument_token, dt, high, low, ticks FROM gold.stocks_ohlc_day');
    const days = e('stocks').group((r) => `${r.instrument_token}/${dateOf(r.event_time)}`, (rs) => ({ high: Math.max(...rs.map((r) => Number(r.last_price))), low: Math.min(...rs.map((r) => Number(r.last_price))), ticks: rs.length }));
    expect(new Map(stocks.map((s) => [`${s.instrument_token}/${dtOf(s.dt)}`, { high: Number(s.high), low: Number(s.low), ticks: Number(s.ticks) }]))).toEqual(days);

    // iot: readings per room, sensor type and day.
    const iot = await query<{ room: string; sensor_type: string; dt: unknown; readings: number }>('SELECT room, sensor_type, dt, readings FROM gold.iot_room_daily');
    const readings = e('iot').group((r) => `${r.room}/${r.sensor_type}/${dateOf(r.event_time)}`, (rs) => rs.length);
    expect(new Map(iot.map((r) => [`${r.room}/${r.sensor_type}/${dtOf(r.dt)}`, Number(r.readings)]))).toEqual(readings);

    // crypto: per symbol and minute of the produced range, high, low and quote count.
    const from = new Date(e('crypto').minTime('event_time')).toISOString();
    const to = new Date(e('crypto').maxTime('event_time') + 60_000).toISOString();
    const crypto = await query<{ symbol: string; minute: { value: string }; high: number; low: number; quotes: number }>(`SELECT symbol, minute, high, low, quotes FROM gold.crypto_ohlc_minute WHERE minute >= TIMESTAMP_TRUNC(TIMESTAMP '${from}', MINUTE) AND minute < TIMESTAMP '${to}'`);
    const minutes = e('crypto').group((r) => `${r.symbol}/${minuteOf(r.event_time)}`, (rs) => ({ high: Math.max(...rs.map((r) => Number(r.price))), low: Math.min(...rs.map((r) => Number(r.price))), quotes: rs.length }));
    expect(new Map(crypto.map((c) => [`${c.symbol}/${minuteOf(c.minute.value)}`, { high: Number(c.high), low: Number(c.low), quotes: Number(c.quotes) }]))).toEqual(minutes);

    // retail: orders and mean basket per day (order lines, each event once).
    const retail = await query<{ dt: unknown; orders: number; avg_basket: number }>('SELECT dt, orders, avg_basket FROM gold.retail_average_basket');
    const lines = e('retail').rows.filter((r) => r.record_type === 'order_line');
    const baskets = groupBy(lines, (r) => `${dateOf(r.event_time)}/${r.order_id}`, (rs) => sum(rs, 'line_total'));
    const perDay = groupBy([...baskets].map(([k, v]) => ({ dt: k.split('/')[0]!, v })), (b) => b.dt, (bs) => ({ orders: bs.length, avg: bs.reduce((a, b) => a + b.v, 0) / bs.length }));
    expect(retail.map((r) => dtOf(r.dt)).sort()).toEqual([...perDay.keys()].sort());
    for (const r of retail) {
      expect([dtOf(r.dt), Number(r.orders)]).toEqual([dtOf(r.dt), perDay.get(dtOf(r.dt))!.orders]);
      expect(Number(r.avg_basket)).toBeCloseTo(perDay.get(dtOf(r.dt))!.avg, 1);
    }
  }, 300_000);

  it('shows every pipeline of the run on the dashboard, with no console errors (a screenshot per view)', async () => {
    const artifacts = join(__dirname, '..', 'dashboard', 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${rt.apiUrl}/#/overview`);
      await page.locator('#overview-table li.stage').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('#overview-table tbody th').count()).toBe(PIPELINES.length);
      // what the search index holds, per pipeline (crypto's poller may have added quotes)
      const heads = await page.locator('#overview-table thead th').allTextContents();
      for (const [i, id] of PIPELINES.entries()) {
        const cell = page.locator('#overview-table tbody tr').nth(i).locator('td').nth(heads.indexOf('Indexed (search)') - 1);
        const indexed = Number(await cell.textContent());
        if (id === 'crypto') expect(indexed).toBeGreaterThanOrEqual(expected.get(id)!.ids.size);
        else expect([id, indexed]).toEqual([id, expected.get(id)!.ids.size]);
      }
      await page.screenshot({ path: join(artifacts, 'run-overview.png'), fullPage: true });
      for (const id of PIPELINES) {
        await page.click(`#tabs a[data-id="${id}"]`);
        // the view's counter reaches what this run put in silver (crypto's poller may add more)
        await page.waitForFunction((n: number) => Number(document.getElementById('counter')?.textContent?.replace(/,/g, '')) >= n, Math.min(200, expected.get(id)!.ids.size), { timeout: 60_000 });
        await page.locator('#kpis table').first().waitFor({ timeout: 60_000 });
        if (id === 'iot') {
          // a search reaches Elasticsearch through the API: one reading by its event id, then everything
          const eventId = [...expected.get('iot')!.ids][7]!;
          await page.fill('#search-q', `"${eventId}"`);
          await page.click('#search-form button[type=submit]');
          await page.waitForFunction(() => /^\d+ indexed documents match/.test(document.getElementById('search-summary')?.textContent ?? ''), undefined, { timeout: 30_000 });
          expect(await page.locator('#search-summary').textContent()).toMatch(/^1 indexed documents match/);
          expect(await page.locator('#search-results tbody tr').count()).toBe(1);
          await page.fill('#search-q', '');
          await page.click('#search-form button[type=submit]');
          await page.waitForFunction((n: number) => document.getElementById('search-summary')?.textContent?.startsWith(`${n} indexed documents match`), expected.get('iot')!.ids.size, { timeout: 30_000 });
        }
        await page.screenshot({ path: join(artifacts, `run-${id}.png`), fullPage: true });
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});

const sum = (rows: readonly Record<string, unknown>[], field: string) => rows.reduce((a, r) => a + Number(r[field]), 0);
const dateOf = (t: unknown) => new Date(t as string).toISOString().slice(0, 10);
const minuteOf = (t: unknown) => new Date(t as string).toISOString().slice(0, 16);
/** A DATE column as the client returns it (`{ value: 'YYYY-MM-DD' }`). */
const dtOf = (d: unknown) => (typeof d === 'object' && d !== null && 'value' in d ? String((d as { value: unknown }).value) : String(d));
