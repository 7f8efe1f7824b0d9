// The API client of the page: relative URLs (the page is served by the api function, under its
// path prefix in the cloud) and tolerant readers of the answers, so a field added to the API does
// not break the page.

/** An API answer that was not 2xx; `message` carries the API's own error text when it has one. */
export class ApiError extends Error {
  constructor(status, message, url) {
    super(`${url}: HTTP ${status}${message ? ` — ${message}` : ''}`);
    this.status = status;
    this.url = url;
  }
}

/** GET `path` (relative, e.g. `api/pipelines`) with query `params`; resolves to the JSON body. */
export async function getJson(path, params = {}, signal) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const query = qs.toString();
  const url = query ? `${path}?${query}` : path;
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (err) {
    throw new ApiError(res.status, `not JSON (${err.message})`, url);
  }
  if (!res.ok) throw new ApiError(res.status, body?.error?.message ?? body?.error ?? body?.message ?? '', url);
  return body;
}

/** The rows of an answer: a bare array, or the first array among the usual envelope keys. */
export function rowsOf(body) {
  if (Array.isArray(body)) return body;
  if (!body || typeof body !== 'object') return [];
  for (const key of ['rows', 'events', 'items', 'data', 'results', 'forecasts', 'forecast', 'centroids', 'predictions', 'pipelines']) {
    if (Array.isArray(body[key])) return body[key];
  }
  const arrays = Object.values(body).filter(Array.isArray);
  return arrays[0] ?? [];
}

/**
 * A total count of matching events, if the API gives one (`total`, `totalRows`). The api
 * function's `count` is the length of the page, not a total, so it is not read here.
 */
export function totalOf(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const key of ['total', 'totalRows', 'total_rows']) {
    const v = Number(body[key]);
    if (body[key] !== undefined && body[key] !== null && Number.isFinite(v)) return v;
  }
  return undefined;
}

const names = (list) => (list ?? []).map((x) => (typeof x === 'string' ? { name: x } : x)).filter((x) => x && x.name);

/** Pipelines from `GET /api/pipelines`: `{ id, title, description, filterFields, kpis, models }`. */
export function pipelinesOf(body) {
  return rowsOf(body)
    .map((p) => (typeof p === 'string' ? { id: p } : p))
    .filter((p) => p && typeof p.id === 'string')
    .map((p) => ({
      id: p.id,
      title: p.title ?? p.id,
      description: p.description ?? '',
      filterFields: (p.filterFields ?? p.filters ?? []).map((f) => (typeof f === 'string' ? f : f.name)),
      timeField: p.timeField ?? 'event_time',
      kpis: names(p.kpis),
      models: names(p.models),
    }));
}

/** Flattens nested objects to dotted keys (`client.lat`), leaving arrays as JSON text. */
export function flatten(row, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(row ?? {})) {
    const key = prefix + k;
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      // BigQuery answers may wrap timestamps as { value: '...' }
      if (Object.keys(v).length === 1 && 'value' in v && typeof v.value !== 'object') out[key] = v.value;
      else flatten(v, key + '.', out);
    } else out[key] = Array.isArray(v) ? JSON.stringify(v) : v;
  }
  return out;
}

/** Epoch milliseconds of a timestamp-ish value (ISO text, seconds or milliseconds), or NaN. */
export function toMillis(v) {
  if (v === null || v === undefined || v === '') return NaN;
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  const n = Number(v);
  if (Number.isFinite(n) && /^\d+(\.\d+)?$/.test(String(v))) return n < 1e11 ? n * 1000 : n;
  return Date.parse(String(v));
}

const TIME_KEYS = ['forecast_timestamp', 'time_series_timestamp', 'minute', 'hour', 'day', 'dt', 'event_time', 'timestamp'];

/**
 * ARIMA_PLUS answers (ML.FORECAST: `forecast_timestamp`, `forecast_value`,
 * `prediction_interval_lower_bound` / `_upper_bound`) as chart overlays; [] for anything else.
 * With a series id column, only the series equal to `series` (when given) is kept.
 */
export function forecastOverlays(rows, { series, label } = {}) {
  const flat = rows.map((r) => flatten(r));
  const withValue = flat.filter((r) => r.forecast_value !== undefined || r.predicted_value !== undefined);
  if (!withValue.length) return [];
  const idKey = series ? Object.keys(withValue[0]).find((k) => withValue.some((r) => String(r[k]) === String(series))) : undefined;
  const tKey = TIME_KEYS.find((k) => k in withValue[0]);
  if (!tKey) return [];
  const pts = withValue
    .filter((r) => !idKey || String(r[idKey]) === String(series))
    .map((r) => ({ x: toMillis(r[tKey]), y: Number(r.forecast_value ?? r.predicted_value), lo: Number(r.prediction_interval_lower_bound), hi: Number(r.prediction_interval_upper_bound) }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x);
  if (!pts.length) return [];
  const out = [];
  if (pts.every((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi))) out.push({ kind: 'band', label, xs: pts.map((p) => p.x), lo: pts.map((p) => p.lo), hi: pts.map((p) => p.hi) });
  out.push({ kind: 'line', label, xs: pts.map((p) => p.x), ys: pts.map((p) => p.y) });
  return out;
}

/**
 * K-means centroids as [lat, lon] pairs: rows with lat/lon-like columns, or ML.CENTROIDS' long
 * form (`centroid_id`, `feature`, `numerical_value`) pivoted per centroid.
 */
export function centroidsOf(rows) {
  const isLat = (k) => /(^|[._])lat(itude)?$/i.test(k), isLon = (k) => /(^|[._])(lon|lng|longitude)$/i.test(k);
  const flat = rows.map((r) => flatten(r));
  const byId = new Map();
  for (const r of flat) {
    if ('feature' in r && 'numerical_value' in r) {
      const c = byId.get(r.centroid_id) ?? {};
      c[r.feature] = Number(r.numerical_value);
      byId.set(r.centroid_id, c);
    }
  }
  const candidates = byId.size ? [...byId.values()] : flat;
  return candidates
    .map((c) => {
      const la = Object.keys(c).find(isLat), lo = Object.keys(c).find(isLon);
      return la && lo ? [Number(c[la]), Number(c[lo])] : null;
    })
    .filter((p) => p && Number.isFinite(p[0]) && Number.isFinite(p[1]));
}
