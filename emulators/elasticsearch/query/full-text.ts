/**
 * Full-text queries: match and multi_match (best_fields, most_fields). Text fields are analyzed with the field's search analyzer and scored with BM25;
 * keyword and numeric fields are matched exactly.
 */
import { EsError, parsingException, unsupported } from '../errors';
import { analyzer } from '../store/analysis';
import { TextColumn } from '../store/columns';
import { boostOf, fieldAndSpec, isObj, none, type Matches, type QueryContext, type QueryHandler } from './matches';
import { addTermScores } from './scoring';
import { TERM_LEVEL } from './term-level';

/** Resolves `minimum_should_match` for `optional` clauses (integers, negatives, percentages). */
export function minimumShouldMatch(spec: unknown, optional: number): number {
  if (spec === undefined || spec === null) return 0;
  const s = String(spec).trim();
  const m = /^(-?)(\d+)(%?)$/.exec(s);
  if (!m) throw unsupported(`minimum_should_match [${s}] (only integers and percentages are supported)`);
  const v = Number(m[2]);
  let k = m[3] ? Math.floor((optional * v) / 100) : v;
  if (m[1]) k = optional - k;
  return Math.max(0, Math.min(optional, k));
}

interface MatchOptions {
  readonly query: unknown;
  readonly operator: 'or' | 'and';
  readonly minimumShouldMatch?: unknown;
  readonly analyzer?: string;
  readonly boost: number;
  readonly lenient: boolean;
  readonly zeroTerms: 'none' | 'all';
}

const MATCH_KEYS = new Set(['query', 'operator', 'minimum_should_match', 'analyzer', 'boost', 'lenient', 'zero_terms_query', 'auto_generate_synonyms_phrase_query', '_name', 'fuzziness', 'prefix_length', 'max_expansions', 'fuzzy_transpositions']);

function readMatchOptions(kind: string, field: string, spec: unknown): MatchOptions {
  if (!isObj(spec)) return { query: spec, operator: 'or', boost: 1, lenient: false, zeroTerms: 'none' };
  for (const [k, v] of Object.entries(spec)) if (v !== undefined && !MATCH_KEYS.has(k)) throw parsingException(`[${kind}] query does not support [${k}]`);
  if (spec.query === undefined) throw parsingException(`No text specified for text query on field [${field}]`);
  if (spec.fuzziness !== undefined && String(spec.fuzziness) !== '0') throw unsupported('fuzziness in match queries');
  return {
    query: spec.query,
    operator: String(spec.operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or',
    minimumShouldMatch: spec.minimum_should_match,
    analyzer: spec.analyzer as string | undefined,
    boost: boostOf(spec),
    lenient: spec.lenient === true,
    zeroTerms: spec.zero_terms_query === 'all' ? 'all' : 'none',
  };
}

/** A match query on one field. */
export function matchField(field: string, opts: MatchOptions, ctx: QueryContext, evaluate: (q: unknown, ctx: QueryContext) => Matches): Matches {
  const col = ctx.index.columns.get(field);
  const def = ctx.index.mapping.fields.get(field);
  if (!def) return none(ctx);
  if (col instanceof TextColumn || (!col && (def.type === 'text' || def.type === 'match_only_text'))) {
    const terms = analyzer(opts.analyzer ?? def.searchAnalyzer)(String(opts.query));
    if (terms.length === 0) return opts.zeroTerms === 'all' ? evaluate({ match_all: {} }, ctx) : none(ctx);
    if (!col) return none(ctx);
    const unique = [...new Set(terms)];
    const bits = new Uint8Array(ctx.n);
    const scores = new Float32Array(ctx.n);
    const counts = new Uint16Array(ctx.n);
    for (const t of unique) addTermScores({ col: col as TextColumn, ctx, term: t, boost: opts.boost, bits, scores, counts });
    const required = opts.operator === 'and' ? unique.length : Math.max(1, minimumShouldMatch(opts.minimumShouldMatch, unique.length));
    if (required > 1) for (let d = 0; d < ctx.n; d++) if (bits[d] && counts[d] < required) bits[d] = 0;
    return { bits, scores, constant: 0 };
  }
  if (def.type === 'geo_point') {
    if (opts.lenient) return none(ctx);
    throw parsingException(`Geometry fields do not support exact searching, use dedicated geometry queries instead: [${field}]`);
  }
  try {
    return TERM_LEVEL.term({ [field]: { value: opts.query, boost: opts.boost } }, ctx, evaluate);
  } catch (err) {
    if (opts.lenient && err instanceof EsError) return none(ctx);
    throw err;
  }
}

const match: QueryHandler = (body, ctx, evaluate) => {
  const { field, spec } = fieldAndSpec('match', body);
  return matchField(field, readMatchOptions('match', field, spec), ctx, evaluate);
};

/** Expands `title^2`, `name.*` into [path, boost] pairs; `*` means every text and keyword field. */
export function expandFields(ctx: QueryContext, fields: readonly string[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const f of fields) {
    const [pattern, boost] = f.split('^');
    const b = boost === undefined ? 1 : Number(boost);
    for (const path of ctx.index.mapping.matchFields(pattern)) {
      const def = ctx.index.mapping.fields.get(path)!;
      if (pattern.includes('*') && def.type === 'geo_point') continue;
      out.push([path, b]);
    }
  }
  return out;
}

const MULTI_KEYS = new Set([...MATCH_KEYS, 'fields', 'type', 'tie_breaker']);

const multiMatch: QueryHandler = (body, ctx, evaluate) => {
  if (!isObj(body)) throw parsingException('[multi_match] query malformed');
  for (const k of Object.keys(body)) if (!MULTI_KEYS.has(k)) throw parsingException(`[multi_match] query does not support [${k}]`);
  if (body.query === undefined) throw parsingException('[multi_match] requires query value');
  const type = String(body.type ?? 'best_fields');
  if (type !== 'best_fields' && type !== 'most_fields') throw unsupported(`multi_match type [${type}]`);
  const rawFields = body.fields === undefined ? ['*'] : Array.isArray(body.fields) ? body.fields.map(String) : [String(body.fields)];
  const wildcardOnly = rawFields.every((f) => f.split('^')[0] === '*');
  const opts = readMatchOptions('multi_match', rawFields.join(','), { ...body, fields: undefined, type: undefined, tie_breaker: undefined });
  const fields = expandFields(ctx, rawFields);
  const tie = body.tie_breaker === undefined ? 0 : Number(body.tie_breaker);
  const bits = new Uint8Array(ctx.n);
  const best = new Float32Array(ctx.n);
  const sum = new Float32Array(ctx.n);
  for (const [field, boost] of fields) {
    const m = matchField(field, { ...opts, boost: opts.boost * boost, lenient: opts.lenient || wildcardOnly }, ctx, evaluate);
    for (let d = 0; d < ctx.n; d++) {
      if (!m.bits[d]) continue;
      bits[d] = 1;
      const s = m.scores ? m.scores[d] : m.constant;
      sum[d] += s;
      if (s > best[d]) best[d] = s;
    }
  }
  if (type === 'most_fields') return { bits, scores: sum, constant: 0 };
  if (tie > 0) for (let d = 0; d < ctx.n; d++) best[d] += tie * (sum[d] - best[d]);
  return { bits, scores: best, constant: 0 };
};

const phrase = (name: string): QueryHandler => () => {
  throw unsupported(`[${name}] queries`);
};

/** Full-text query handlers by name. */
export const FULL_TEXT: Record<string, QueryHandler> = {
  match,
  multi_match: multiMatch,
  match_phrase_prefix: phrase('match_phrase_prefix'),
};
