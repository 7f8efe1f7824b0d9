/**
 * ML.PREDICT, ML.EVALUATE, ML.CENTROIDS, ML.FORECAST, ML.TRAINING_INFO, ML.WEIGHTS and
 * ML.ARIMA_EVALUATE as DuckDB SQL producing a table: predictions are computed in DuckDB over the
 * input (so they scale with it); small outputs (centroids, forecasts) are written as VALUES.
 */
import { invalidQuery } from '../errors';
import { lit, q } from '../types';
import { forecast, normalQuantile } from './arima';
import type { OptionValue } from './parse';
import type { KMeansState, LinearState, ModelRecord } from './store';

/** A column of a VALUES table. */
interface Col {
  readonly name: string;
  readonly type: string;
}

const sqlValue = (v: unknown, type: string): string => {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return `CAST(NULL AS ${type})`;
  if (type === 'TIMESTAMPTZ') return `make_timestamptz(${String(v)}::BIGINT)`;
  if (typeof v === 'number') return `CAST(${v} AS ${type})`;
  return `CAST(${lit(String(v))} AS ${type})`;
};

/** `SELECT` of literal rows with typed columns (an empty typed relation when there are none). */
export function valuesSelect(cols: readonly Col[], rows: readonly unknown[][]): string {
  if (!rows.length) return `SELECT ${cols.map((c) => `CAST(NULL AS ${c.type}) AS ${q(c.name)}`).join(', ')} WHERE false`;
  const body = rows.map((r) => `(${r.map((v, i) => sqlValue(v, cols[i].type)).join(', ')})`).join(',\n');
  return `SELECT * FROM (VALUES ${body}) AS v(${cols.map((c) => q(c.name)).join(', ')})`;
}

/** The standardised distance expression of a KMEANS model to centroid `c`. */
function distanceSql(s: KMeansState, c: number): string {
  const terms = s.features.map((f, j) => `power(COALESCE((CAST(${q(f)} AS DOUBLE) - ${s.means[j]}) / ${s.stds[j]}, 0) - ${s.centroids[c][j]}, 2)`);
  return `sqrt(${terms.join(' + ')})`;
}

function kmeansPredict(s: KMeansState, input: string): string {
  // Structs sort by their first field, so sort (distance, id) pairs and then put id first as BigQuery does.
  const dists = s.centroids.map((_, c) => `{'DISTANCE': ${distanceSql(s, c)}, 'CENTROID_ID': ${c + 1}::BIGINT}`);
  return `SELECT d[1].CENTROID_ID AS CENTROID_ID, d AS NEAREST_CENTROIDS_DISTANCE, * EXCLUDE (d, __row)
FROM (SELECT *, list_transform(list_sort([${dists.join(', ')}]), __c -> {'CENTROID_ID': __c.CENTROID_ID, 'DISTANCE': __c.DISTANCE}) AS d FROM ${input}) ORDER BY __row`;
}

function linearPredict(s: LinearState, input: string): string {
  const expr = [String(s.intercept), ...s.features.map((f, j) => `${s.weights[j]} * COALESCE(CAST(${q(f)} AS DOUBLE), 0)`)].join(' + ');
  return `SELECT ${expr} AS ${q(`predicted_${s.label}`)}, * EXCLUDE (__row) FROM ${input} ORDER BY __row`;
}

function linearEvaluate(s: LinearState, input: string): string {
  const pred = [String(s.intercept), ...s.features.map((f, j) => `${s.weights[j]} * COALESCE(CAST(${q(f)} AS DOUBLE), 0)`)].join(' + ');
  return `WITH e AS (SELECT CAST(${q(s.label)} AS DOUBLE) AS y, ${pred} AS p FROM ${input} WHERE ${q(s.label)} IS NOT NULL)
SELECT avg(abs(y - p)) AS mean_absolute_error, avg(power(y - p, 2)) AS mean_squared_error,
  avg(power(ln(1 + greatest(y, 0)) - ln(1 + greatest(p, 0)), 2)) AS mean_squared_log_error,
  median(abs(y - p)) AS median_absolute_error,
  1 - sum(power(y - p, 2)) / nullif(sum(power(y - (SELECT avg(y) FROM e), 2)), 0) AS r2_score,
  1 - var_pop(y - p) / nullif(var_pop(y), 0) AS explained_variance FROM e`;
}

function kmeansEvaluate(s: KMeansState, input: string): string {
  // Davies-Bouldin from the centroids and each cluster's mean distance to its centroid.
  return `WITH p AS (${kmeansPredict(s, input)}),
s AS (SELECT CENTROID_ID AS c, avg(NEAREST_CENTROIDS_DISTANCE[1].DISTANCE) AS spread FROM p GROUP BY 1)
SELECT (SELECT avg(power(NEAREST_CENTROIDS_DISTANCE[1].DISTANCE, 2)) FROM p) AS mean_squared_distance,
  (SELECT avg(worst) FROM (SELECT a.c, max((a.spread + b.spread) / cd.dist) AS worst FROM s a JOIN s b ON a.c <> b.c
     JOIN (${centroidDistances(s)}) cd ON cd.a = a.c AND cd.b = b.c GROUP BY a.c)) AS davies_bouldin_index`;
}

function centroidDistances(s: KMeansState): string {
  const rows: unknown[][] = [];
  s.centroids.forEach((a, i) => s.centroids.forEach((b, j) => rows.push([i + 1, j + 1, Math.sqrt(a.reduce((acc, v, d) => acc + (v - b[d]) ** 2, 0))])));
  return valuesSelect([{ name: 'a', type: 'BIGINT' }, { name: 'b', type: 'BIGINT' }, { name: 'dist', type: 'DOUBLE' }], rows);
}

function arimaForecast(m: ModelRecord, settings: Record<string, OptionValue>, explain: boolean): string {
  if (m.state.kind !== 'ARIMA_PLUS') throw invalidQuery(`ML.FORECAST needs an ARIMA_PLUS model; ${m.datasetId}.${m.modelId} is ${m.modelType}`);
  const s = m.state;
  const horizon = Number(settings.horizon ?? 3);
  const level = Number(settings.confidence_level ?? 0.95);
  if (horizon > s.horizon) throw invalidQuery(`horizon ${horizon} is larger than the model's horizon option ${s.horizon}`);
  if (!(level > 0 && level < 1)) throw invalidQuery(`confidence_level must be in (0, 1); got ${level}`);
  const z = normalQuantile(0.5 + level / 2);
  const cols: Col[] = [
    ...s.idCols.map((c) => ({ name: c, type: 'VARCHAR' })),
    { name: explain ? 'time_series_timestamp' : 'forecast_timestamp', type: 'TIMESTAMPTZ' },
    { name: explain ? 'time_series_data' : 'forecast_value', type: 'DOUBLE' },
    { name: 'standard_error', type: 'DOUBLE' },
    { name: 'confidence_level', type: 'DOUBLE' },
    { name: 'prediction_interval_lower_bound', type: 'DOUBLE' },
    { name: 'prediction_interval_upper_bound', type: 'DOUBLE' },
    { name: 'confidence_interval_lower_bound', type: 'DOUBLE' },
    { name: 'confidence_interval_upper_bound', type: 'DOUBLE' },
  ];
  const rows: unknown[][] = [];
  for (const series of s.series) {
    forecast(series.fit, horizon).forEach((f, h) => {
      const at = BigInt(series.lastMicros) + BigInt(series.stepMicros) * BigInt(h + 1);
      const lo = f.value - z * f.standardError;
      const hi = f.value + z * f.standardError;
      rows.push([...series.id, at.toString(), f.value, f.standardError, level, lo, hi, lo, hi]);
    });
  }
  return valuesSelect(cols, rows);
}

/** The DuckDB SELECT computing an ML function; `input` is a table with a `__row` column, when the call has one. */
export function mlFunctionSql(fn: string, m: ModelRecord, settings: Record<string, OptionValue>, input?: string): string {
  const s = m.state;
  const needInput = (): string => {
    if (!input) throw invalidQuery(`ML.${fn} on ${m.modelType} model ${m.datasetId}.${m.modelId} needs an input query or TABLE argument`);
    return input;
  };
  switch (fn) {
    case 'PREDICT':
      if (s.kind === 'KMEANS') return kmeansPredict(s, needInput());
      if (s.kind === 'LINEAR_REG') return linearPredict(s, needInput());
      throw invalidQuery(`ML.PREDICT is not available for ARIMA_PLUS models; use ML.FORECAST`);
    case 'EVALUATE':
    case 'ARIMA_EVALUATE':
      if (s.kind === 'LINEAR_REG') return linearEvaluate(s, needInput());
      if (s.kind === 'KMEANS') return kmeansEvaluate(s, needInput());
      return valuesSelect(
        [...s.idCols.map((c) => ({ name: c, type: 'VARCHAR' })), ...['non_seasonal_p', 'non_seasonal_d', 'non_seasonal_q'].map((name) => ({ name, type: 'BIGINT' })), { name: 'has_drift', type: 'BOOLEAN' }, { name: 'log_likelihood', type: 'DOUBLE' }, { name: 'AIC', type: 'DOUBLE' }, { name: 'variance', type: 'DOUBLE' }],
        s.series.map((x) => [...x.id, x.fit.p, x.fit.d, 0, true, x.fit.logLikelihood, x.fit.aic, x.fit.variance]),
      );
    case 'CENTROIDS': {
      if (s.kind !== 'KMEANS') throw invalidQuery(`ML.CENTROIDS needs a KMEANS model; ${m.datasetId}.${m.modelId} is ${m.modelType}`);
      const rows = s.centroids.flatMap((c, i) => s.features.map((f, j) => [i + 1, f, c[j] * s.stds[j] + s.means[j]]));
      return `SELECT *, CAST([] AS VARCHAR[]) AS categorical_value FROM (${valuesSelect([{ name: 'centroid_id', type: 'BIGINT' }, { name: 'feature', type: 'VARCHAR' }, { name: 'numerical_value', type: 'DOUBLE' }], rows)}) ORDER BY centroid_id, feature`;
    }
    case 'FORECAST':
      return arimaForecast(m, settings, false);
    case 'TRAINING_INFO':
      return valuesSelect(
        [{ name: 'training_run', type: 'BIGINT' }, { name: 'iteration', type: 'BIGINT' }, { name: 'loss', type: 'DOUBLE' }, { name: 'eval_loss', type: 'DOUBLE' }, { name: 'duration_ms', type: 'BIGINT' }],
        m.trainingInfo.map((t) => [0, t.iteration, t.loss, null, t.durationMs]),
      );
    case 'WEIGHTS':
      if (s.kind !== 'LINEAR_REG') throw invalidQuery(`ML.WEIGHTS is implemented for LINEAR_REG models only`);
      return valuesSelect([{ name: 'processed_input', type: 'VARCHAR' }, { name: 'weight', type: 'DOUBLE' }], [...s.features.map((f, j) => [f, s.weights[j]]), ['__INTERCEPT__', s.intercept]]);
    default:
      throw invalidQuery(`ML.${fn} is not supported by the local BigQuery emulator (see UNSUPPORTED.md)`);
  }
}
