/**
 * `_bulk`: NDJSON action/metadata lines (index, create, update, delete) each followed by a
 * source line where the action takes one. Per-item results with their own status and error;
 * `errors` is true when any item failed. A malformed action line fails the whole request with
 * `illegal_argument_exception`, as Elasticsearch does; a malformed source line fails its item.
 */
import { EsError, illegalArgument } from '../errors';
import type { EsIndex } from '../store/es-index';
import { checkRefresh, flag, type Route } from './route';
import { deleteOp, indexOp, parseSource, updateOp, type OpResult } from './write-ops';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const ACTIONS = new Set(['index', 'create', 'update', 'delete']);
const META_KEYS = new Set(['_index', '_id', 'routing', 'if_seq_no', 'if_primary_term', 'require_alias', 'retry_on_conflict', 'pipeline', 'version', 'version_type', 'dynamic_templates', 'list_executed_pipelines', '_source', 'op_type']);

const SIMPLE_ACTION = /^\{"(index|create|delete|update)":\{"_index":"([^"\\]*)"(?:,"_id":"([^"\\]*)")?\}\}$/;

/** Parses the action line clients send most (`{"index":{"_index":"x","_id":"y"}}`) without JSON.parse; undefined otherwise. */
function fastAction(line: string): Json | undefined {
  const m = SIMPLE_ACTION.exec(line);
  if (!m) return undefined;
  const meta: Json = m[3] === undefined ? { _index: m[2] } : { _index: m[2], _id: m[3] };
  return itemOf(m[1], meta);
}

/** Splits NDJSON into lines without copying more than needed (a trailing newline is required). */
function lines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      if (text.slice(start).trim() !== '') throw illegalArgument('The bulk request must be terminated by a newline [\\n]');
      return out;
    }
    const line = text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
    if (line.trim() !== '') out.push(line);
    start = nl + 1;
  }
}

const bulk = (withIndex: boolean): Route => ({
  methods: ['POST', 'PUT'], path: withIndex ? '/{index}/_bulk' : '/_bulk', op: 'bulk',
  handle(req, ctx) {
    const started = Date.now();
    checkRefresh(req.query.refresh);
    const all = lines(req.text);
    if (all.length === 0) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no requests added;' });
    const items: Json[] = [];
    const touched = new Set<EsIndex>();
    let errors = false;
    const requireAllAlias = flag(req.query.require_alias);
    for (let i = 0; i < all.length; i++) {
      const lineNo = i + 1;
      let action: unknown = fastAction(all[i]);
      if (action === undefined) try {
        action = JSON.parse(all[i]);
      } catch (err) {
        throw illegalArgument(`Malformed action/metadata line [${lineNo}], expected START_OBJECT or END_OBJECT but found [${(err as Error).message}]`);
      }
      if (!isObj(action)) throw illegalArgument(`Malformed action/metadata line [${lineNo}], expected START_OBJECT but found [${Array.isArray(action) ? 'START_ARRAY' : 'VALUE'}]`);
      const keys = Object.keys(action);
      if (keys.length !== 1 || !ACTIONS.has(keys[0])) {
        throw illegalArgument(`Malformed action/metadata line [${lineNo}], expected field [create], [delete], [index] or [update] but found [${keys[0] ?? ''}]`);
      }
      const kind = keys[0];
      const meta = action[kind];
      if (!isObj(meta)) throw illegalArgument(`Malformed action/metadata line [${lineNo}], expected START_OBJECT but found [VALUE]`);
      for (const k of Object.keys(meta)) if (!META_KEYS.has(k)) throw illegalArgument(`Action/metadata line [${lineNo}] contains an unknown parameter [${k}]`);
      const indexName = (meta._index as string | undefined) ?? req.params.index;
      const id = meta._id === undefined || meta._id === null ? undefined : String(meta._id);
      let sourceText: string | undefined;
      if (kind !== 'delete') {
        if (i + 1 >= all.length) throw illegalArgument(`Validation Failed: 1: the bulk request is missing the source line for the [${kind}] action on line [${lineNo}];`);
        sourceText = all[++i];
      }
      const ifSeqNo = meta.if_seq_no === undefined ? undefined : Number(meta.if_seq_no);
      const ifPrimaryTerm = meta.if_primary_term === undefined ? undefined : Number(meta.if_primary_term);
      const requireAlias = meta.require_alias === true || requireAllAlias;
      const pipeline = meta.pipeline ?? req.query.pipeline;
      let r: OpResult;
      try {
        if (!indexName) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index is missing;' });
        if (kind === 'delete') {
          if (id === undefined) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: id is missing;' });
          r = deleteOp(ctx.cluster, { index: indexName, id, ifSeqNo, ifPrimaryTerm, requireAlias, version: meta.version, pipeline });
        } else if (kind === 'update') {
          if (id === undefined) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: id is missing;' });
          r = updateOp(ctx.cluster, { index: indexName, id, ifSeqNo, ifPrimaryTerm, requireAlias, version: meta.version, pipeline, body: parseSource(sourceText!, id) });
        } else {
          const source = parseSource(sourceText!, id);
          r = indexOp(ctx.cluster, { index: indexName, id, ifSeqNo, ifPrimaryTerm, requireAlias, version: meta.version, pipeline, source, sourceText, opType: kind === 'create' ? 'create' : 'index' });
        }
        if (r.index) touched.add(r.index);
        // Item bodies are fresh objects: add the status in place rather than copying.
        r.body.status = r.status;
        items.push(itemOf(kind, r.body));
      } catch (err) {
        if (!(err instanceof EsError)) throw err;
        errors = true;
        items.push(itemOf(kind, { _index: indexName ?? null, _id: id ?? null, status: err.status, error: errorBody(err) }));
      }
    }
    ctx.refreshAfterWrite(touched, req.query.refresh);
    return { body: { errors, took: Date.now() - started, items } };
  },
});

/** `{ <action>: body }` with a literal key (computed keys make slow dictionary objects). */
function itemOf(kind: string, body: Json): Json {
  switch (kind) {
    case 'index': return { index: body };
    case 'create': return { create: body };
    case 'update': return { update: body };
    default: return { delete: body };
  }
}

/** A bulk item's error: the error itself with `index` fields, without root_cause. */
function errorBody(err: EsError): Json {
  const { root_cause: _rootCause, ...rest } = err.toJSON();
  return rest;
}

/** Bulk routes. */
export const BULK_ROUTES: Route[] = [bulk(false), bulk(true)];
