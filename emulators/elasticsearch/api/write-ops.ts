/**
 * The document write operations shared by the single-document APIs and `_bulk`: index,
 * create, delete and update (partial doc, upsert, doc_as_upsert, noop detection). Each returns
 * the item body and status Elasticsearch answers with.
 */
import { documentMissing, EsError, illegalArgument, notXContent, parsingException, unsupported } from '../errors';
import type { Cluster } from '../store/cluster';
import type { EsIndex } from '../store/es-index';
import { WRITE_SHARDS } from './route';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An item result. */
export interface OpResult {
  readonly status: number;
  readonly body: Json;
  /** The index written (for refresh=true). */
  readonly index?: EsIndex;
}

/** Options common to writes. */
export interface WriteOpOptions {
  readonly index: string;
  readonly id?: string;
  readonly ifSeqNo?: number;
  readonly ifPrimaryTerm?: number;
  readonly requireAlias?: boolean;
  readonly version?: unknown;
  readonly pipeline?: unknown;
}

function target(cluster: Cluster, opts: WriteOpOptions): EsIndex {
  if (opts.version !== undefined) throw unsupported('external versioning ([version] / [version_type]); use if_seq_no and if_primary_term');
  if (opts.pipeline !== undefined && opts.pipeline !== '_none') throw unsupported('ingest pipelines ([pipeline])');
  if (opts.requireAlias && !cluster.aliasNames().has(opts.index)) {
    throw new EsError({ status: 404, type: 'index_not_found_exception', reason: `no such index [${opts.index}] and [require_alias] request flag is [true] and [${opts.index}] is not an alias`, details: { index: opts.index } });
  }
  return cluster.indexForWrite(opts.index);
}

const written = (index: EsIndex, r: { id: string; version: number; seqNo: number; result: string }): Json => ({
  _index: index.name, _id: r.id, _version: r.version, result: r.result, _shards: WRITE_SHARDS, _seq_no: r.seqNo, _primary_term: 1,
});

/** Parses a source text into an object, as a document parsing error when malformed. */
export function parseSource(text: string, id: string | undefined): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new EsError({ status: 400, type: 'document_parsing_exception', reason: `[1:1] failed to parse${id ? ` document with id '${id}'` : ''}: ${(err as Error).message}`, causedBy: notXContent((err as Error).message) });
  }
  if (!isObj(value)) throw new EsError({ status: 400, type: 'document_parsing_exception', reason: `[1:1] failed to parse: the document must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` });
  return value;
}

/** index / create. */
export function indexOp(cluster: Cluster, opts: WriteOpOptions & { source: Json; sourceText?: string; opType: 'index' | 'create' }): OpResult {
  const index = target(cluster, opts);
  // One primary term for the life of the emulator; any other term is a conflict.
  if (opts.ifPrimaryTerm !== undefined && opts.ifPrimaryTerm !== 1) {
    throw new EsError({ status: 409, type: 'version_conflict_engine_exception', reason: `[${opts.id}]: version conflict, required primary term [${opts.ifPrimaryTerm}] but current term is [1]`, details: { index: index.name } });
  }
  const r = index.put({ id: opts.id, source: opts.source, sourceText: opts.sourceText, opType: opts.opType, ifSeqNo: opts.ifSeqNo });
  return { status: r.result === 'created' ? 201 : 200, body: written(index, r), index };
}

/** delete. */
export function deleteOp(cluster: Cluster, opts: WriteOpOptions & { id: string }): OpResult {
  const index = cluster.writeTarget(opts.index);
  if (!index) {
    // Deleting from a missing index auto-creates it in Elasticsearch too, then reports not_found.
    const created = cluster.indexForWrite(opts.index);
    const r = created.delete(opts.id);
    return { status: 404, body: written(created, r), index: created };
  }
  const r = index.delete(opts.id, opts.ifSeqNo);
  return { status: r.result === 'deleted' ? 200 : 404, body: written(index, r), index };
}

/** Deep-merges a partial document into a source (objects merge, everything else replaces). */
export function mergeDoc(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [k, v] of Object.entries(patch)) out[k] = isObj(v) && isObj(out[k]) ? mergeDoc(out[k] as Json, v) : v;
  return out;
}

const UPDATE_KEYS = new Set(['doc', 'upsert', 'doc_as_upsert', 'detect_noop', 'script', 'scripted_upsert', '_source', 'lang']);

/** update (partial doc or upsert). */
export function updateOp(cluster: Cluster, opts: WriteOpOptions & { id: string; body: Json; retryOnConflict?: number }): OpResult {
  const body = opts.body;
  for (const k of Object.keys(body)) if (!UPDATE_KEYS.has(k)) throw parsingException(`[UpdateRequest] unknown field [${k}]`);
  if (body.script !== undefined) throw unsupported('scripted updates ([script])');
  if (body.doc === undefined && body.upsert === undefined) {
    throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: script or doc is missing;' });
  }
  if (body.doc !== undefined && !isObj(body.doc)) throw parsingException('[doc] must be an object');
  if (body.upsert !== undefined && !isObj(body.upsert)) throw parsingException('[upsert] must be an object');
  const index = cluster.writeTarget(opts.index);
  const current = index?.get(opts.id);
  if (!current) {
    const upsert = body.doc_as_upsert === true ? (body.doc as Json) : (body.upsert as Json | undefined);
    if (!upsert) {
      if (!index) throw new EsError({ status: 404, type: 'document_missing_exception', reason: `[${opts.id}]: document missing`, details: { index: opts.index, index_uuid: '_na_', shard: '0' } });
      throw documentMissing({ index: index.name, id: opts.id });
    }
    return indexOp(cluster, { index: opts.index, id: opts.id, requireAlias: opts.requireAlias, source: upsert, opType: 'create' });
  }
  if (opts.ifSeqNo !== undefined && current.seqNo !== opts.ifSeqNo) {
    return indexOp(cluster, { index: opts.index, id: opts.id, ifSeqNo: opts.ifSeqNo, source: {}, opType: 'index' }); // put() raises the seq_no conflict
  }
  if (body.doc === undefined) {
    // Only an upsert was given and the doc exists: nothing to change.
    return { status: 200, body: { ...written(index!, { id: opts.id, version: current.version, seqNo: current.seqNo, result: 'noop' }), _shards: { total: 0, successful: 0, failed: 0 } }, index };
  }
  const before = JSON.parse(current.source) as Json;
  const merged = mergeDoc(before, body.doc as Json);
  if (body.detect_noop !== false && JSON.stringify(merged) === JSON.stringify(before)) {
    return { status: 200, body: { ...written(index!, { id: opts.id, version: current.version, seqNo: current.seqNo, result: 'noop' }), _shards: { total: 0, successful: 0, failed: 0 } }, index };
  }
  const r = index!.put({ id: opts.id, source: merged, opType: 'index' });
  return { status: 200, body: written(index!, r), index };
}

/** Reads if_seq_no / if_primary_term parameters. */
export function seqNoParams(q: Record<string, unknown>): { ifSeqNo?: number; ifPrimaryTerm?: number } {
  const num = (v: unknown, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw illegalArgument(`[${name}] must be a non-negative integer, got [${String(v)}]`);
    return n;
  };
  return { ifSeqNo: num(q.if_seq_no, 'if_seq_no'), ifPrimaryTerm: num(q.if_primary_term, 'if_primary_term') };
}
