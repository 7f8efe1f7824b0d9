/**
 * End to end, in process: the taxi pipeline from the synthesized graph, with every emulator, the
 * real functions under the functions framework, and the official clients to check the result.
 * Events go in through Kafka (so the bridge runs too), plus deliberate garbage; the drains are
 * run by their schedules' `runNow`, as `tributary run` does.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { Client as Elasticsearch } from '@elastic/elasticsearch';
import { taxiGenerator } from '../pipelines/generators/taxi';
import { processRaw } from '../pipelines/core/process';
import { taxi } from '../pipelines';
import { openSink, produce } from './producers';
import type { LocalRuntime } from './runtime';
import { startTestRuntime, type TestRuntime } from './runtime.test-helpers';

const N = 300;
const START = new Date(Date.now() - 3_600_000);
const events = (start = START) => [...taxiGenerator.generate({ count: N, seed: 11, start })].map((s) => Buffer.from(JSON.stringify(s.event)));
const GARBAGE = ['not json at all', '{"ride_id": 5}', Buffer.from([0xff, 0xfe, 0x00]).toString('latin1')];

describe('tributary up, end to end (taxi)', () => {
  let t: TestRuntime;
  let rt: LocalRuntime;

  beforeAll(async () => {
    t = await startTestRuntime(['taxi']);
    rt = t.rt;
  }, 240_000);

  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  it('lands every valid event once in silver and the index, and every bad one in quarantine with its rule', async () => {
    const kafka = rt.emulators.get('kafka')!;
    const sink = await openSink('taxi', { kind: 'kafka', brokers: [`${kafka.host}:${kafka.port}`] });
    const start = START;
    const valid = events(start);
    // Send the first 50 twice: redelivery must not duplicate anything downstream.
    await produce({ events: [...valid, ...valid.slice(0, 50), ...GARBAGE.map((g) => Buffer.from(g, 'latin1'))], sink });
    await sink.close();

    // The bridge moves Kafka to Pub/Sub; enrich runs on push; then the drains flush.
    await rt.scheduler.runNow('tributary-bridge');
    const lake = async () => rt.scheduler.runNow('taxi-drain-lake') as Promise<Record<string, { written: number }>>;
    const bq = new BigQuery({ projectId: rt.plan.project, apiEndpoint: rt.env.BIGQUERY_EMULATOR_HOST });
    const count = async (sql: string) => Number((await bq.query({ query: sql }))[0][0].n);
    const deadline = Date.now() + 120_000;
    let silver = 0;
    let quarantined = 0;
    while (Date.now() < deadline) {
      await lake();
      silver = await count('SELECT COUNT(DISTINCT event_id) AS n FROM silver.taxi');
      quarantined = await count('SELECT COUNT(*) AS n FROM quarantine.taxi');
      if (silver >= N && quarantined >= GARBAGE.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(silver).toBe(N);
    expect(await count('SELECT COUNT(*) AS n FROM silver.taxi')).toBe(N);
    const rules = (await bq.query({ query: 'SELECT rule FROM quarantine.taxi ORDER BY rule' }))[0].map((r: { rule: string }) => r.rule);
    expect(rules).toEqual(expect.arrayContaining(['invalid_json']));
    expect(rules).toHaveLength(GARBAGE.length);

    await rt.scheduler.runNow('taxi-drain-index');
    const es = new Elasticsearch({ node: rt.env.ELASTICSEARCH_URL });
    await es.indices.refresh({ index: 'taxi-*' });
    expect((await es.count({ index: 'taxi' })).count).toBe(N);
  }, 300_000);

  it('builds the gold KPI from silver, trains the 8 pickup zones, and serves filtered rows through the API', async () => {
    const bq = new BigQuery({ projectId: rt.plan.project, apiEndpoint: rt.env.BIGQUERY_EMULATOR_HOST });
    // Expected per comfort level, recomputed here from the same events with the definition's enrichment.
    const expected = new Map<string, { rides: number; revenue: number }>();
    for (const bytes of events()) {
      const r = processRaw(taxi as never, bytes, { now: new Date(), state: new Map() });
      if (r.kind !== 'ok') throw new Error(`a generated taxi event was quarantined: ${r.record.rule}`);
      const e = r.enriched as { comfort: string; price_estimate: number };
      const c = expected.get(e.comfort) ?? { rides: 0, revenue: 0 };
      c.rides++;
      c.revenue += e.price_estimate;
      expected.set(e.comfort, c);
    }
    await rt.scheduler.runNow('taxi kpi revenue_by_comfort');
    const [gold] = await bq.query({ query: 'SELECT comfort, SUM(rides) AS rides, SUM(revenue) AS revenue FROM gold.taxi_revenue_by_comfort GROUP BY comfort ORDER BY comfort' });
    expect(gold.map((g: { comfort: string }) => g.comfort)).toEqual([...expected.keys()].sort());
    for (const g of gold as { comfort: string; rides: number; revenue: number }[]) {
      expect(Number(g.rides)).toBe(expected.get(g.comfort)!.rides);
      expect(Number(g.revenue)).toBeCloseTo(expected.get(g.comfort)!.revenue, 1);
    }

    await rt.scheduler.runNow('taxi model pickup_zones');
    const [centroids] = await bq.query({ query: 'SELECT COUNT(DISTINCT centroid_id) AS n FROM ML.CENTROIDS(MODEL ml.taxi_pickup_zones)' });
    expect(Number(centroids[0].n)).toBe(8);

    const low = (await (await fetch(`${rt.apiUrl}/api/taxi/events?comfort=low&limit=1000`)).json()) as { events: { comfort: string }[] };
    expect(low.events.length).toBe(expected.get('low')!.rides);
    expect(new Set(low.events.map((e) => e.comfort))).toEqual(new Set(['low']));
    // A value is bound as a query parameter: an injection attempt is just a comfort level nobody has.
    const injected = (await (await fetch(`${rt.apiUrl}/api/taxi/events?comfort=low%27%20OR%201%3D1--`)).json()) as { events: unknown[] };
    expect(injected.events).toEqual([]);
    const unknown = await fetch(`${rt.apiUrl}/api/taxi/events?driver=x`);
    expect(unknown.status).toBe(400);
  }, 300_000);
});
