/**
 * Training: turns a training query's rows into a {@link ModelRecord} for KMEANS, LINEAR_REG and
 * ARIMA_PLUS, reading BigQuery's option names.
 */
import { DuckDBTimestampTZValue, DuckDBTimestampValue, DuckDBDateValue, type DuckDBValue } from '@duckdb/node-api';
import type { ResultSet } from '../engine';
import { invalidQuery } from '../errors';
import { fieldOf } from '../types';
import { fitArima } from './arima';
import { kmeans } from './kmeans';
import { fitLinear } from './linreg';
import type { OptionValue } from './parse';
import type { ArimaState, KMeansState, LinearState, ModelRecord } from './store';

/** A numeric feature value (null stays null). */
export function num(v: DuckDBValue): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = Number(String(v));
  return Number.isFinite(n) ? n : null;
}

/** A time value in microseconds since the epoch. */
function micros(v: DuckDBValue): bigint {
  if (v instanceof DuckDBTimestampTZValue || v instanceof DuckDBTimestampValue) return v.micros;
  if (v instanceof DuckDBDateValue) return BigInt(v.days) * 86_400_000_000n;
  throw invalidQuery(`time_series_timestamp_col must be a TIMESTAMP, DATETIME or DATE column; got ${String(v)}`);
}

const str = (o: Record<string, OptionValue>, k: string): string | undefined => (o[k] === undefined || o[k] === null ? undefined : String(o[k]));
const list = (o: Record<string, OptionValue>, k: string): string[] => (o[k] === undefined || o[k] === null ? [] : Array.isArray(o[k]) ? (o[k] as OptionValue[]).map(String) : [String(o[k])]);

function column(r: ResultSet, name: string, what: string): number {
  const i = r.names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
  if (i < 0) throw invalidQuery(`${what} ${name} is not a column of the training query (columns: ${r.names.join(', ')})`);
  return i;
}

function trainKMeans(r: ResultSet, o: Record<string, OptionValue>): { state: KMeansState; info: ModelRecord['trainingInfo'] } {
  const features = r.names;
  const k = Number(o.num_clusters ?? Math.max(2, Math.round(Math.log10(Math.max(r.rows.length, 10)))));
  const standardize = o.standardize_features !== false;
  const dims = features.length;
  const values = r.rows.map((row) => row.map(num));
  const means = features.map((_, j) => {
    const xs = values.map((v) => v[j]).filter((x): x is number => x !== null);
    return standardize && xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
  });
  const stds = features.map((_, j) => {
    if (!standardize) return 1;
    const xs = values.map((v) => v[j]).filter((x): x is number => x !== null);
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - means[j]) ** 2, 0) / Math.max(1, xs.length - 1));
    return sd > 0 ? sd : 1;
  });
  const points = new Float64Array(values.length * dims);
  values.forEach((v, i) => v.forEach((x, j) => (points[i * dims + j] = x === null ? 0 : (x - means[j]) / stds[j])));
  const started = Date.now();
  const fit = kmeans(points, dims, k, { init: str(o, 'kmeans_init_method'), maxIterations: Number(o.max_iterations ?? 20), seed: 42 });
  const counts = new Array<number>(k).fill(0);
  fit.assignments.forEach((c) => counts[c]++);
  const per = (Date.now() - started) / fit.loss.length;
  return {
    state: { kind: 'KMEANS', features, means, stds, centroids: fit.centroids, counts },
    info: fit.loss.map((loss, iteration) => ({ iteration, loss, durationMs: Math.round(per) })),
  };
}

function trainLinear(r: ResultSet, o: Record<string, OptionValue>): { state: LinearState; info: ModelRecord['trainingInfo'] } {
  const label = list(o, 'input_label_cols')[0] ?? 'label';
  const li = column(r, label, 'input_label_cols');
  const features = r.names.filter((_, i) => i !== li);
  const rows: number[][] = [];
  const y: number[] = [];
  for (const row of r.rows) {
    const yv = num(row[li]);
    if (yv === null) continue;
    rows.push(row.filter((_, i) => i !== li).map((v) => num(v) ?? 0));
    y.push(yv);
  }
  const started = Date.now();
  const fit = fitLinear(rows, y, Number(o.l2_reg ?? 0));
  let sse = 0;
  rows.forEach((x, i) => (sse += (y[i] - fit.intercept - x.reduce((a, v, j) => a + v * fit.weights[j], 0)) ** 2));
  return {
    state: { kind: 'LINEAR_REG', features, label: r.names[li], intercept: fit.intercept, weights: fit.weights },
    info: [{ iteration: 0, loss: sse / Math.max(1, rows.length), durationMs: Date.now() - started }],
  };
}

function trainArima(r: ResultSet, o: Record<string, OptionValue>): { state: ArimaState; info: ModelRecord['trainingInfo'] } {
  const ts = str(o, 'time_series_timestamp_col');
  const data = str(o, 'time_series_data_col');
  if (!ts || !data) throw invalidQuery('ARIMA_PLUS needs OPTIONS time_series_timestamp_col and time_series_data_col');
  const tsi = column(r, ts, 'time_series_timestamp_col');
  const di = column(r, data, 'time_series_data_col');
  const idCols = list(o, 'time_series_id_col');
  const idi = idCols.map((c) => column(r, c, 'time_series_id_col'));
  const groups = new Map<string, { id: (string | null)[]; points: [bigint, number][] }>();
  for (const row of r.rows) {
    const id = idi.map((i) => (row[i] === null ? null : String(row[i])));
    const v = num(row[di]);
    if (v === null || row[tsi] === null) continue;
    const key = JSON.stringify(id);
    const g = groups.get(key) ?? { id, points: [] };
    g.points.push([micros(row[tsi]), v]);
    groups.set(key, g);
  }
  const started = Date.now();
  const autoArima = o.auto_arima !== false;
  const series = [...groups.values()].map((g) => {
    g.points.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const steps = g.points.slice(1).map((p, i) => p[0] - g.points[i][0]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const step = steps.length ? steps[Math.floor(steps.length / 2)] : 60_000_000n;
    const fit = fitArima(
      g.points.map((p) => p[1]),
      autoArima ? { maxP: Number(o.auto_arima_max_order ?? 5) } : { maxP: Number((o.non_seasonal_order as OptionValue[] | undefined)?.[0] ?? 1), d: Number((o.non_seasonal_order as OptionValue[] | undefined)?.[1] ?? 1) },
    );
    return { id: g.id, fit, lastMicros: g.points[g.points.length - 1][0].toString(), stepMicros: step.toString() };
  });
  if (!series.length) throw invalidQuery('ARIMA_PLUS training query returned no usable rows');
  return {
    state: { kind: 'ARIMA_PLUS', timestampCol: r.names[tsi], dataCol: r.names[di], idCols: idi.map((i) => r.names[i]), horizon: Number(o.horizon ?? 1000), series },
    info: [{ iteration: 0, loss: series.reduce((a, s) => a + s.fit.variance, 0) / series.length, durationMs: Date.now() - started }],
  };
}

/** Trains a model of `options.model_type` on the training query's result. */
export function train(r: ResultSet, options: Record<string, OptionValue>): Pick<ModelRecord, 'modelType' | 'state' | 'trainingInfo' | 'inputColumns'> {
  const type = String(options.model_type ?? '').toUpperCase();
  const inputColumns = r.names.map((n, i) => ({ name: n, type: fieldOf(n, r.types[i]).type }));
  switch (type) {
    case 'KMEANS': {
      const { state, info } = trainKMeans(r, options);
      return { modelType: 'KMEANS', state, trainingInfo: info, inputColumns };
    }
    case 'LINEAR_REG': {
      const { state, info } = trainLinear(r, options);
      return { modelType: 'LINEAR_REG', state, trainingInfo: info, inputColumns };
    }
    case 'ARIMA_PLUS':
    case 'ARIMA': {
      const { state, info } = trainArima(r, options);
      return { modelType: 'ARIMA_PLUS', state, trainingInfo: info, inputColumns };
    }
    default:
      throw invalidQuery(`model_type ${type || '(missing)'} is not supported by the local BigQuery emulator; it trains KMEANS, LINEAR_REG and ARIMA_PLUS (see UNSUPPORTED.md)`);
  }
}
