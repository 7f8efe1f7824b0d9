/**
 * Query DSL dispatch: one handler per query type, and the compound queries (bool,
 * constant_score, match_all, match_none). Unknown query names answer `parsing_exception`
 * ("unknown query [x]") as Elasticsearch does; query types Elasticsearch has but the emulator
 * does not answer 501 (UNSUPPORTED.md).
 */
import { parsingException, unsupported } from '../errors';
import { expandFields, FULL_TEXT, minimumShouldMatch } from './full-text';
import { boostOf, constant, isObj, none, type Matches, type QueryContext, type QueryHandler } from './matches';
import { PHRASE } from './phrase';
import { parseQueryString, parseSimpleQueryString, stringQueryOptions } from './query-string';
import { TERM_LEVEL } from './term-level';

const KNOWN_UNSUPPORTED = ['nested', 'has_child', 'has_parent', 'parent_id', 'fuzzy', 'regexp', 'function_score', 'script_score', 'script', 'geo_distance', 'geo_bounding_box', 'geo_polygon', 'geo_shape', 'dis_max', 'boosting', 'more_like_this', 'percolate', 'span_term', 'span_near', 'span_or', 'intervals', 'combined_fields', 'distance_feature', 'rank_feature', 'knn', 'semantic', 'terms_set', 'wrapper', 'pinned', 'match_bool_prefix', 'sparse_vector', 'text_expansion', 'shape', 'rule'];

const matchAll: QueryHandler = (body, ctx) => constant(new Uint8Array(ctx.n).fill(1), boostOf(body));
const matchNone: QueryHandler = (_body, ctx) => none(ctx);

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const bool: QueryHandler = (body, ctx, evaluate) => {
  if (!isObj(body)) throw parsingException('[bool] query malformed, no start_object after query name');
  for (const k of Object.keys(body)) {
    if (!['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'].includes(k)) {
      throw parsingException(`[bool] query does not support [${k}]`);
    }
  }
  const n = ctx.n;
  const bits = new Uint8Array(n).fill(1);
  const scores = new Float32Array(n);
  const boost = boostOf(body);
  const must = asList(body.must);
  const filter = asList(body.filter);
  const should = asList(body.should);
  const mustNot = asList(body.must_not);
  for (const q of must) {
    const m = evaluate(q, ctx);
    for (let d = 0; d < n; d++) {
      if (!m.bits[d]) bits[d] = 0;
      else if (bits[d]) scores[d] += m.scores ? m.scores[d] : m.constant;
    }
  }
  for (const q of filter) {
    const m = evaluate(q, ctx);
    for (let d = 0; d < n; d++) if (!m.bits[d]) bits[d] = 0;
  }
  for (const q of mustNot) {
    const m = evaluate(q, ctx);
    for (let d = 0; d < n; d++) if (m.bits[d]) bits[d] = 0;
  }
  if (should.length) {
    const counts = new Uint16Array(n);
    for (const q of should) {
      const m = evaluate(q, ctx);
      for (let d = 0; d < n; d++) {
        if (!m.bits[d]) continue;
        counts[d]++;
        scores[d] += m.scores ? m.scores[d] : m.constant;
      }
    }
    const defaultMin = must.length || filter.length ? 0 : 1;
    const min = body.minimum_should_match === undefined ? defaultMin : minimumShouldMatch(body.minimum_should_match, should.length);
    if (min > 0) for (let d = 0; d < n; d++) if (counts[d] < min) bits[d] = 0;
  }
  if (!must.length && !should.length) {
    // Only filter / must_not clauses: every match scores 0, as in Elasticsearch (an empty bool is match_all).
    return constant(bits, filter.length || mustNot.length ? 0 : boost);
  }
  if (boost !== 1) for (let d = 0; d < n; d++) scores[d] *= boost;
  return { bits, scores, constant: 0 };
};

const constantScore: QueryHandler = (body, ctx, evaluate) => {
  if (!isObj(body) || body.filter === undefined) throw parsingException('[constant_score] requires a \'filter\' element');
  return constant(evaluate(body.filter, ctx).bits, boostOf(body));
};

/** The text and keyword fields that field patterns stand for (undefined when no field is a pattern). */
function termFields(ctx: QueryContext, fields: readonly string[]): string[] | undefined {
  if (!fields.some((f) => f.includes('*'))) return undefined;
  const types = new Set(['text', 'keyword']);
  return [...new Set(expandFields(ctx, fields).map(([f]) => f))].filter((f) => types.has(ctx.index.mapping.fields.get(f)?.type ?? ''));
}

const queryString: QueryHandler = (body, ctx, evaluate) => {
  const opts = stringQueryOptions(body);
  return evaluate(parseQueryString(opts.query, { ...opts, termFields: termFields(ctx, opts.fields) }), ctx);
};

const simpleQueryString: QueryHandler = (body, ctx, evaluate) => {
  const opts = stringQueryOptions(body);
  return evaluate(parseSimpleQueryString(opts.query, { ...opts, termFields: termFields(ctx, opts.fields) }), ctx);
};

const HANDLERS: Record<string, QueryHandler> = {
  match_all: matchAll,
  match_none: matchNone,
  bool,
  constant_score: constantScore,
  query_string: queryString,
  simple_query_string: simpleQueryString,
  ...TERM_LEVEL,
  ...FULL_TEXT,
  ...PHRASE,
};

/** Evaluates a query (undefined means match_all) over one index. */
export function evaluate(query: unknown, ctx: QueryContext): Matches {
  if (query === undefined) return matchAll({}, ctx, evaluate);
  if (!isObj(query)) throw parsingException('query malformed, must start with start_object');
  const keys = Object.keys(query);
  if (keys.length !== 1) {
    throw parsingException(keys.length === 0 ? 'query malformed, empty clause found' : `[${keys[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`);
  }
  const name = keys[0];
  const handler = HANDLERS[name];
  if (!handler) {
    if (KNOWN_UNSUPPORTED.includes(name)) throw unsupported(`the [${name}] query`);
    throw parsingException(`unknown query [${name}]`, { line: 1, col: 1 });
  }
  return handler(query[name], ctx, evaluate);
}
