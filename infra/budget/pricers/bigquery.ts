/**
 * BigQuery: scheduled queries (`google_bigquery_data_transfer_config`) billed on demand by bytes
 * processed (10 MiB minimum per table referenced), CREATE MODEL by bytes processed at the
 * BigQuery ML rate (ARIMA_PLUS once per candidate model), ML.PREDICT / ML.FORECAST as
 * analysis; native tables' active and long-term storage. External tables and views store
 * nothing in BigQuery.
 *
 * Usage keys: `monthly_runs`, `tb_per_run` (TiB processed per run), `tables_referenced`
 * (default 1), `candidate_models` (ARIMA_PLUS, default {@link arimaCandidateModels}),
 * `monthly_queries_tb` (Infracost; total TiB a month, overrides runs × TiB);
 * on tables `storage_gb`, `monthly_long_term_storage_gb`.
 */
import { TIB } from '../catalog';
import type { ComponentDraft, PricerContext } from '../types';
import { block, num } from './util';

/** Minimum bytes billed per table a query references. */
export const MIN_BYTES_PER_TABLE = 10 * 2 ** 20;

/**
 * Candidate models auto.ARIMA trains for `auto_arima_max_order` n (default 5): every (p, q)
 * with p + q <= n, for d in {0, 1}, that is (n + 1)(n + 2) — 42 at the default; 1 with
 * `auto_arima = FALSE`. The bytes processed are billed once per candidate. To check against the
 * BigQuery ML pricing page; override with the `candidate_models` usage key.
 */
export function arimaCandidateModels(sql: string): number {
  if (/auto_arima\s*=\s*false/i.test(sql)) return 1;
  const n = Number(/auto_arima_max_order\s*=\s*(\d+)/i.exec(sql)?.[1] ?? 5);
  return (n + 1) * (n + 2);
}

/** Candidates at the default `auto_arima_max_order` (5). */
export const ARIMA_CANDIDATE_MODELS = arimaCandidateModels('');

/** What a scheduled query does, read from its SQL. */
export function queryKind(sql: string): { kind: 'model' | 'predict' | 'query'; modelType?: string } {
  const model = /CREATE\s+(?:OR\s+REPLACE\s+)?MODEL\b[\s\S]*?model_type\s*=\s*'([A-Z_]+)'/i.exec(sql);
  if (model) return { kind: 'model', modelType: model[1].toUpperCase() };
  if (/CREATE\s+(?:OR\s+REPLACE\s+)?MODEL\b/i.test(sql)) return { kind: 'model' };
  if (/\bML\.(PREDICT|FORECAST|DETECT_ANOMALIES|EXPLAIN_FORECAST)\b/i.test(sql)) return { kind: 'predict' };
  return { kind: 'query' };
}

/** google_bigquery_data_transfer_config */
export function priceScheduledQuery(ctx: PricerContext): ComponentDraft[] {
  const sql = String((block(ctx.config.params) ?? {}).query ?? '');
  const { kind, modelType } = queryKind(sql);
  const minTib = (Math.max(1, num(ctx.usage, 'tables_referenced', 1)) * MIN_BYTES_PER_TABLE) / TIB;
  const runs = num(ctx.usage, 'monthly_runs');
  const tib = ctx.usage.monthly_queries_tb !== undefined ? num(ctx.usage, 'monthly_queries_tb') : runs * Math.max(minTib, num(ctx.usage, 'tb_per_run'));
  if (kind === 'model') {
    const candidates = modelType === 'ARIMA_PLUS' || modelType === 'ARIMA_PLUS_XREG' ? num(ctx.usage, 'candidate_models', arimaCandidateModels(sql)) : 1;
    const label = candidates > 1 ? `CREATE MODEL ${modelType} (× ${candidates} candidate models)` : `CREATE MODEL ${modelType ?? ''}`.trim();
    return [{ name: label, priceId: 'bqml.createModel', quantity: tib * candidates }];
  }
  return [{ name: kind === 'predict' ? 'Prediction query (on-demand analysis)' : 'Scheduled query (on-demand analysis)', priceId: 'bigquery.analysis', quantity: tib }];
}

/** google_bigquery_table: native tables only; external tables and views are free here. */
export function priceTable(ctx: PricerContext): ComponentDraft[] | { free: string } {
  if (ctx.config.external_data_configuration) return { free: 'external table: the data is in Cloud Storage and priced with the bucket; queries are priced where they run' };
  if (ctx.config.view) return { free: 'view: stores nothing; its queries are priced where they run' };
  return [
    { name: 'Active storage', priceId: 'bigquery.activeStorage', quantity: num(ctx.usage, 'storage_gb') },
    { name: 'Long-term storage', priceId: 'bigquery.longTermStorage', quantity: num(ctx.usage, 'monthly_long_term_storage_gb') },
  ];
}
