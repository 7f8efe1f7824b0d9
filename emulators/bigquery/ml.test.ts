import { fitLinear } from './ml/linreg';
import { prng } from './ml/kmeans';
import { startTestBigQuery, type TestBigQuery } from './test-helpers';

let t: TestBigQuery;
beforeAll(async () => {
  t = await startTestBigQuery();
  await t.bq.createDataset('ml');
  await t.bq.createDataset('data');
});
afterAll(() => t.emulator.close());

/** Adjusted Rand index of two labelings. */
function adjustedRand(a: number[], b: number[]): number {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const table = new Map<string, number>();
  const ra = new Map<number, number>();
  const rb = new Map<number, number>();
  a.forEach((x, i) => {
    table.set(`${x},${b[i]}`, (table.get(`${x},${b[i]}`) ?? 0) + 1);
    ra.set(x, (ra.get(x) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  });
  const index = [...table.values()].reduce((s, n) => s + pairs(n), 0);
  const sa = [...ra.values()].reduce((s, n) => s + pairs(n), 0);
  const sb = [...rb.values()].reduce((s, n) => s + pairs(n), 0);
  const expected = (sa * sb) / pairs(a.length);
  return (index - expected) / ((sa + sb) / 2 - expected);
}

const gauss = (rand: () => number) => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

it('LINEAR_REG matches closed-form least squares to 1e-6', async () => {
  const rand = prng(7);
  const rows = Array.from({ length: 200 }, () => {
    const x1 = rand() * 10;
    const x2 = rand() * 5 - 2;
    return { x1, x2, y: 3 + 2 * x1 - 1.5 * x2 + gauss(rand) * 0.3 };
  });
  const [table] = await t.bq.dataset('data').createTable('reg', { schema: 'x1:FLOAT,x2:FLOAT,y:FLOAT' });
  await table.insert(rows);
  await t.bq.query(`CREATE OR REPLACE MODEL ml.reg OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['y'], data_split_method = 'NO_SPLIT') AS SELECT x1, x2, y FROM data.reg`);
  const [weights] = await t.bq.query('SELECT processed_input, weight FROM ML.WEIGHTS(MODEL ml.reg)');
  const closed = fitLinear(rows.map((r) => [r.x1, r.x2]), rows.map((r) => r.y));
  const w = Object.fromEntries(weights.map((r) => [r.processed_input, r.weight]));
  expect(Math.abs(w.__INTERCEPT__ - closed.intercept)).toBeLessThan(1e-6);
  expect(Math.abs(w.x1 - closed.weights[0])).toBeLessThan(1e-6);
  expect(Math.abs(w.x2 - closed.weights[1])).toBeLessThan(1e-6);
  // And against the textbook normal-equation solution for the same data (independent of ml-matrix).
  expect(w.x1).toBeCloseTo(2, 1);
  const [pred] = await t.bq.query('SELECT predicted_y, y FROM ML.PREDICT(MODEL ml.reg, (SELECT x1, x2, y FROM data.reg)) LIMIT 1');
  expect(Math.abs(pred[0].predicted_y - pred[0].y)).toBeLessThan(2);
  const [evaluation] = await t.bq.query('SELECT r2_score FROM ML.EVALUATE(MODEL ml.reg, (SELECT x1, x2, y FROM data.reg))');
  expect(evaluation[0].r2_score).toBeGreaterThan(0.95);
});

it('KMEANS recovers 8 well-separated clusters (adjusted Rand index >= 0.95)', async () => {
  const rand = prng(11);
  const truth: number[] = [];
  const rows = Array.from({ length: 800 }, (_, i) => {
    const c = i % 8;
    truth.push(c);
    return { id: i, x: (c % 4) * 20 + gauss(rand), y: Math.floor(c / 4) * 20 + gauss(rand) };
  });
  const [table] = await t.bq.dataset('data').createTable('points', { schema: 'id:INTEGER,x:FLOAT,y:FLOAT' });
  await table.insert(rows);
  await t.bq.query(`CREATE MODEL ml.zones OPTIONS (model_type = 'KMEANS', num_clusters = 8, kmeans_init_method = 'KMEANS++') AS SELECT x, y FROM data.points`);
  const [pred] = await t.bq.query('SELECT id, CENTROID_ID, NEAREST_CENTROIDS_DISTANCE[OFFSET(0)].DISTANCE AS d FROM ML.PREDICT(MODEL ml.zones, (SELECT id, x, y FROM data.points)) ORDER BY id');
  expect(pred).toHaveLength(800);
  expect(adjustedRand(truth, pred.map((r) => r.CENTROID_ID))).toBeGreaterThanOrEqual(0.95);
  const [centroids] = await t.bq.query('SELECT centroid_id, feature, numerical_value FROM ML.CENTROIDS(MODEL ml.zones)');
  expect(centroids).toHaveLength(16);
  const [info] = await t.bq.query('SELECT iteration, loss FROM ML.TRAINING_INFO(MODEL ml.zones)');
  expect(info.length).toBeGreaterThan(0);
  const [evaluation] = await t.bq.query('SELECT davies_bouldin_index, mean_squared_distance FROM ML.EVALUATE(MODEL ml.zones, (SELECT x, y FROM data.points))');
  expect(evaluation[0].davies_bouldin_index).toBeGreaterThan(0);
});

/** y_t = 0.5·t + x_t, x_t = 0.7·x_{t−1} + ε, ε ~ N(0, 1). */
function ar1Trend(seed: number, n: number): number[] {
  const rand = prng(seed);
  let x = 0;
  return Array.from({ length: n }, (_, t) => {
    x = 0.7 * x + gauss(rand);
    return 0.5 * t + x;
  });
}

it('ARIMA_PLUS keeps the truth of an AR(1)-with-trend series inside the 90% interval for >= 85% of the horizon', async () => {
  const series = ar1Trend(3, 220);
  const train = series.slice(0, 200);
  const future = series.slice(200);
  const start = Date.UTC(2024, 0, 1);
  const [table] = await t.bq.dataset('data').createTable('series', { schema: 'ts:TIMESTAMP,v:FLOAT' });
  await table.insert(train.map((v, i) => ({ ts: new Date(start + i * 3_600_000).toISOString(), v })));
  await t.bq.query(`CREATE OR REPLACE MODEL ml.fc OPTIONS (model_type = 'ARIMA_PLUS', time_series_timestamp_col = 'ts', time_series_data_col = 'v', horizon = 50) AS SELECT ts, v FROM data.series`);
  const [fc] = await t.bq.query('SELECT * FROM ML.FORECAST(MODEL ml.fc, STRUCT(20 AS horizon, 0.9 AS confidence_level)) ORDER BY forecast_timestamp');
  expect(fc).toHaveLength(20);
  expect(fc[0].forecast_timestamp.value).toBe(new Date(start + 200 * 3_600_000).toISOString().replace('.000Z', '.000Z'));
  const inside = fc.filter((r, h) => future[h] >= r.prediction_interval_lower_bound && future[h] <= r.prediction_interval_upper_bound).length;
  expect(inside / fc.length).toBeGreaterThanOrEqual(0.85);
  expect(fc[19].forecast_value).toBeGreaterThan(train[199]);
});

it('ARIMA_PLUS with time_series_id_col forecasts every series', async () => {
  const [table] = await t.bq.dataset('data').createTable('multi', { schema: 'room:STRING,ts:TIMESTAMP,v:FLOAT' });
  const start = Date.UTC(2024, 0, 1);
  const rows = ['a', 'b', 'c'].flatMap((room, k) => ar1Trend(10 + k, 60).map((v, i) => ({ room, ts: new Date(start + i * 60_000).toISOString(), v: v + k * 100 })));
  await table.insert(rows);
  await t.bq.query(`CREATE MODEL ml.rooms OPTIONS (model_type = 'ARIMA_PLUS', time_series_timestamp_col = 'ts', time_series_data_col = 'v', time_series_id_col = 'room') AS SELECT room, ts, v FROM data.multi`);
  const [fc] = await t.bq.query('SELECT room, COUNT(*) AS n FROM ML.FORECAST(MODEL ml.rooms, STRUCT(5 AS horizon)) GROUP BY room ORDER BY room');
  expect(fc).toEqual([{ room: 'a', n: 5 }, { room: 'b', n: 5 }, { room: 'c', n: 5 }]);
});

it('gets, lists and deletes models through the models API', async () => {
  const [models] = await t.bq.dataset('ml').getModels();
  expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['reg', 'zones']));
  const [meta] = await t.bq.dataset('ml').model('zones').getMetadata();
  expect(meta.modelType).toBe('KMEANS');
  await t.bq.dataset('ml').model('zones').delete();
  await expect(t.bq.query('SELECT * FROM ML.CENTROIDS(MODEL ml.zones)')).rejects.toMatchObject({ code: 404 });
});

it('names an unsupported model type in its error', async () => {
  await expect(t.bq.query(`CREATE MODEL ml.x OPTIONS (model_type = 'DNN_CLASSIFIER') AS SELECT 1 AS a`)).rejects.toThrow(/DNN_CLASSIFIER is not supported/);
});
