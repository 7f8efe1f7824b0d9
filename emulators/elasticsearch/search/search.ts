/**
 * `_search` and `_count` over resolved indices: query evaluation per index, total hits with
 * `track_total_hits`, sorting with top-k selection, `from`/`size`, `search_after`, `_source`
 * filtering, and aggregations over the matching docs of every index together.
 */
import '../aggs/buckets';
import '../aggs/metrics';
import '../aggs/more-buckets';
import '../aggs/composite';
import { runAggs, type AggContext, type Slice } from '../aggs/engine';
import { illegalArgument, parsingException, unsupported } from '../errors';
import { evaluate } from '../query/compile';
import { isObj, type Matches } from '../query/matches';
import { parseQueryString } from '../query/query-string';
import { EsIndex } from '../store/es-index';
import { compareKeys, compareOne, keyReaders, normalizeAfter, parseSort, type SortClause, type SortValue } from './sort';
import { hitFields, parseFieldRequests, type FieldRequest } from './fields';
import { highlightHit, parseHighlight, type HighlightSpec } from './highlight';
import type { ScrollRegistry } from './scroll';
import { compileSourceFilter, filterSource, type SourceFilter } from './source-filter';

type Json = Record<string, unknown>;

const BODY_KEYS = new Set(['query', 'from', 'size', 'sort', '_source', 'search_after', 'track_total_hits', 'aggs', 'aggregations', 'timeout', 'track_scores', 'version', 'seq_no_primary_term', 'min_score', 'terminate_after', 'stored_fields', 'explain', 'profile', 'post_filter', 'highlight', 'fields', 'docvalue_fields', 'collapse', 'pit', 'runtime_mappings', 'script_fields', 'suggest', 'rescore', 'knn', 'indices_boost', 'stats', 'ext', 'slice', 'retriever', 'rank']);
const UNSUPPORTED_KEYS = new Set(['collapse', 'pit', 'runtime_mappings', 'script_fields', 'suggest', 'rescore', 'knn', 'indices_boost', 'slice', 'retriever', 'rank', 'explain', 'profile', 'stored_fields']);

/** URL parameters search understands. */
export interface SearchParams {
  readonly q?: string;
  readonly df?: string;
  readonly default_operator?: string;
  readonly from?: string;
  readonly size?: string;
  readonly sort?: string;
  readonly _source?: string;
  readonly _source_includes?: string;
  readonly _source_excludes?: string;
  readonly track_total_hits?: string;
  readonly rest_total_hits_as_int?: string;
  readonly scroll?: string;
  readonly search_after?: string;
  readonly version?: string;
  readonly seq_no_primary_term?: string;
}

interface PerIndex { index: EsIndex; matches: Matches; docs: Int32Array }

/** Reads the query from the body and the `q` parameter. */
function queryOf(body: Json, params: SearchParams): unknown {
  if (params.q !== undefined) {
    if (body.query !== undefined) throw illegalArgument('request [_search] contains both a [q] parameter and a [query] in the body');
    return parseQueryString(params.q, { fields: params.df ? [params.df] : ['*'], defaultOperator: params.default_operator?.toLowerCase() === 'and' ? 'and' : 'or', lenient: true });
  }
  return body.query;
}

/** Evaluates the query on every index, keeping only search-visible matches. */
function matchAll(indices: readonly EsIndex[], query: unknown, now: number): PerIndex[] {
  // Validate against an empty index too, so a bad query fails even when no index matches.
  if (indices.length === 0) evaluate(query, { index: new EsIndex({ name: '_validate' }), n: 0, now });
  return indices.map((index) => {
    const n = index.visibleUpTo;
    const matches = evaluate(query, { index, n, now });
    const out = new Int32Array(n);
    let k = 0;
    const bits = matches.bits;
    const deleted = index.deleted;
    for (let d = 0; d < n; d++) if (bits[d] && !deleted[d]) out[k++] = d;
    return { index, matches, docs: out.subarray(0, k) };
  });
}

/** The `search_after` URL parameter: a JSON array, or comma-separated values. */
function parseAfterParam(text: string): unknown {
  if (!text.trim().startsWith('[')) return text.split(',');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw parsingException(`[search_after] is not a valid JSON array: ${(err as Error).message}`);
  }
}

const intParam = (v: unknown, name: string, dflt: number): number => {
  if (v === undefined || v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) throw parsingException(`[${name}] must be an integer, got [${String(v)}]`);
  return n;
};

/** How hits are rendered. */
export interface RenderOptions {
  readonly filter: SourceFilter | null;
  readonly sorted: boolean;
  readonly trackScores: boolean;
  readonly version: boolean;
  readonly seqNo: boolean;
  /** `fields` requests. @default none */
  readonly fields?: readonly FieldRequest[];
  /** `docvalue_fields` requests. @default none */
  readonly docvalueFields?: readonly FieldRequest[];
  /** `highlight` request. @default none */
  readonly highlight?: HighlightSpec;
}

/** One ranked hit before rendering. */
export interface RankedHit { readonly p: { readonly index: EsIndex }; readonly doc: number; readonly score: number; readonly key?: SortValue[] }

/** Renders hits for a page of (index, doc, score, sort) entries. */
export function renderHits(entries: readonly RankedHit[], opts: RenderOptions): Json[] {
  const highlightCache = new Map<EsIndex, Map<string, Array<(t: string) => boolean>>>();
  return entries.map(({ p, doc, score, key }) => {
    const hit: Json = { _index: p.index.name, _id: p.index.ids[doc] };
    if (opts.version) hit._version = p.index.versions[doc];
    if (opts.seqNo) {
      hit._seq_no = p.index.seqNos[doc];
      hit._primary_term = 1;
    }
    hit._score = opts.sorted && !opts.trackScores ? null : score;
    const wantsFields = (opts.fields?.length ?? 0) + (opts.docvalueFields?.length ?? 0) > 0;
    const source = opts.filter || wantsFields || opts.highlight ? (JSON.parse(p.index.sources[doc]) as Json) : undefined;
    if (opts.filter) hit._source = filterSource(source!, opts.filter);
    if (wantsFields) {
      const fields = { ...hitFields(p.index, source!, opts.fields ?? [], false), ...hitFields(p.index, source!, opts.docvalueFields ?? [], true) };
      if (Object.keys(fields).length) hit.fields = fields;
    }
    if (opts.highlight) {
      const highlight = highlightHit(p.index, source!, opts.highlight, highlightCache);
      if (highlight) hit.highlight = highlight;
    }
    if (key) hit.sort = key;
    return hit;
  });
}

/** Selects the top `k` entries (sorted) of the matches under the sort clauses. */
function topEntries(per: readonly PerIndex[], clauses: SortClause[], k: number, after: SortValue[] | undefined) {
  const readers = keyReaders(clauses, per.map((p) => p.index));
  type Entry = { p: PerIndex; doc: number; score: number; key: SortValue[] };
  const heap: Entry[] = [];
  // Max-heap on sort order: the root is the worst kept entry.
  const worse = (a: Entry, b: Entry) => compareKeys(clauses, a.key, b.key) > 0;
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  if (k <= 0) return [];
  // With exactly one clause before the `_doc` tie-break, docs arrive in tie-break order, so a doc
  // whose first value only equals the worst kept one cannot enter a full heap either.
  const tieOnly = clauses.length === 2 && clauses[1].field === '_doc' && !clauses[1].desc;
  per.forEach((p, seg) => {
    const read = readers[seg];
    const scores = p.matches.scores;
    for (let i = 0; i < p.docs.length; i++) {
      const doc = p.docs[i];
      const score = scores ? scores[doc] : p.matches.constant;
      if (heap.length === k) {
        // Cheap pre-check on the first sort value before building the whole key.
        const c = compareOne(clauses[0], read.primary(doc, score, seg), heap[0].key[0]);
        if (c > 0 || (c === 0 && tieOnly)) continue;
      }
      const key = read.all(doc, score, seg);
      if (after && compareKeys(clauses, key, after) <= 0) continue;
      const e = { p, doc, score, key };
      if (heap.length < k) {
        heap.push(e);
        up(heap.length - 1);
      } else if (worse(heap[0], e)) {
        heap[0] = e;
        down(0);
      }
    }
  });
  return heap.sort((a, b) => compareKeys(clauses, a.key, b.key));
}

/** Runs a search; with `scroll` in the parameters, registers the remaining hits in `scrolls`. */
export function search(indices: readonly EsIndex[], body: Json, params: SearchParams, scrolls?: ScrollRegistry): Json {
  const started = Date.now();
  for (const k of Object.keys(body)) {
    if (!BODY_KEYS.has(k)) throw parsingException(`Unknown key for a ${isObj(body[k]) ? 'START_OBJECT' : 'VALUE'} in [${k}].`);
    if (UNSUPPORTED_KEYS.has(k)) throw unsupported(`search body parameter [${k}]`);
  }
  if (params.scroll !== undefined && !scrolls) throw unsupported('scroll inside _msearch');
  const now = Date.now();
  const query = queryOf(body, params);
  const matched = matchAll(indices, query, now);
  // post_filter narrows the hits but not the aggregations.
  const per = body.post_filter === undefined ? matched : matched.map((p) => {
    const keep = evaluate(body.post_filter, { index: p.index, n: p.index.visibleUpTo, now }).bits;
    return { ...p, docs: p.docs.filter((d) => keep[d] === 1) };
  });
  const minScore = body.min_score === undefined ? undefined : Number(body.min_score);
  if (minScore !== undefined) {
    for (const p of per) p.docs = p.docs.filter((d) => (p.matches.scores ? p.matches.scores[d] : p.matches.constant) >= minScore);
  }
  const from = intParam(params.from ?? body.from, 'from', 0);
  const size = intParam(params.size ?? body.size, 'size', 10);
  if (from < 0) throw illegalArgument(`[from] parameter cannot be negative but was [${from}]`);
  if (size < 0) throw illegalArgument(`[size] parameter cannot be negative, found [${size}]`);
  if (params.scroll !== undefined && from > 0) throw illegalArgument('Using [from] is not allowed in a scroll context');
  if (from + size > 10_000) {
    throw illegalArgument(`Result window is too large, from + size must be less than or equal to: [10000] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`);
  }
  const explicitSort = params.sort !== undefined || body.sort !== undefined;
  const userSort = parseSort(body.sort, params.sort);
  const sortedByField = explicitSort && !(userSort.length === 1 && userSort[0].field === '_score');
  const clauses: SortClause[] = explicitSort ? userSort : [{ field: '_score', desc: true, missing: '_last' }];
  // Ties break on index then doc order, as shard and doc id do in Elasticsearch.
  const withTie = [...clauses, { field: '_doc', desc: false, missing: '_last' as const }];
  const afterRaw = body.search_after ?? (params.search_after ? parseAfterParam(params.search_after) : undefined);
  if (afterRaw !== undefined && !explicitSort) throw illegalArgument('[search_after] requires sort to be defined');
  if (afterRaw !== undefined && from > 0) throw illegalArgument('[from] parameter must be set to 0 when [search_after] is used');
  const after = afterRaw === undefined ? undefined : [...normalizeAfter(afterRaw, clauses, indices), Infinity];
  const filter = compileSourceFilter(body._source, { source: params._source, includes: params._source_includes, excludes: params._source_excludes });
  const total = per.reduce((n, p) => n + p.docs.length, 0);
  const scrolling = params.scroll !== undefined && scrolls !== undefined;
  // A scroll ranks every match once; the pages after the first are served from that list.
  const ranked = size === 0 && !scrolling ? [] : topEntries(per, withTie, scrolling ? total : from + size, after as SortValue[] | undefined)
    .map((e) => ({ ...e, key: explicitSort ? e.key.slice(0, clauses.length) : undefined }));
  const top = scrolling ? ranked.slice(0, size) : ranked.slice(from);
  const renderOptions: RenderOptions = {
    filter, sorted: sortedByField, trackScores: body.track_scores === true,
    version: body.version === true || params.version === 'true', seqNo: body.seq_no_primary_term === true || params.seq_no_primary_term === 'true',
    fields: parseFieldRequests(body.fields, 'fields'), docvalueFields: parseFieldRequests(body.docvalue_fields, 'docvalue_fields'),
    highlight: parseHighlight(body.highlight, query),
  };
  const hits = renderHits(top, renderOptions);
  let maxScore: number | null = null;
  if (size > 0 && (!sortedByField || body.track_scores === true)) {
    for (const p of per) {
      if (!p.docs.length) continue;
      const s = p.matches.scores;
      if (!s) maxScore = Math.max(maxScore ?? -Infinity, p.matches.constant);
      else for (const d of p.docs) if (maxScore === null || s[d] > maxScore) maxScore = s[d];
    }
  }
  const hitsOut: Json = {};
  const track = params.track_total_hits ?? body.track_total_hits;
  if (params.rest_total_hits_as_int === 'true') hitsOut.total = total;
  else if (track !== false && track !== 'false') {
    const limit = track === true || track === 'true' ? Infinity : track === undefined ? 10_000 : Number(track);
    hitsOut.total = total > limit ? { value: limit, relation: 'gte' } : { value: total, relation: 'eq' };
  }
  hitsOut.max_score = maxScore;
  hitsOut.hits = hits;
  const out: Json = {
    ...(scrolling ? { _scroll_id: scrolls!.open({ entries: ranked, pos: size, size, render: renderOptions, total: hitsOut.total, shards: indices.length, keepAlive: params.scroll! }) } : {}),
    took: 0,
    timed_out: false,
    _shards: { total: indices.length, successful: indices.length, skipped: 0, failed: 0 },
    hits: hitsOut,
  };
  const aggs = body.aggs ?? body.aggregations;
  if (aggs !== undefined) {
    const slices: Slice[] = matched.map((p) => ({ index: p.index, docs: p.docs }));
    out.aggregations = runAggs(aggs, slices, aggContext(matched, now));
  }
  out.took = Date.now() - started;
  return out;
}

function aggContext(per: readonly PerIndex[], now: number): AggContext {
  const byIndex = new Map(per.map((p) => [p.index, p]));
  return {
    now,
    buckets: 0,
    filter(query, slice) {
      const m = evaluate(query, { index: slice.index, n: slice.index.visibleUpTo, now });
      return slice.docs.filter((d) => m.bits[d] === 1);
    },
    topHits(spec, slices) {
      const size = intParam(spec.size, 'size', 3);
      const from = intParam(spec.from, 'from', 0);
      const explicitSort = spec.sort !== undefined;
      const clauses: SortClause[] = explicitSort ? parseSort(spec.sort) : [{ field: '_score', desc: true, missing: '_last' }];
      const subset: PerIndex[] = slices.map((s) => ({ index: s.index, matches: byIndex.get(s.index)!.matches, docs: s.docs }));
      const top = topEntries(subset, [...clauses, { field: '_doc', desc: false, missing: '_last' }], from + size, undefined).slice(from);
      const total = slices.reduce((n, s) => n + s.docs.length, 0);
      const sortedByField = explicitSort && !(clauses.length === 1 && clauses[0].field === '_score');
      let max: number | null = null;
      if (!sortedByField) for (const e of top) max = Math.max(max ?? -Infinity, e.score);
      return {
        hits: {
          total: { value: total, relation: 'eq' },
          max_score: max,
          hits: renderHits(top.map((e) => ({ ...e, key: explicitSort ? e.key.slice(0, clauses.length) : undefined })), {
            filter: compileSourceFilter(spec._source), sorted: sortedByField, trackScores: false, version: spec.version === true, seqNo: spec.seq_no_primary_term === true,
          }),
        },
      };
    },
  };
}

/** Runs a count. */
export function count(indices: readonly EsIndex[], body: Json, params: SearchParams): Json {
  for (const k of Object.keys(body)) if (k !== 'query') throw parsingException(`request does not support [${k}]`);
  const per = matchAll(indices, queryOf(body, params), Date.now());
  return {
    count: per.reduce((n, p) => n + p.docs.length, 0),
    _shards: { total: indices.length, successful: indices.length, skipped: 0, failed: 0 },
  };
}

/** Ids of the search-visible docs matching a query, per index (for _delete_by_query). */
export function matchingIds(indices: readonly EsIndex[], body: Json, params: SearchParams): Array<[EsIndex, string[]]> {
  const per = matchAll(indices, queryOf(body, params), Date.now());
  return per.map((p) => [p.index, Array.from(p.docs, (d) => p.index.ids[d])]);
}
