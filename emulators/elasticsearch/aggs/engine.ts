/**
 * Aggregation dispatch. Aggregations run over slices — (index, matching doc numbers) pairs — so
 * that one request over daily indices (`taxi-*`) merges per-index partial results. Bucket
 * aggregations hand each bucket's slices to their sub-aggregations.
 */
import { EsError, illegalArgument, parsingException, unsupported } from '../errors';
import { GeoColumn, KeywordColumn, NumericColumn } from '../store/columns';
import type { EsIndex } from '../store/es-index';
import type { FieldDef } from '../store/mapping';

type Json = Record<string, unknown>;
/** Whether a value is a plain object. */
export const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Docs of one index that reach an aggregation. */
export interface Slice {
  readonly index: EsIndex;
  /** Ascending doc numbers. */
  readonly docs: Int32Array;
}

/** Request-wide context. */
export interface AggContext {
  readonly now: number;
  /** Renders top hits (shared with the search response). */
  readonly topHits: (spec: Json, slices: readonly Slice[]) => Json;
  /** Evaluates a query over a slice (for filter / filters aggregations). */
  readonly filter: (query: unknown, slice: Slice) => Int32Array;
  /** Buckets created so far (search.max_buckets guard). */
  buckets: number;
}

/** An aggregation implementation. */
export type AggHandler = (spec: Json, slices: readonly Slice[], ctx: AggContext, subs: Json | undefined) => Json;

const MAX_BUCKETS = 65_536;

/** Counts buckets against search.max_buckets. */
export function countBuckets(ctx: AggContext, n: number): void {
  ctx.buckets += n;
  if (ctx.buckets > MAX_BUCKETS) {
    throw new EsError({ status: 400, type: 'too_many_buckets_exception', reason: `Trying to create too many buckets. Must be less than or equal to: [${MAX_BUCKETS}] but this number of buckets was exceeded. This limit can be set by changing the [search.max_buckets] cluster level setting.`, details: { max_buckets: MAX_BUCKETS } });
  }
}

const KNOWN_UNSUPPORTED = ['nested', 'reverse_nested', 'significant_terms', 'significant_text', 'rare_terms', 'multi_terms', 'auto_date_histogram', 'variable_width_histogram', 'ip_range', 'geo_distance', 'geohash_grid', 'geotile_grid', 'geo_centroid', 'median_absolute_deviation', 'percentile_ranks', 'scripted_metric', 'weighted_avg', 'string_stats', 'boxplot', 't_test', 'rate', 'sampler', 'diversified_sampler', 'adjacency_matrix', 'global', 'bucket_script', 'bucket_selector', 'bucket_sort', 'cumulative_sum', 'derivative', 'moving_fn', 'avg_bucket', 'max_bucket', 'min_bucket', 'sum_bucket', 'stats_bucket', 'serial_diff', 'matrix_stats', 'top_metrics', 'categorize_text', 'frequent_item_sets', 'time_series', 'random_sampler'];

const registry = new Map<string, AggHandler>();

/** Registers aggregation types (called by the bucket and metric modules). */
export function registerAggs(handlers: Record<string, AggHandler>): void {
  for (const [k, v] of Object.entries(handlers)) registry.set(k, v);
}

/** Runs an `aggs` object over slices. */
export function runAggs(aggs: unknown, slices: readonly Slice[], ctx: AggContext): Json {
  if (!isObj(aggs)) throw parsingException('Aggregation definition must be an object');
  const out: Json = {};
  for (const [name, def] of Object.entries(aggs)) {
    if (!isObj(def)) throw parsingException(`Expected [START_OBJECT] under [${name}], but got a [${typeof def}] in [${name}]`);
    const subs = (def.aggs ?? def.aggregations) as Json | undefined;
    const types = Object.keys(def).filter((k) => k !== 'aggs' && k !== 'aggregations' && k !== 'meta');
    if (types.length !== 1) {
      throw parsingException(types.length === 0 ? `Missing definition for aggregation [${name}]` : `Found two aggregation type definitions in [${name}]: [${types[0]}] and [${types[1]}]`);
    }
    const type = types[0];
    const handler = registry.get(type);
    if (!handler) {
      if (KNOWN_UNSUPPORTED.includes(type)) throw unsupported(`the [${type}] aggregation`);
      throw parsingException(`Unknown aggregation type [${type}] did you mean [terms]?`);
    }
    const spec = def[type];
    if (!isObj(spec)) throw parsingException(`[${type}] aggregation [${name}] must be an object`);
    if (spec.script !== undefined) throw unsupported('scripts in aggregations');
    const result = handler(spec, slices, ctx, subs);
    if (isObj(def.meta)) result.meta = def.meta;
    out[name] = result;
  }
  return out;
}

/** Runs sub-aggregations for one bucket (nothing when there are none). */
export function subAggs(subs: Json | undefined, slices: readonly Slice[], ctx: AggContext): Json {
  return subs ? runAggs(subs, slices, ctx) : {};
}

/** The field's definition in an index, refusing text fields as Elasticsearch does. */
export function fieldDef(index: EsIndex, field: string): FieldDef | undefined {
  const def = index.mapping.fields.get(field);
  if (def && def.type === 'text') {
    throw illegalArgument(`Fielddata is disabled on [${field}] in [${index.name}]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`);
  }
  return def;
}

/** Reads the `field` of an aggregation spec. */
export function fieldOf(type: string, spec: Json): string {
  if (typeof spec.field !== 'string') throw illegalArgument(`Required [field] for [${type}] aggregation (scripts are not supported)`);
  return spec.field;
}

/** Calls `fn` for every numeric value of `field` in the slices (multi-valued docs give each value). */
export function forEachNumber(slices: readonly Slice[], field: string, fn: (v: number, doc: number, slice: Slice) => void, missing?: number): void {
  for (const s of slices) {
    fieldDef(s.index, field);
    const col = s.index.columns.get(field);
    if (!(col instanceof NumericColumn)) {
      if (col instanceof KeywordColumn || col instanceof GeoColumn) throw illegalArgument(`Field [${field}] of type [${s.index.mapping.fields.get(field)?.type}] is not supported for aggregation [numeric metrics]`);
      if (missing !== undefined) for (const d of s.docs) fn(missing, d, s);
      continue;
    }
    const v = col.values;
    const multi = col.multi;
    for (let i = 0; i < s.docs.length; i++) {
      const d = s.docs[i];
      const x = v[d];
      if (x !== x) {
        if (missing !== undefined) fn(missing, d, s);
        continue;
      }
      const all = multi?.get(d);
      if (all) for (const y of all) fn(y, d, s);
      else fn(x, d, s);
    }
  }
}

/** The mapped type of a field across slices (first index that maps it). */
export function typeOf(slices: readonly Slice[], field: string): string | undefined {
  for (const s of slices) {
    const def = s.index.mapping.fields.get(field);
    if (def) return def.type;
  }
  return undefined;
}

/** The date format of a field across slices. */
export function formatOf(slices: readonly Slice[], field: string): string | undefined {
  for (const s of slices) {
    const def = s.index.mapping.fields.get(field);
    if (def?.type === 'date') return def.format;
  }
  return undefined;
}

/** Partitions slices into buckets: `bucketOf` returns a bucket number or -1 (for each doc, first value). */
export function partition(slices: readonly Slice[], buckets: number, bucketsOf: (doc: number, slice: Slice, emit: (b: number) => void) => void): Slice[][] {
  const out: Slice[][] = Array.from({ length: buckets }, () => []);
  for (const s of slices) {
    const lists: number[][] = Array.from({ length: buckets }, () => []);
    for (let i = 0; i < s.docs.length; i++) {
      const d = s.docs[i];
      bucketsOf(d, s, (b) => {
        const l = lists[b];
        if (l[l.length - 1] !== d) l.push(d);
      });
    }
    lists.forEach((l, b) => {
      if (l.length) out[b].push({ index: s.index, docs: Int32Array.from(l) });
    });
  }
  return out;
}

/** Sums doc counts over slices. */
export const docCount = (slices: readonly Slice[]): number => slices.reduce((n, s) => n + s.docs.length, 0);

