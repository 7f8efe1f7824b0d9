/**
 * Term-level queries: term, terms, range (numbers, dates with date math and time zones,
 * keywords), exists, ids, prefix, wildcard. They score with a constant (term on keyword and
 * text fields scores with BM25's idf, as Lucene does).
 */
import { illegalArgument, parsingException } from '../errors';
import { KeywordColumn, NumericColumn, TextColumn, type Column } from '../store/columns';
import { parseDateMath } from '../store/dates';
import { canonicalIp, ipMatcher, ipToBigInt } from '../store/ip';
import { timeZone } from '../store/time-zones';
import { boostOf, constant, fieldAndSpec, isObj, none, type Matches, type QueryContext, type QueryHandler } from './matches';
import { bm25Term } from './scoring';

/** Converts a query value to the column's representation (number for numerics/dates/booleans). */
export function toColumnValue(ctx: QueryContext, field: string, value: unknown, opts: { roundUp?: boolean; format?: string; timeZone?: string } = {}): number | string {
  const def = ctx.index.mapping.fields.get(field);
  if (!def) return String(value);
  switch (def.type) {
    case 'date':
      return parseDateMath(value, { format: opts.format ?? def.format, roundUp: opts.roundUp, zone: timeZone(opts.timeZone), now: ctx.now });
    case 'boolean':
      if (value === true || value === 'true') return 1;
      if (value === false || value === 'false') return 0;
      throw parsingException(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
    case 'keyword':
    case 'text':
    case 'match_only_text':
      return String(value);
    case 'ip':
      return canonicalIp(String(value)) ?? String(value);
    case 'geo_point':
      throw illegalArgument(`Field [${field}] of type [geo_point] does not support term queries`);
    default: {
      const n = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'boolean' || !Number.isFinite(n) || String(value).trim() === '') {
        throw illegalArgument(`failed to create query: For input string: "${String(value)}"`);
      }
      return n;
    }
  }
}

/** Bitmap of docs whose numeric column holds a value in [lo, hi]. */
function numericRange(col: NumericColumn, ctx: QueryContext, lo: number, hi: number): Uint8Array {
  const bits = new Uint8Array(ctx.n);
  const v = col.values;
  const end = Math.min(ctx.n, v.length);
  for (let d = 0; d < end; d++) {
    const x = v[d];
    if (x >= lo && x <= hi) bits[d] = 1;
  }
  if (col.multi) {
    for (const [d, vals] of col.multi) if (d < ctx.n && vals.some((x) => x >= lo && x <= hi)) bits[d] = 1;
  }
  return bits;
}

/** Bitmap of docs holding any of the given keyword ordinals. */
function keywordDocs(col: KeywordColumn, ctx: QueryContext, ords: Iterable<number>): Uint8Array {
  const bits = new Uint8Array(ctx.n);
  for (const o of ords) for (const d of col.postings[o]) if (d < ctx.n) bits[d] = 1;
  return bits;
}

/** Bitmap of docs holding any of the given text terms. */
function textDocs(col: TextColumn, ctx: QueryContext, terms: Iterable<string>): Uint8Array {
  const bits = new Uint8Array(ctx.n);
  for (const t of terms) for (const d of col.postings.get(t)?.docs ?? []) if (d < ctx.n) bits[d] = 1;
  return bits;
}

/** Docs where a column's terms satisfy a predicate (keyword and text). */
function termsWhere(col: Column | undefined, ctx: QueryContext, pred: (term: string) => boolean): Uint8Array {
  if (col instanceof KeywordColumn) return keywordDocs(col, ctx, col.terms.flatMap((t, o) => (pred(t) ? [o] : [])));
  if (col instanceof TextColumn) return textDocs(col, ctx, [...col.postings.keys()].filter(pred));
  return new Uint8Array(ctx.n);
}

const valueOf = (spec: unknown, key = 'value'): unknown => (isObj(spec) ? spec[key] : spec);

const term: QueryHandler = (body, ctx) => {
  const { field, spec } = fieldAndSpec('term', body);
  const raw = valueOf(spec);
  if (raw === undefined || isObj(raw) || Array.isArray(raw)) throw parsingException(`[term] query does not support array or object values for field [${field}]`);
  const boost = boostOf(spec);
  const ci = isObj(spec) && spec.case_insensitive === true;
  const col = ctx.index.columns.get(field);
  if (!col) return none(ctx);
  if (ctx.index.mapping.fields.get(field)?.type === 'ip' && col instanceof KeywordColumn) {
    const matcher = ipMatcher(String(raw));
    if (!matcher) throw illegalArgument(`'${String(raw)}' is not an IP string literal.`);
    return constant(termsWhere(col, ctx, matcher), boost);
  }
  if (col instanceof KeywordColumn || col instanceof TextColumn) {
    const v = String(raw);
    if (ci) return constant(termsWhere(col, ctx, (t) => t.toLowerCase() === v.toLowerCase()), boost);
    if (col instanceof TextColumn) return bm25Term(col, ctx, v, boost);
    const o = col.dict.get(v);
    if (o === undefined) return none(ctx);
    const df = col.postings[o].length;
    const total = ctx.index.visibleCount || 1;
    const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
    return constant(keywordDocs(col, ctx, [o]), boost * idf * (1 / 2.2));
  }
  if (col instanceof NumericColumn) {
    // A date term covers its whole rounding unit (`now/d` as a term matches the day), like range gte/lte.
    const lo = toColumnValue(ctx, field, raw) as number;
    const hi = toColumnValue(ctx, field, raw, { roundUp: true }) as number;
    return constant(numericRange(col, ctx, lo, hi), boost);
  }
  throw illegalArgument(`Field [${field}] of type [geo_point] does not support term queries`);
};

const terms: QueryHandler = (body, ctx) => {
  if (!isObj(body)) throw parsingException('[terms] query malformed');
  const fields = Object.keys(body).filter((k) => k !== 'boost' && k !== '_name');
  if (fields.length !== 1) throw parsingException(`[terms] query does not support multiple fields`);
  const field = fields[0];
  const list = body[field];
  if (!Array.isArray(list)) {
    if (isObj(list) && 'index' in list) throw parsingException('terms lookup ([terms] with index/id/path) is not implemented by the emulator');
    throw parsingException(`[terms] query does not support [${field}]`);
  }
  const boost = body.boost === undefined ? 1 : Number(body.boost);
  const col = ctx.index.columns.get(field);
  if (!col) return none(ctx);
  if (col instanceof KeywordColumn) {
    const isIp = ctx.index.mapping.fields.get(field)?.type === 'ip';
    const ords = list.map((v) => col.dict.get(isIp ? (canonicalIp(String(v)) ?? String(v)) : String(v))).filter((o): o is number => o !== undefined);
    return constant(keywordDocs(col, ctx, ords), boost);
  }
  if (col instanceof TextColumn) return constant(textDocs(col, ctx, list.map(String)), boost);
  if (col instanceof NumericColumn) {
    const wanted = new Set(list.map((v) => toColumnValue(ctx, field, v) as number));
    const bits = new Uint8Array(ctx.n);
    for (let d = 0; d < ctx.n && d < col.values.length; d++) {
      if (wanted.has(col.values[d])) bits[d] = 1;
    }
    if (col.multi) for (const [d, vals] of col.multi) if (d < ctx.n && vals.some((x) => wanted.has(x))) bits[d] = 1;
    return constant(bits, boost);
  }
  return none(ctx);
};

const RANGE_KEYS = new Set(['gt', 'gte', 'lt', 'lte', 'from', 'to', 'include_lower', 'include_upper', 'format', 'time_zone', 'boost', 'relation', '_name']);

const range: QueryHandler = (body, ctx) => {
  const { field, spec } = fieldAndSpec('range', body);
  if (!isObj(spec)) throw parsingException(`[range] query malformed, after field [${field}] expected an object`);
  for (const k of Object.keys(spec)) if (!RANGE_KEYS.has(k)) throw parsingException(`[range] query does not support [${k}]`);
  const boost = boostOf(spec);
  const col = ctx.index.columns.get(field);
  if (!col) return none(ctx);
  const opts = { format: spec.format as string | undefined, timeZone: spec.time_zone as string | undefined };
  const lowerRaw = spec.gte ?? spec.gt ?? spec.from;
  const upperRaw = spec.lte ?? spec.lt ?? spec.to;
  const lowerInclusive = spec.gt === undefined && (spec.from === undefined || spec.include_lower !== false);
  const upperInclusive = spec.lt === undefined && (spec.to === undefined || spec.include_upper !== false);
  if (col instanceof NumericColumn) {
    let lo = -Infinity;
    let hi = Infinity;
    if (lowerRaw !== undefined && lowerRaw !== null) {
      // gt rounds up (exclusive of the whole unit), gte rounds down.
      const v = toColumnValue(ctx, field, lowerRaw, { ...opts, roundUp: !lowerInclusive }) as number;
      lo = lowerInclusive ? v : nextUp(v, ctx, field);
    }
    if (upperRaw !== undefined && upperRaw !== null) {
      // lte rounds up, lt rounds down.
      const v = toColumnValue(ctx, field, upperRaw, { ...opts, roundUp: upperInclusive }) as number;
      hi = upperInclusive ? v : nextDown(v, ctx, field);
    }
    return constant(numericRange(col, ctx, lo, hi), boost);
  }
  if (ctx.index.mapping.fields.get(field)?.type === 'ip' && col instanceof KeywordColumn) {
    const bound = (v: unknown): bigint | undefined => {
      if (v === undefined || v === null) return undefined;
      const n = ipToBigInt(String(v));
      if (n === undefined) throw illegalArgument(`'${String(v)}' is not an IP string literal.`);
      return n;
    };
    const lo = bound(lowerRaw);
    const hi = bound(upperRaw);
    return constant(termsWhere(col, ctx, (t) => {
      const n = ipToBigInt(t)!;
      return (lo === undefined || (lowerInclusive ? n >= lo : n > lo)) && (hi === undefined || (upperInclusive ? n <= hi : n < hi));
    }), boost);
  }
  if (col instanceof KeywordColumn || col instanceof TextColumn) {
    const lo = lowerRaw === undefined || lowerRaw === null ? undefined : String(lowerRaw);
    const hi = upperRaw === undefined || upperRaw === null ? undefined : String(upperRaw);
    return constant(termsWhere(col, ctx, (t) =>
      (lo === undefined || (lowerInclusive ? t >= lo : t > lo)) && (hi === undefined || (upperInclusive ? t <= hi : t < hi))), boost);
  }
  throw illegalArgument(`Field [${field}] of type [geo_point] does not support range queries`);
};

const isIntegral = (ctx: QueryContext, field: string): boolean => {
  const t = ctx.index.mapping.fields.get(field)?.type;
  return t === 'long' || t === 'integer' || t === 'short' || t === 'byte' || t === 'date' || t === 'boolean';
};
const nextUp = (v: number, ctx: QueryContext, field: string): number => (isIntegral(ctx, field) ? Math.floor(v) + 1 : v + Number.EPSILON * Math.max(1, Math.abs(v)));
const nextDown = (v: number, ctx: QueryContext, field: string): number => (isIntegral(ctx, field) ? Math.ceil(v) - 1 : v - Number.EPSILON * Math.max(1, Math.abs(v)));

const exists: QueryHandler = (body, ctx) => {
  if (!isObj(body) || typeof body.field !== 'string') throw parsingException('[exists] must be provided with a [field]');
  const boost = boostOf(body);
  const pattern = body.field;
  const mapping = ctx.index.mapping;
  const paths = mapping.objects.has(pattern) ? [...mapping.fields.keys()].filter((k) => k.startsWith(`${pattern}.`)) : mapping.matchFields(pattern);
  const bits = new Uint8Array(ctx.n);
  for (const p of paths) {
    const col = ctx.index.columns.get(p);
    if (!col) continue;
    for (let d = 0; d < ctx.n; d++) if (!bits[d] && col.has(d)) bits[d] = 1;
  }
  return constant(bits, boost);
};

const ids: QueryHandler = (body, ctx) => {
  if (!isObj(body) || !Array.isArray(body.values)) throw parsingException('[ids] query malformed, [values] must be an array');
  const bits = new Uint8Array(ctx.n);
  const stale = new Set<string>();
  for (const raw of body.values) {
    const id = String(raw);
    const d = ctx.index.byId.get(id);
    if (d !== undefined && d < ctx.n) bits[d] = 1;
    // Written or deleted since the last refresh: search still sees an older version, not in byId.
    else if (ctx.index.needsRefresh) stale.add(id);
  }
  if (stale.size) for (let d = 0; d < ctx.n; d++) if (!bits[d] && stale.has(ctx.index.ids[d])) bits[d] = 1;
  return constant(bits, boostOf(body));
};

const prefix: QueryHandler = (body, ctx) => {
  const { field, spec } = fieldAndSpec('prefix', body);
  const v = String(valueOf(spec));
  const ci = isObj(spec) && spec.case_insensitive === true;
  const p = ci ? v.toLowerCase() : v;
  return constant(termsWhere(ctx.index.columns.get(field), ctx, (t) => (ci ? t.toLowerCase() : t).startsWith(p)), boostOf(spec));
};

/** Converts a wildcard pattern (`*`, `?`, `\` escapes) to a regex. */
export function wildcardRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, caseInsensitive ? 'is' : 's');
}

const wildcard: QueryHandler = (body, ctx) => {
  const { field, spec } = fieldAndSpec('wildcard', body);
  const v = isObj(spec) ? (spec.value ?? spec.wildcard) : spec;
  if (typeof v !== 'string') throw parsingException(`[wildcard] query requires a string [value] for field [${field}]`);
  const re = wildcardRegex(v, isObj(spec) && spec.case_insensitive === true);
  return constant(termsWhere(ctx.index.columns.get(field), ctx, (t) => re.test(t)), boostOf(spec));
};

/** Term-level query handlers by name. */
export const TERM_LEVEL: Record<string, QueryHandler> = { term, terms, range, exists, ids, prefix, wildcard };
