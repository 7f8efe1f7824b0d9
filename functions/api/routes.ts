/**
 * The query API's routes. Each handler returns `{ status, body }`; the target renders it.
 *
 * - `GET /healthz`
 * - `GET /api/pipelines`
 * - `GET /api/<id>/events?from&to&<filter fields>&limit&pageToken` (silver, newest first)
 * - `GET /api/<id>/kpis/<kpi>?limit` (gold)
 * - `GET /api/<id>/models/<model>?limit` (ml: predictions, forecasts; KMEANS centroids)
 *   (a KPI or model not built yet answers `built: false`, a message and no rows)
 * - `GET /api/<id>/quality?from&to` (valid vs quarantined by rule) and `GET /api/<id>/stages` (per-stage health): quality.ts
 * - `GET /api/<id>/search?q&limit` and `GET /api/<id>/live` (Elasticsearch: search.ts)
 * - `GET /api/budget` (the latest `tributary budget --format json` report: budget.ts)
 * - `GET /api/openapi.json`
 */
import { kpiTable, modelName, predictionTable } from '../../pipelines/naming';
import type { AnyPipeline } from '../runtime';
import { openApi } from './openapi';
import { DEFAULT_BUDGET_DIR, latestBudget } from './budget';
import { isMissingTable, quality, stages } from './quality';
import { live, search, type SearchIndex } from './search';
import { decodePageToken, encodePageToken } from './page-token';
import { ApiError, checkKnown, filterKinds, parseFilter, parseLimit, parseTime } from './params';
import { ident, type Warehouse } from './warehouse';

/** A handler's answer. */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** What the routes serve. */
export interface ApiOptions {
  /** The pipelines served (`PIPELINES`), in order. */
  readonly pipelines: readonly AnyPipeline[];
  readonly warehouse: Warehouse;
  /** Clock for default time ranges. @default () => new Date() */
  readonly now?: () => Date;
  /** Directory of `tributary budget --format json` reports (budget.ts). @default DEFAULT_BUDGET_DIR */
  readonly budgetDir?: string;
  /** Elasticsearch, for `search` and `live`; unset, those routes answer 503. */
  readonly search?: SearchIndex;
}

/** Most rows one page of events returns. */
export const MAX_LIMIT = 1000;
const DAY = 86_400_000;

/** Routes a GET to its handler. */
export async function route(opts: ApiOptions, method: string, url: URL): Promise<ApiResponse> {
  if (method !== 'GET' && method !== 'HEAD') throw new ApiError(405, `${method} is not served; the API is read-only (GET)`);
  const parts = url.pathname.replace(/\/+$/, '').split('/').slice(1).map(decodeURIComponent);
  if (url.pathname === '/healthz') return { status: 200, body: { status: 'ok' } };
  if (parts[0] !== 'api') throw new ApiError(404, `no route ${url.pathname}; see /api/openapi.json`);
  if (parts.length === 2 && parts[1] === 'openapi.json') return { status: 200, body: openApi(opts.pipelines) };
  if (parts.length === 2 && parts[1] === 'budget') return latestBudget(opts.budgetDir ?? DEFAULT_BUDGET_DIR, url.searchParams);
  if (parts.length === 2 && parts[1] === 'pipelines') return { status: 200, body: { pipelines: opts.pipelines.map(summary) } };
  const p = opts.pipelines.find((x) => x.id === parts[1]);
  if (!p) throw new ApiError(404, `unknown pipeline ${JSON.stringify(parts[1]?.slice(0, 60))}; served: ${opts.pipelines.map((x) => x.id).join(', ')}`);
  if (parts.length === 3 && parts[2] === 'events') return events(opts, p, url.searchParams);
  if (parts.length === 4 && parts[2] === 'kpis') return kpi(opts, p, parts[3], url.searchParams);
  if (parts.length === 4 && parts[2] === 'models') return model(opts, p, parts[3], url.searchParams);
  if (parts.length === 3 && parts[2] === 'quality') return quality(opts, p, url.searchParams);
  if (parts.length === 3 && parts[2] === 'stages') return stages(opts, p, url.searchParams);
  if (parts.length === 3 && parts[2] === 'search') return search(opts, p, url.searchParams);
  if (parts.length === 3 && parts[2] === 'live') return live(opts, p, url.searchParams);
  throw new ApiError(404, `no route ${url.pathname}; pipeline routes are /api/${p.id}/events, /api/${p.id}/kpis/<kpi>, /api/${p.id}/models/<model>, /api/${p.id}/quality, /api/${p.id}/stages, /api/${p.id}/search, /api/${p.id}/live`);
}

/** A KPI or model declared but not built yet (a fresh run): a normal state, answered with no rows and this message. */
const notBuilt = (what: string, schedule: string) => `${what} is not built yet: its scheduled query (${schedule}) has not run; \`tributary run\` runs it now`;

const summary = (p: AnyPipeline) => ({
  id: p.id,
  title: p.title,
  description: p.description,
  timeField: p.timeField,
  filterFields: p.filterFields,
  kpis: p.kpis.map((k) => ({ name: k.name, description: k.description })),
  models: p.models.map((m) => ({ name: m.name, type: m.type, description: m.description, ...(m.label ? { label: m.label } : {}), ...(m.timeSeries ? { timeSeries: m.timeSeries } : {}) })),
});

async function events(opts: ApiOptions, p: AnyPipeline, q: URLSearchParams): Promise<ApiResponse> {
  const kinds = filterKinds(p);
  checkKnown(q, ['from', 'to', 'limit', 'pageToken', ...kinds.keys()]);
  const now = (opts.now ?? (() => new Date()))();
  const to = q.has('to') ? parseTime('to', q.get('to')!) : now;
  const from = q.has('from') ? parseTime('from', q.get('from')!) : new Date(to.getTime() - DAY);
  if (from.getTime() >= to.getTime()) throw new ApiError(400, `from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  const limit = parseLimit(q.get('limit'), 100, MAX_LIMIT);

  const tf = ident(p.timeField);
  const where = [`${tf} >= @from_ts`, `${tf} < @to_ts`, `dt BETWEEN DATE(@from_ts) AND DATE(@to_ts)`];
  const params: Record<string, unknown> = { from_ts: from, to_ts: to, limit_plus_one: limit + 1 };
  const canonical: string[] = [`from=${from.toISOString()}`, `to=${to.toISOString()}`];
  for (const [field, kind] of kinds) {
    const raw = q.get(field);
    if (raw === null) continue;
    params[`f_${field}`] = parseFilter(field, kind, raw);
    where.push(`${ident(field)} = @f_${field}`);
    canonical.push(`${field}=${raw}`);
  }
  const token = q.get('pageToken');
  if (token !== null) {
    const key = decodePageToken(token, canonical.join('&'));
    params.page_ts = new Date(key.time);
    params.page_id = key.id;
    where.push(`(${tf} < @page_ts OR (${tf} = @page_ts AND event_id < @page_id))`);
  }
  const sql = `SELECT * FROM ${ident('silver')}.${ident(p.id)} WHERE ${where.join(' AND ')} ORDER BY ${tf} DESC, event_id DESC LIMIT @limit_plus_one`;
  const rows = await opts.warehouse.query(sql, params);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextPageToken = rows.length > limit && last ? encodePageToken({ time: new Date(String(last[p.timeField])).toISOString(), id: String(last.event_id) }, canonical.join('&')) : undefined;
  return { status: 200, body: { pipeline: p.id, from: from.toISOString(), to: to.toISOString(), count: page.length, events: page, ...(nextPageToken ? { nextPageToken } : {}) } };
}

async function kpi(opts: ApiOptions, p: AnyPipeline, name: string, q: URLSearchParams): Promise<ApiResponse> {
  const k = p.kpis.find((x) => x.name === name);
  if (!k) throw new ApiError(404, `unknown KPI ${JSON.stringify(name.slice(0, 60))} of ${p.id}; KPIs: ${p.kpis.map((x) => x.name).join(', ')}`);
  checkKnown(q, ['limit']);
  const limit = parseLimit(q.get('limit'), MAX_LIMIT, MAX_LIMIT);
  const head = { pipeline: p.id, kpi: k.name, description: k.description };
  try {
    const rows = await opts.warehouse.query(`SELECT * FROM ${ident('gold')}.${ident(kpiTable(p.id, k.name))} LIMIT @limit`, { limit });
    return { status: 200, body: { ...head, rows } };
  } catch (err) {
    if (!isMissingTable(err)) throw err;
    return { status: 200, body: { ...head, built: false, message: notBuilt(`gold.${kpiTable(p.id, k.name)}`, k.schedule), rows: [] } };
  }
}

async function model(opts: ApiOptions, p: AnyPipeline, name: string, q: URLSearchParams): Promise<ApiResponse> {
  const m = p.models.find((x) => x.name === name);
  if (!m) throw new ApiError(404, `unknown model ${JSON.stringify(name.slice(0, 60))} of ${p.id}; models: ${p.models.map((x) => x.name).join(', ')}`);
  checkKnown(q, ['limit']);
  const limit = parseLimit(q.get('limit'), MAX_LIMIT, MAX_LIMIT);
  const table = ident(predictionTable(p.id, m.name));
  const body: Record<string, unknown> = { pipeline: p.id, model: m.name, type: m.type, description: m.description };
  const key = m.type === 'ARIMA_PLUS' ? 'forecasts' : 'predictions';
  try {
    const predictions = await opts.warehouse.query(`SELECT * FROM ${ident('ml')}.${table} LIMIT @limit`, { limit });
    if (m.type === 'KMEANS') body.centroids = await opts.warehouse.query(`SELECT * FROM ML.CENTROIDS(MODEL ${ident('ml')}.${ident(modelName(p.id, m.name))})`, {});
    body[key] = predictions;
  } catch (err) {
    if (!isMissingTable(err)) throw err;
    Object.assign(body, { built: false, message: notBuilt(`the model ml.${modelName(p.id, m.name)} or its predictions`, m.schedule), [key]: [] }, m.type === 'KMEANS' ? { centroids: [] } : {});
  }
  return { status: 200, body };
}
