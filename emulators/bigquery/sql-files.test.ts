/**
 * The platform's own GoogleSQL (sql/, rendered by infra/sql.ts from the real pipeline
 * definitions) through the official client: every file translates, and the taxi pipeline's KPI,
 * model and prediction queries run end to end on a small silver table.
 */
import { kpiSql, modelSql } from '../../infra/sql';
import { PIPELINES, taxi } from '../../pipelines';
import type { PipelineDefinition } from '../../pipelines/types';
import { prng } from './ml/kmeans';
import { translate } from './sql/translate';
import { startTestBigQuery, type TestBigQuery } from './test-helpers';

let t: TestBigQuery;
beforeAll(async () => {
  t = await startTestBigQuery();
  for (const ds of ['silver', 'gold', 'ml']) await t.bq.createDataset(ds);
});
afterAll(() => t.emulator.close());

const rendered = (p: PipelineDefinition): string[] => [
  ...p.kpis.map((k) => kpiSql(p, k)),
  ...(p.models ?? []).flatMap((m) => Object.values(modelSql(p, m))),
];

it('translates every rendered sql/ file of every pipeline', async () => {
  for (const p of PIPELINES) {
    for (const sql of rendered(p)) {
      // CREATE MODEL and ML.* are handled before the transpiler; the rest must transpile.
      if (/CREATE OR REPLACE MODEL/.test(sql) || /ML\.(PREDICT|FORECAST)/.test(sql)) continue;
      await expect(translate(sql)).resolves.toHaveLength(1);
    }
  }
});

it('runs the taxi KPIs, trains its KMEANS model and predicts zones', async () => {
  const rand = prng(5);
  const today = new Date();
  const rows = Array.from({ length: 160 }, (_, i) => {
    const zone = i % 8;
    const dt = new Date(today.getTime() - (i % 2) * 86_400_000).toISOString().slice(0, 10);
    return {
      dt,
      event_id: `e${i}`,
      event_time: `${dt}T10:00:00Z`,
      comfort: i % 3 === 0 ? 'business' : 'economy',
      price_estimate: 10 + (i % 7),
      distance_km: 2 + (i % 5),
      eta_minutes: 3 + (i % 4),
      client: { lat: 52 + (zone % 4) * 0.1 + rand() * 0.001, lon: 13 + Math.floor(zone / 4) * 0.1 + rand() * 0.001 },
    };
  });
  const [table] = await t.bq.dataset('silver').createTable('taxi', {
    schema: {
      fields: [
        { name: 'dt', type: 'DATE' },
        { name: 'event_id', type: 'STRING' },
        { name: 'event_time', type: 'TIMESTAMP' },
        { name: 'comfort', type: 'STRING' },
        { name: 'price_estimate', type: 'FLOAT' },
        { name: 'distance_km', type: 'FLOAT' },
        { name: 'eta_minutes', type: 'FLOAT' },
        { name: 'client', type: 'RECORD', fields: [{ name: 'lat', type: 'FLOAT' }, { name: 'lon', type: 'FLOAT' }] },
      ],
    },
  });
  await table.insert(rows);
  const model = taxi.models?.find((m) => m.name === 'pickup_zones');
  const revenue = taxi.kpis.find((k) => k.name === 'revenue_by_comfort');
  const zones = taxi.kpis.find((k) => k.name === 'rides_per_zone');
  if (!model || !revenue || !zones) throw new Error('taxi pipeline lacks the expected KPIs/model');
  await t.bq.query(kpiSql(taxi as unknown as PipelineDefinition, revenue));
  const [rev] = await t.bq.query('SELECT SUM(rides) AS rides FROM gold.taxi_revenue_by_comfort');
  expect(rev).toEqual([{ rides: 160 }]);
  const { train, predict } = modelSql(taxi as unknown as PipelineDefinition, model);
  await t.bq.query(train);
  await t.bq.query(predict);
  const [pred] = await t.bq.query('SELECT COUNT(*) AS n, COUNT(DISTINCT zone) AS zones, MIN(distance_to_centroid) >= 0 AS ok FROM ml.taxi_pickup_zones_predictions');
  expect(pred[0].ok).toBe(true);
  expect(pred[0].zones).toBe(8);
  await t.bq.query(kpiSql(taxi as unknown as PipelineDefinition, zones));
  const [perZone] = await t.bq.query('SELECT SUM(rides) AS rides FROM gold.taxi_rides_per_zone');
  expect(perZone).toEqual([{ rides: 160 }]);
});

it('computes ST_DISTANCE between ST_GEOGPOINTs in metres', async () => {
  const [rows] = await t.bq.query('SELECT ROUND(ST_DISTANCE(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(1, 0))) AS m');
  expect(rows).toEqual([{ m: 111195 }]);
});

it('returns DATE from DATE_SUB and names an untranslatable construct', async () => {
  const [rows] = await t.bq.query("SELECT DATE_SUB(DATE '2024-03-01', INTERVAL 1 DAY) AS d");
  expect(rows[0].d.value).toBe('2024-02-29');
  await expect(t.bq.query('SELECT ML.NOPE(MODEL ml.x)')).rejects.toMatchObject({ code: 404 });
  await expect(t.bq.query('SELECT NO_SUCH_FUNCTION(1)')).rejects.toThrow(/no_such_function/i);
});
