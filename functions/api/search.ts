/**
 * The Elasticsearch side of the API: what the index drain has made searchable, seconds after
 * enrich, while the lake's files are still batching. Reads the `<id>` alias over the daily
 * indices (drain-index/template.ts).
 *
 * - `GET /api/<id>/search?q&limit`: the newest matching documents; `q` in Elasticsearch's
 *   simple query string syntax (`word`, `"a phrase"`, `a | b`, `-not`, `pre*`), all fields.
 * - `GET /api/<id>/live`: documents indexed and the newest event time in the index.
 */
import type { AnyPipeline } from '../runtime';
import { ApiError, checkKnown, parseLimit } from './params';
import type { ApiOptions, ApiResponse } from './routes';

/** What the routes need from Elasticsearch (the official client's `search`, narrowed). */
export interface SearchIndex {
  search(request: Record<string, unknown>): Promise<{ hits: { total?: number | { value: number }; hits: { _source?: unknown }[] }; aggregations?: Record<string, unknown> }>;
}

/** Longest `q` accepted. */
const MAX_QUERY = 500;

const need = (opts: ApiOptions): SearchIndex => {
  if (!opts.search) throw new ApiError(503, 'search is not configured: the api function has no ELASTICSEARCH_URL');
  return opts.search;
};

const total = (t: number | { value: number } | undefined) => (typeof t === 'number' ? t : (t?.value ?? 0));

/** A missing index (nothing indexed yet) reads as empty, not as an error. */
const missing = (err: unknown) => /index_not_found|no such index/i.test(`${(err as { message?: string })?.message ?? ''} ${JSON.stringify((err as { body?: unknown })?.body ?? '')}`);

/** `GET /api/<id>/search`. */
export async function search(opts: ApiOptions, p: AnyPipeline, q: URLSearchParams): Promise<ApiResponse> {
  checkKnown(q, ['q', 'limit']);
  const text = (q.get('q') ?? '').trim();
  if (text.length > MAX_QUERY) throw new ApiError(400, `q is ${text.length} characters; at most ${MAX_QUERY}`);
  const limit = parseLimit(q.get('limit'), 50, 1000);
  const es = need(opts);
  try {
    const res = await es.search({
      index: p.id,
      size: limit,
      track_total_hits: true,
      sort: [{ [p.timeField]: { order: 'desc' } }],
      query: text ? { simple_query_string: { query: text, default_operator: 'and' } } : { match_all: {} },
    });
    return { status: 200, body: { pipeline: p.id, q: text, total: total(res.hits.total), count: res.hits.hits.length, hits: res.hits.hits.map((h) => h._source) } };
  } catch (err) {
    if (missing(err)) return { status: 200, body: { pipeline: p.id, q: text, total: 0, count: 0, hits: [], message: `nothing is indexed for ${p.id} yet` } };
    throw err;
  }
}

/** `GET /api/<id>/live`. */
export async function live(opts: ApiOptions, p: AnyPipeline, q: URLSearchParams): Promise<ApiResponse> {
  checkKnown(q, []);
  const es = need(opts);
  try {
    const res = await es.search({ index: p.id, size: 0, track_total_hits: true, aggs: { newest: { max: { field: p.timeField } } } });
    const newest = (res.aggregations?.newest as { value?: number | null; value_as_string?: string } | undefined) ?? {};
    const time = newest.value_as_string ?? (typeof newest.value === 'number' ? new Date(newest.value).toISOString() : null);
    return { status: 200, body: { pipeline: p.id, indexed: total(res.hits.total), newest: time } };
  } catch (err) {
    if (missing(err)) return { status: 200, body: { pipeline: p.id, indexed: 0, newest: null } };
    throw err;
  }
}
