/**
 * `_search` and `_count` routes (GET and POST, with and without an index), and explicit 501s
 * for the search-family endpoints the emulator does not implement.
 */
import { unsupported } from '../errors';
import { count, search, type SearchParams } from '../search/search';
import { resolveFor } from './indices';
import type { Route } from './route';

const searchRoute = (withIndex: boolean): Route => ({
  methods: ['GET', 'POST'], path: withIndex ? '/{index}/_search' : '/_search', op: 'search',
  handle(req, ctx) {
    const body = req.json() ?? {}; // a malformed body fails before index resolution, as in Elasticsearch
    return { body: search(resolveFor(req, ctx.cluster), body, req.query as SearchParams) };
  },
});

const countRoute = (withIndex: boolean): Route => ({
  methods: ['GET', 'POST'], path: withIndex ? '/{index}/_count' : '/_count', op: 'count',
  handle(req, ctx) {
    const body = req.json() ?? {};
    return { body: count(resolveFor(req, ctx.cluster), body, req.query as SearchParams) };
  },
});

const notImplemented = (path: string, op: string): Route => ({
  methods: ['GET', 'POST', 'PUT', 'DELETE'], path, op,
  handle() {
    throw unsupported(`the [${op}] API (${path})`);
  },
});

/** Search routes. */
export const SEARCH_ROUTES: Route[] = [
  searchRoute(false), searchRoute(true), countRoute(false), countRoute(true),
  notImplemented('/_search/scroll', 'scroll'), notImplemented('/_search/scroll/{id}', 'scroll'),
  notImplemented('/{index}/_pit', 'open_point_in_time'), notImplemented('/_pit', 'close_point_in_time'),
  notImplemented('/_msearch', 'msearch'), notImplemented('/{index}/_msearch', 'msearch'),
  notImplemented('/{index}/_update_by_query', 'update_by_query'), notImplemented('/{index}/_delete_by_query', 'delete_by_query'),
  notImplemented('/_reindex', 'reindex'), notImplemented('/_component_template/{name}', 'cluster.put_component_template'),
  notImplemented('/_data_stream/{name}', 'indices.create_data_stream'), notImplemented('/_query', 'esql.query'),
  notImplemented('/_sql', 'sql.query'), notImplemented('/_ingest/pipeline/{id}', 'ingest.put_pipeline'),
  notImplemented('/{index}/_explain/{id}', 'explain'), notImplemented('/{index}/_termvectors/{id}', 'termvectors'),
];
