/**
 * `_search` and `_count` routes (GET and POST, with and without an index), and explicit 501s
 * for the search-family endpoints the emulator does not implement.
 */
import { EsError, illegalArgument, unsupported } from '../errors';
import { count, matchingIds, search, type SearchParams } from '../search/search';
import { resolveFor } from './indices';
import { checkRefresh, type Route } from './route';

const searchRoute = (withIndex: boolean): Route => ({
  methods: ['GET', 'POST'], path: withIndex ? '/{index}/_search' : '/_search', op: 'search',
  handle(req, ctx) {
    const body = req.json() ?? {}; // a malformed body fails before index resolution, as in Elasticsearch
    return { body: search(resolveFor(req, ctx.cluster), body, req.query as SearchParams, ctx.scrolls) };
  },
});

const countRoute = (withIndex: boolean): Route => ({
  methods: ['GET', 'POST'], path: withIndex ? '/{index}/_count' : '/_count', op: 'count',
  handle(req, ctx) {
    const body = req.json() ?? {};
    return { body: count(resolveFor(req, ctx.cluster), body, req.query as SearchParams) };
  },
});

/** `_msearch`: header/body NDJSON pairs, each answered like `_search` (errors per response). */
const msearchRoute = (withIndex: boolean): Route => ({
  methods: ['GET', 'POST'], path: withIndex ? '/{index}/_msearch' : '/_msearch', op: 'msearch',
  handle(req, ctx) {
    const lines = req.text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no requests added;' });
    if (lines.length % 2 !== 0) throw illegalArgument('The msearch request must be terminated by a newline [\\n] and have a body line for every header line');
    const responses: unknown[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const parse = (line: string, what: string): Record<string, unknown> => {
        let v: unknown;
        try {
          v = JSON.parse(line);
        } catch (err) {
          throw illegalArgument(`msearch ${what} on line [${i + (what === 'header' ? 1 : 2)}] is not valid JSON: ${(err as Error).message}`);
        }
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw illegalArgument(`msearch ${what} on line [${i + 1}] must be an object`);
        return v as Record<string, unknown>;
      };
      const header = parse(lines[i], 'header');
      const body = parse(lines[i + 1], 'body');
      try {
        const index = Array.isArray(header.index) ? header.index.join(',') : (header.index as string | undefined) ?? req.params.index;
        const indices = ctx.cluster.resolve(index, { ignoreUnavailable: header.ignore_unavailable === true, allowNoIndices: header.allow_no_indices !== false });
        responses.push({ ...search(indices, body, req.query as SearchParams), status: 200 });
      } catch (err) {
        if (!(err instanceof EsError)) throw err;
        responses.push({ error: err.toJSON(), status: err.status });
      }
    }
    return { body: { took: 0, responses } };
  },
});

/** `_search/scroll`: the next page of a scroll (id in the body, path or query). */
const scrollRoute = (path: string): Route => ({
  methods: ['GET', 'POST'], path, op: 'scroll',
  handle(req, ctx) {
    const body = req.json() ?? {};
    const id = (body.scroll_id as string | undefined) ?? req.params.id ?? req.query.scroll_id;
    if (!id) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: scrollId is missing;' });
    return { body: ctx.scrolls.next(id, (body.scroll as string | undefined) ?? req.query.scroll) };
  },
});

/** `DELETE _search/scroll`: frees scroll contexts. */
const clearScrollRoute = (path: string): Route => ({
  methods: ['DELETE'], path, op: 'clear_scroll',
  handle(req, ctx) {
    const body = req.json() ?? {};
    const raw = body.scroll_id ?? req.params.id ?? req.query.scroll_id;
    const ids = (Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : String(raw).split(','));
    if (!ids.length) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no scroll ids specified;' });
    const freed = ctx.scrolls.clear(ids);
    return { status: freed || ids.includes('_all') ? 200 : 404, body: { succeeded: true, num_freed: freed } };
  },
});

/** `_delete_by_query`: deletes the search-visible matches of a query (a snapshot, as in Elasticsearch). */
const deleteByQueryRoute: Route = {
  methods: ['POST'], path: '/{index}/_delete_by_query', op: 'delete_by_query',
  handle(req, ctx) {
    const started = Date.now();
    checkRefresh(req.query.refresh);
    const body = req.json() ?? {};
    for (const k of Object.keys(body)) if (k !== 'query' && k !== 'max_docs') throw unsupported(`[${k}] in _delete_by_query`);
    if (body.query === undefined && req.query.q === undefined) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: query is missing;' });
    const indices = resolveFor(req, ctx.cluster);
    let deleted = 0;
    const max = body.max_docs === undefined ? Infinity : Number(body.max_docs);
    for (const [index, ids] of matchingIds(indices, { query: body.query }, req.query as SearchParams)) {
      for (const id of ids) {
        if (deleted >= max) break;
        if (index.delete(id).result === 'deleted') deleted++;
      }
    }
    ctx.refreshAfterWrite(indices, req.query.refresh);
    return { body: { took: Date.now() - started, timed_out: false, total: deleted, deleted, batches: deleted ? 1 : 0, version_conflicts: 0, noops: 0, retries: { bulk: 0, search: 0 }, throttled_millis: 0, requests_per_second: -1.0, throttled_until_millis: 0, failures: [] } };
  },
};

/** `_update_by_query` without a script: re-indexes the matches (picking up mapping changes). */
const updateByQueryRoute: Route = {
  methods: ['POST'], path: '/{index}/_update_by_query', op: 'update_by_query',
  handle(req, ctx) {
    const started = Date.now();
    checkRefresh(req.query.refresh);
    const body = req.json() ?? {};
    if (body.script !== undefined) throw unsupported('scripts in _update_by_query');
    for (const k of Object.keys(body)) if (k !== 'query' && k !== 'max_docs') throw unsupported(`[${k}] in _update_by_query`);
    const indices = resolveFor(req, ctx.cluster);
    let updated = 0;
    const max = body.max_docs === undefined ? Infinity : Number(body.max_docs);
    for (const [index, ids] of matchingIds(indices, { query: body.query }, req.query as SearchParams)) {
      for (const id of ids) {
        if (updated >= max) break;
        const current = index.get(id);
        if (!current) continue;
        index.put({ id, source: JSON.parse(current.source) as Record<string, unknown>, sourceText: current.source });
        updated++;
      }
    }
    ctx.refreshAfterWrite(indices, req.query.refresh);
    return { body: { took: Date.now() - started, timed_out: false, total: updated, updated, deleted: 0, batches: updated ? 1 : 0, version_conflicts: 0, noops: 0, retries: { bulk: 0, search: 0 }, throttled_millis: 0, requests_per_second: -1.0, throttled_until_millis: 0, failures: [] } };
  },
};

const notImplemented = (path: string, op: string): Route => ({
  methods: ['GET', 'POST', 'PUT', 'DELETE'], path, op,
  handle() {
    throw unsupported(`the [${op}] API (${path})`);
  },
});

/** Search routes. */
export const SEARCH_ROUTES: Route[] = [
  searchRoute(false), searchRoute(true), countRoute(false), countRoute(true),
  scrollRoute('/_search/scroll'), scrollRoute('/_search/scroll/{id}'), clearScrollRoute('/_search/scroll'), clearScrollRoute('/_search/scroll/{id}'),
  notImplemented('/{index}/_pit', 'open_point_in_time'), notImplemented('/_pit', 'close_point_in_time'),
  msearchRoute(false), msearchRoute(true),
  updateByQueryRoute, deleteByQueryRoute,
  notImplemented('/_reindex', 'reindex'), notImplemented('/_component_template/{name}', 'cluster.put_component_template'),
  notImplemented('/_data_stream/{name}', 'indices.create_data_stream'), notImplemented('/_query', 'esql.query'),
  notImplemented('/_sql', 'sql.query'), notImplemented('/_ingest/pipeline/{id}', 'ingest.put_pipeline'),
  notImplemented('/{index}/_explain/{id}', 'explain'), notImplemented('/{index}/_termvectors/{id}', 'termvectors'),
];
