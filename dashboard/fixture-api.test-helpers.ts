/**
 * A stand-in for the `api` function, for the dashboard's browser test and bench: an HTTP server
 * that answers the API contract (issue 8: `GET /api/pipelines`, `/api/<id>/events`,
 * `/api/<id>/kpis/<kpi>`, `/api/<id>/models/<model>`, `/healthz`) from FIXTURE rows held in
 * memory, and serves the page through {@link dashboardHandler} as the real function does.
 *
 * Answers have the api function's shapes (functions/api/routes.ts: `{ events, count }` newest
 * first, `{ rows }` for KPIs, `{ centroids | forecasts | predictions }` for models).
 * The rows are real enriched events: the pipelines' sample generators fed through the pipelines'
 * own `processRaw`, with event times from the moment the server starts. New events arrive on a
 * timer, so the page has something live to count. KPI and model answers are small aggregates
 * computed here, shaped like BigQuery's (ML.CENTROIDS long form, ML.FORECAST columns); they are
 * fixtures, not the SQL in `sql/`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { latestBudget } from '../functions/api/budget';
import { PIPELINES } from '../pipelines';
import { processRaw } from '../pipelines/core/process';
import { getGenerator } from '../pipelines/generators';
import type { QuarantineRecord } from '../pipelines/core/quarantine';
import type { Json, PipelineDefinition } from '../pipelines/types';
import { dashboardHandler } from './index';

/** An enriched event as JSON. */
export type Row = Record<string, Json>;

/** Options of {@link startFixtureApi}. */
export interface FixtureApiOptions {
  /** Events per pipeline at start. @default 300 */
  readonly initial?: number;
  /** Events added per pipeline on each tick. @default 5 */
  readonly perTick?: number;
  /** Tick period in ms. @default 250 */
  readonly tickMs?: number;
  /** Where `GET /api/budget` looks (the api function's own handler). @default a directory with no report */
  readonly budgetDir?: string;
}

/** A running fixture API. */
export interface FixtureApi {
  readonly url: string;
  /** Request URLs received (path and query), in order. */
  readonly requests: string[];
  /** Events held for a pipeline. */
  count(id: string): number;
  close(): Promise<void>;
}

function get(row: Row, path: string): Json | undefined {
  let v: Json | undefined = row;
  for (const k of path.split('.')) v = v && typeof v === 'object' && !Array.isArray(v) ? v[k] : undefined;
  return v;
}

/** Enriched rows from a pipeline's generator, event times spread over the last minutes. */
export function makeFeed(p: PipelineDefinition) {
  const gen = getGenerator(p.id);
  const start = new Date(Date.now() - 10 * 60_000);
  const samples = gen.generate({ count: 1_000_000, seed: 7, start, defectRate: 0 })[Symbol.iterator]();
  const ctx = { now: new Date(), state: new Map<string, unknown>() };
  const rows: Row[] = [];
  return {
    rows,
    add(n: number) {
      for (let added = 0, tries = 0; added < n && tries < n * 5; tries++) {
        const next = samples.next();
        if (next.done) return;
        ctx.now = new Date();
        const out = processRaw(p, Buffer.from(JSON.stringify(next.value.event)), ctx);
        if (out.kind !== 'ok') continue;
        rows.push({ ...(out.enriched as Row), event_id: out.event_id });
        added++;
      }
    },
  };
}

/** Quarantine records of the pipeline's generator with defects, through its own processRaw. */
export function quarantineRecords(p: PipelineDefinition, count = 400): QuarantineRecord[] {
  const ctx = { now: new Date(), state: new Map<string, unknown>() };
  const out: QuarantineRecord[] = [];
  for (const s of getGenerator(p.id).generate({ count, seed: 9, start: new Date(Date.now() - 600_000), defectRate: 0.1 })) {
    const r = processRaw(p, Buffer.from(JSON.stringify(s.event)), ctx);
    if (r.kind === 'quarantine') out.push(r.record);
  }
  return out;
}

/** Quarantined events by rule (of {@link quarantineRecords}). */
export function quarantineRules(p: PipelineDefinition): Map<string, number> {
  const rules = new Map<string, number>();
  for (const r of quarantineRecords(p)) rules.set(r.rule, (rules.get(r.rule) ?? 0) + 1);
  return rules;
}

/** Fixture KPI rows: events and a mean per value of the first filter field. */
export function kpiRows(p: PipelineDefinition, rows: Row[], kpi = ''): Row[] {
  if (kpi.startsWith('ohlc')) return ohlcRows(p, rows);
  if (kpi.includes('volume')) return volumeRows(p, rows);
  const key = p.filterFields[0]!;
  const numeric = Object.keys(rows[0] ?? {}).find((k) => typeof rows[0]![k] === 'number' && k !== key);
  const groups = new Map<string, { n: number; sum: number }>();
  for (const r of rows) {
    const g = String(get(r, key) ?? 'unknown');
    const e = groups.get(g) ?? { n: 0, sum: 0 };
    e.n++;
    e.sum += numeric ? Number(r[numeric]) : 0;
    groups.set(g, e);
  }
  const day = new Date().toISOString().slice(0, 10);
  return [...groups].slice(0, 50).map(([g, e]) => ({ day, [key]: g, events: e.n, ...(numeric ? { [`mean_${numeric}`]: Math.round((e.sum / e.n) * 100) / 100 } : {}) }));
}

/** Fixture volume per series and day (crypto `daily_volume_trend`: the day's largest volume seen). */
function volumeRows(p: PipelineDefinition, rows: Row[]): Row[] {
  const key = p.filterFields[0]!;
  const days = new Map<string, Row>();
  for (const r of rows) {
    const dt = String(r[p.timeField]).slice(0, 10);
    const id = `${String(r[key])}|${dt}`;
    const v = Number(r.volume ?? 0);
    const d = days.get(id);
    if (!d) days.set(id, { [key]: r[key] ?? null, dt, volume: v, close: Number(r.price ?? 0) });
    else Object.assign(d, { volume: Math.max(Number(d.volume), v), close: Number(r.price ?? d.close) });
  }
  return [...days.values()];
}

/** Fixture OHLC per series and minute (stocks, crypto `ohlc_*`), as the KPI SQL shapes them. */
function ohlcRows(p: PipelineDefinition, rows: Row[]): Row[] {
  const key = p.filterFields[0]!;
  const priceField = ['price', 'last_price'].find((f) => typeof rows[0]?.[f] === 'number') ?? 'price';
  const buckets = new Map<string, Row>();
  for (const r of rows) {
    const minute = String(r[p.timeField]).slice(0, 16) + ':00.000Z';
    const v = Number(r[priceField]);
    const id = `${String(r[key])}|${minute}`;
    const b = buckets.get(id);
    const vol = typeof r.volume === 'number' ? r.volume : undefined; // stocks: the day's cumulative volume
    if (!b) buckets.set(id, { [key]: r[key] ?? null, minute, open: v, high: v, low: v, close: v, ...(vol !== undefined ? { first_volume: vol, volume: 0 } : {}) });
    else Object.assign(b, { high: Math.max(Number(b.high), v), low: Math.min(Number(b.low), v), close: v, ...(vol !== undefined ? { volume: Math.max(0, vol - Number(b.first_volume)) } : {}) });
  }
  return [...buckets.values()].map(({ first_volume: _, ...b }) => b);
}

/** Fixture model rows shaped like BigQuery ML's (ML.CENTROIDS long form, ML.FORECAST columns). */
export function modelRows(p: PipelineDefinition, name: string, rows: Row[]): Row[] {
  const m = p.models.find((x) => x.name === name)!;
  if (m.type === 'KMEANS') {
    const feats = m.features ?? [];
    const out: Row[] = [];
    // fixture centroids: the mean of each feature over 8 slices of the rows
    for (let c = 0; c < 8; c++) {
      const slice = rows.filter((_, i) => i % 8 === c);
      for (const f of feats) out.push({ centroid_id: c + 1, feature: f, numerical_value: slice.reduce((s, r) => s + Number(get(r, f) ?? 0), 0) / Math.max(1, slice.length) });
    }
    return out;
  }
  if (m.type === 'ARIMA_PLUS') {
    const idCol = m.timeSeries?.idCol;
    const series = idCol ? [...new Set(rows.map((r) => String(get(r, idCol))))].slice(0, 5) : [undefined];
    const last = rows.length ? Date.parse(String(rows[rows.length - 1]![p.timeField])) : Date.now();
    return series.flatMap((s) =>
      Array.from({ length: 12 }, (_, i) => {
        const mine = idCol ? rows.filter((r) => String(get(r, idCol)) === s) : rows;
        const lastValue = Number(get(mine[mine.length - 1] ?? {}, m.timeSeries?.dataCol ?? '') ?? get(mine[mine.length - 1] ?? {}, m.label ?? 'last_price') ?? NaN);
        const base = Number.isFinite(lastValue) ? lastValue : 20;
        const v = base * (1 + 0.01 * Math.sin(i / 3));
        return { ...(idCol ? { [idCol]: s ?? null } : {}), forecast_timestamp: new Date(last + (i + 1) * 60_000).toISOString(), forecast_value: v, prediction_interval_lower_bound: v - base * 0.01 * (1 + i * 0.1), prediction_interval_upper_bound: v + base * 0.01 * (1 + i * 0.1) };
      }),
    );
  }
  if (m.type === 'LINEAR_REG' && m.label) {
    // ML.PREDICT's shape: the input columns and predicted_<label> (here the label, nudged)
    const label = m.label;
    return rows.slice(-300).map((r, i) => ({ event_id: r.event_id!, ...Object.fromEntries(p.filterFields.map((f) => [f, get(r, f) ?? null])), [p.timeField]: r[p.timeField]!, [label]: Number(get(r, label)), [`predicted_${label}`]: Number(get(r, label)) * (1 + 0.002 * Math.sin(i)) }));
  }
  return rows.slice(-20).map((r) => ({ event_id: r.event_id!, predicted_value: Number(Object.values(r).find((v) => typeof v === 'number') ?? 0) }));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts the fixture API on a free port. */
export async function startFixtureApi(options: FixtureApiOptions = {}): Promise<FixtureApi> {
  const feeds = new Map(PIPELINES.map((p) => [p.id, makeFeed(p)]));
  for (const f of feeds.values()) f.add(options.initial ?? 300);
  const quarantine = new Map(PIPELINES.map((p) => [p.id, quarantineRules(p)]));
  const timer = setInterval(() => {
    for (const f of feeds.values()) f.add(options.perTick ?? 5);
  }, options.tickMs ?? 250);
  const requests: string[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    if (dashboardHandler(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://fixture');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
    if (parts[0] !== 'api') return send(res, 404, { error: `no route ${url.pathname}` });
    if (parts[1] === 'budget' && parts.length === 2) {
      latestBudget(options.budgetDir ?? join(__dirname, 'no-budget-here'), url.searchParams).then((r) => send(res, r.status, r.body), (err: Error) => send(res, 500, { error: err.message }));
      return;
    }
    if (parts[1] === 'pipelines' && parts.length === 2) {
      return send(res, 200, {
        pipelines: PIPELINES.map((p) => ({ id: p.id, title: p.title, description: p.description, timeField: p.timeField, filterFields: p.filterFields, kpis: p.kpis.map((k) => ({ name: k.name, description: k.description })), models: p.models.map((m) => ({ name: m.name, type: m.type, description: m.description, label: m.label, timeSeries: m.timeSeries })) })),
      });
    }
    const p = PIPELINES.find((x) => x.id === parts[1]);
    if (!p) return send(res, 404, { error: `unknown pipeline ${parts[1]}` });
    const rows = feeds.get(p.id)!.rows;
    if (parts[2] === 'events' && parts.length === 3) {
      const allowed = new Set(['from', 'to', 'limit', 'pageToken', ...p.filterFields]);
      const bad = [...url.searchParams.keys()].filter((k) => !allowed.has(k));
      if (bad.length) return send(res, 400, { error: `unknown parameter ${bad.join(', ')}; allowed: ${[...allowed].join(', ')}` });
      const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 100));
      const from = url.searchParams.get('from'), to = url.searchParams.get('to');
      const filters = p.filterFields.filter((f) => url.searchParams.has(f)).map((f) => [f, url.searchParams.get(f)!] as const);
      const matching = rows.filter((r) => {
        const t = String(r[p.timeField]);
        if (from && t < from) return false;
        if (to && t >= to) return false;
        return filters.every(([f, v]) => String(get(r, f)) === v);
      });
      return send(res, 200, { pipeline: p.id, count: Math.min(limit, matching.length), events: matching.slice(-limit).reverse() });
    }
    if (parts[2] === 'quality' && parts.length === 3) {
      const rules = [...quarantine.get(p.id)!].sort((a, b) => b[1] - a[1]).map(([rule, count]) => ({ rule, count }));
      const today = new Date().toISOString().slice(0, 10);
      return send(res, 200, { pipeline: p.id, from: today, to: today, valid: rows.length, quarantined: rules.reduce((n, r) => n + r.count, 0), rules, deadLettered: rules.find((r) => r.rule === 'dead_letter')?.count ?? 0, deadLetterNote: `quarantined with rule dead_letter (fixture)` });
    }
    if (parts[2] === 'stages' && parts.length === 3) {
      const newest = String(rows[rows.length - 1]?.[p.timeField] ?? '');
      const stages = [
        { stage: 'silver', table: `silver.${p.id}`, status: 'ok', rows: rows.length, newest },
        ...p.kpis.map((k) => ({ stage: `gold ${k.name}`, table: `gold.${p.id}_${k.name}`, status: 'ok', rows: 1 })),
        ...p.models.map((m) => ({ stage: `ml ${m.name}`, table: `ml.${p.id}_${m.name}_predictions`, status: 'empty', rows: 0 })),
      ];
      return send(res, 200, { pipeline: p.id, stages });
    }
    if (parts[2] === 'live' && parts.length === 3) return send(res, 200, { pipeline: p.id, indexed: rows.length, newest: String(rows[rows.length - 1]?.[p.timeField] ?? '') || null });
    if (parts[2] === 'search' && parts.length === 3) {
      // words must all appear somewhere in the document (a rough stand-in for simple_query_string)
      const words = (url.searchParams.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const hits = rows.filter((r) => words.every((w) => JSON.stringify(r).toLowerCase().includes(w))).reverse();
      return send(res, 200, { pipeline: p.id, q: url.searchParams.get('q') ?? '', total: hits.length, count: Math.min(50, hits.length), hits: hits.slice(0, 50) });
    }
    if (parts[2] === 'kpis' && p.kpis.some((k) => k.name === parts[3])) return send(res, 200, { pipeline: p.id, kpi: parts[3], rows: kpiRows(p, rows, parts[3]) });
    if (parts[2] === 'models' && p.models.some((m) => m.name === parts[3])) {
      const m = p.models.find((x) => x.name === parts[3])!;
      const out = modelRows(p, m.name, rows);
      const key = m.type === 'KMEANS' ? 'centroids' : m.type === 'ARIMA_PLUS' ? 'forecasts' : 'predictions';
      return send(res, 200, { pipeline: p.id, model: m.name, type: m.type, [key]: out, ...(m.type === 'KMEANS' ? { predictions: [] } : {}) });
    }
    return send(res, 404, { error: `no route ${url.pathname}` });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    count: (id) => feeds.get(id)?.rows.length ?? 0,
    close: () => {
      clearInterval(timer);
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
