/**
 * Single-document APIs: index (with and without id), create, get, exists, `_source`, delete,
 * update, and `_mget`.
 */
import { EsError, indexNotFound, parsingException } from '../errors';
import type { EsRequest } from '../http';
import type { EsIndex } from '../store/es-index';
import { compileSourceFilter, filterSource } from '../search/source-filter';
import { checkRefresh, flag, type ApiContext, type Route } from './route';
import { deleteOp, indexOp, parseSource, seqNoParams, updateOp, type OpResult } from './write-ops';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function finish(req: EsRequest, ctx: ApiContext, r: OpResult) {
  const forced = r.index ? ctx.refreshAfterWrite([r.index], req.query.refresh) : false;
  return { status: r.status, body: forced ? { ...r.body, forced_refresh: true } : r.body };
}

const indexDoc = (path: string, opTypeFixed?: 'create'): Route => ({
  methods: path.endsWith('{id}') ? ['PUT', 'POST'] : ['POST'], path, op: opTypeFixed ?? 'index',
  handle(req, ctx) {
    checkRefresh(req.query.refresh);
    const opType = opTypeFixed ?? (req.query.op_type === 'create' ? 'create' : 'index');
    if (req.query.op_type !== undefined && req.query.op_type !== 'create' && req.query.op_type !== 'index') {
      throw parsingException(`opType must be 'create' or 'index', found: [${req.query.op_type}]`);
    }
    if (req.text.trim() === '') throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: source is missing;2: content type is missing;' });
    const source = parseSource(req.text, req.params.id);
    return finish(req, ctx, indexOp(ctx.cluster, {
      index: req.params.index, id: req.params.id, source, sourceText: req.text, opType, ...seqNoParams(req.query),
      requireAlias: flag(req.query.require_alias), version: req.query.version, pipeline: req.query.pipeline,
    }));
  },
});

/** The real-time doc, or throws index_not_found. */
function lookup(ctx: ApiContext, indexName: string, id: string): { index: EsIndex; found?: ReturnType<EsIndex['get']> } {
  const index = ctx.cluster.writeTarget(indexName) ?? (() => { throw indexNotFound(indexName); })();
  return { index, found: index.get(id) };
}

const getDoc: Route = {
  methods: ['GET'], path: '/{index}/_doc/{id}', op: 'get',
  handle(req, ctx) {
    const { index, found } = lookup(ctx, req.params.index, req.params.id);
    if (!found) return { status: 404, body: { _index: index.name, _id: req.params.id, found: false } };
    const body: Json = { _index: index.name, _id: req.params.id, _version: found.version, _seq_no: found.seqNo, _primary_term: 1, found: true };
    const filter = compileSourceFilter(undefined, { source: req.query._source, includes: req.query._source_includes, excludes: req.query._source_excludes });
    if (filter) body._source = filterSource(JSON.parse(found.source) as Json, filter);
    return { body };
  },
};

const existsDoc: Route = {
  methods: ['HEAD'], path: '/{index}/_doc/{id}', op: 'exists',
  handle(req, ctx) {
    const index = ctx.cluster.writeTarget(req.params.index);
    return { status: index?.get(req.params.id) ? 200 : 404 };
  },
};

const getSource: Route = {
  methods: ['GET', 'HEAD'], path: '/{index}/_source/{id}', op: 'get_source',
  handle(req, ctx) {
    const { index, found } = lookup(ctx, req.params.index, req.params.id);
    if (!found) throw new EsError({ status: 404, type: 'resource_not_found_exception', reason: `Document not found [${index.name}]/[${req.params.id}]` });
    const filter = compileSourceFilter(undefined, { includes: req.query._source_includes, excludes: req.query._source_excludes });
    return { body: filter ? filterSource(JSON.parse(found.source) as Json, filter) : JSON.parse(found.source) };
  },
};

const deleteDoc: Route = {
  methods: ['DELETE'], path: '/{index}/_doc/{id}', op: 'delete',
  handle(req, ctx) {
    checkRefresh(req.query.refresh);
    return finish(req, ctx, deleteOp(ctx.cluster, { index: req.params.index, id: req.params.id, ...seqNoParams(req.query) }));
  },
};

const updateDoc: Route = {
  methods: ['POST'], path: '/{index}/_update/{id}', op: 'update',
  handle(req, ctx) {
    checkRefresh(req.query.refresh);
    const body = req.json();
    if (!body) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: script or doc is missing;' });
    const r = updateOp(ctx.cluster, { index: req.params.index, id: req.params.id, body, ...seqNoParams(req.query), requireAlias: flag(req.query.require_alias) });
    const out = finish(req, ctx, r);
    if (body._source !== undefined && r.index) {
      const filter = compileSourceFilter(body._source);
      const doc = r.index.get(req.params.id);
      if (filter && doc) (out.body as Json).get = { _seq_no: doc.seqNo, _primary_term: 1, found: true, _source: filterSource(JSON.parse(doc.source) as Json, filter) };
    }
    return out;
  },
};

const mget = (withIndex: boolean): Route => ({
  methods: ['GET', 'POST'], path: withIndex ? '/{index}/_mget' : '/_mget', op: 'mget',
  handle(req, ctx) {
    const body = req.json();
    if (!body) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no documents to get;' });
    let specs: Json[];
    if (Array.isArray(body.docs)) specs = body.docs.map((d) => (isObj(d) ? d : { _id: d }));
    else if (Array.isArray(body.ids)) specs = body.ids.map((id) => ({ _id: id }));
    else throw parsingException('unknown key for mget: expected [docs] or [ids]');
    const defaultFilter = compileSourceFilter(undefined, { source: req.query._source, includes: req.query._source_includes, excludes: req.query._source_excludes });
    const docs = specs.map((s) => {
      const indexName = String(s._index ?? req.params.index ?? '');
      const id = String(s._id);
      if (!indexName) return { _index: null, _id: id, error: new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index is missing for doc 0;' }).toJSON() };
      const index = ctx.cluster.writeTarget(indexName);
      if (!index) return { _index: indexName, _id: id, error: indexNotFound(indexName).toJSON() };
      const found = index.get(id);
      if (!found) return { _index: index.name, _id: id, found: false };
      const out: Json = { _index: index.name, _id: id, _version: found.version, _seq_no: found.seqNo, _primary_term: 1, found: true };
      const filter = s._source === undefined ? defaultFilter : compileSourceFilter(s._source);
      if (filter) out._source = filterSource(JSON.parse(found.source) as Json, filter);
      return out;
    });
    return { body: { docs } };
  },
});

/** Document routes. */
export const DOCUMENT_ROUTES: Route[] = [
  indexDoc('/{index}/_doc/{id}'), indexDoc('/{index}/_doc'), indexDoc('/{index}/_create/{id}', 'create'),
  getDoc, existsDoc, getSource, deleteDoc, updateDoc, mget(false), mget(true),
];
