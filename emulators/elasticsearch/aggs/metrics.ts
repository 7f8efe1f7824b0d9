/**
 * Metric aggregations: avg, sum, min, max, stats, value_count, cardinality (exact, where
 * Elasticsearch's HyperLogLog++ is exact below its precision threshold), percentiles (linear
 * interpolation between closest ranks, where Elasticsearch uses a TDigest: equal on small data,
 * close on large), top_hits and geo_bounds.
 */
import { illegalArgument } from '../errors';
import { GeoColumn, KeywordColumn, NumericColumn } from '../store/columns';
import { formatDate } from '../store/dates';
import { fieldDef, fieldOf, forEachNumber, formatOf, registerAggs, typeOf, type AggHandler, type Slice } from './engine';

type Json = Record<string, unknown>;

const missingOf = (spec: Json): number | undefined => (spec.missing === undefined ? undefined : Number(spec.missing));

function withDate(out: Json, slices: readonly Slice[], field: string, keys: string[]): Json {
  if (typeOf(slices, field) !== 'date') return out;
  const fmt = formatOf(slices, field);
  for (const k of keys) {
    const v = out[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[`${k}_as_string`] = formatDate(v, fmt);
  }
  return out;
}

interface Acc { count: number; sum: number; min: number; max: number }
function accumulate(slices: readonly Slice[], field: string, missing?: number): Acc {
  const a: Acc = { count: 0, sum: 0, min: Infinity, max: -Infinity };
  forEachNumber(slices, field, (v) => {
    a.count++;
    a.sum += v;
    if (v < a.min) a.min = v;
    if (v > a.max) a.max = v;
  }, missing);
  return a;
}

const avg: AggHandler = (spec, slices) => {
  const field = fieldOf('avg', spec);
  const a = accumulate(slices, field, missingOf(spec));
  return withDate({ value: a.count ? a.sum / a.count : null }, slices, field, ['value']);
};
const sum: AggHandler = (spec, slices) => ({ value: accumulate(slices, fieldOf('sum', spec), missingOf(spec)).sum });
const min: AggHandler = (spec, slices) => {
  const field = fieldOf('min', spec);
  const a = accumulate(slices, field, missingOf(spec));
  return withDate({ value: a.count ? a.min : null }, slices, field, ['value']);
};
const max: AggHandler = (spec, slices) => {
  const field = fieldOf('max', spec);
  const a = accumulate(slices, field, missingOf(spec));
  return withDate({ value: a.count ? a.max : null }, slices, field, ['value']);
};
const stats: AggHandler = (spec, slices) => {
  const field = fieldOf('stats', spec);
  const a = accumulate(slices, field, missingOf(spec));
  return withDate({ count: a.count, min: a.count ? a.min : null, max: a.count ? a.max : null, avg: a.count ? a.sum / a.count : null, sum: a.sum }, slices, field, ['min', 'max', 'avg', 'sum']);
};

/** Visits every value of any column type (keywords as strings). */
function forEachValue(slices: readonly Slice[], field: string, fn: (v: number | string) => void): void {
  for (const s of slices) {
    fieldDef(s.index, field);
    const col = s.index.columns.get(field);
    if (col instanceof KeywordColumn) for (const d of s.docs) for (const o of col.allOrds(d)) fn(col.terms[o]);
    else if (col instanceof NumericColumn) forEachNumber([s], field, fn);
    else if (col instanceof GeoColumn) for (const d of s.docs) for (const [lat, lon] of col.all(d)) fn(`${lat},${lon}`);
  }
}

const valueCount: AggHandler = (spec, slices) => {
  let n = 0;
  forEachValue(slices, fieldOf('value_count', spec), () => n++);
  return { value: n };
};

const cardinality: AggHandler = (spec, slices) => {
  const field = fieldOf('cardinality', spec);
  // Keyword ordinals are per index; count distinct strings across slices.
  const seen = new Set<number | string>();
  for (const s of slices) {
    fieldDef(s.index, field);
    const col = s.index.columns.get(field);
    if (col instanceof KeywordColumn) {
      const hit = new Uint8Array(col.terms.length);
      for (let i = 0; i < s.docs.length; i++) {
        const d = s.docs[i];
        const o = col.ords[d];
        if (o < 0) continue;
        hit[o] = 1;
        const all = col.multi?.get(d);
        if (all) for (const x of all) hit[x] = 1;
      }
      for (let o = 0; o < hit.length; o++) if (hit[o]) seen.add(col.terms[o]);
    } else forEachValue([s], field, (v) => seen.add(v));
  }
  return { value: seen.size };
};

const percentiles: AggHandler = (spec, slices) => {
  const field = fieldOf('percentiles', spec);
  const percents = Array.isArray(spec.percents) ? spec.percents.map(Number) : [1, 5, 25, 50, 75, 95, 99];
  for (const p of percents) if (!(p >= 0 && p <= 100)) throw illegalArgument(`percent must be in [0,100], got [${p}]`);
  const values: number[] = [];
  forEachNumber(slices, field, (v) => values.push(v), missingOf(spec));
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number | null => {
    if (!sorted.length) return null;
    const pos = (p / 100) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  const keyOf = (p: number) => (Number.isInteger(p) ? p.toFixed(1) : String(p));
  const isDate = typeOf(slices, field) === 'date';
  const fmt = formatOf(slices, field);
  if (spec.keyed === false) {
    return { values: percents.map((p) => {
      const v = at(p);
      const out: Json = { key: p, value: v };
      if (isDate && v !== null) out.value_as_string = formatDate(v, fmt);
      return out;
    }) };
  }
  const out: Json = {};
  for (const p of percents) {
    const v = at(p);
    out[keyOf(p)] = v;
    if (isDate && v !== null) out[`${keyOf(p)}_as_string`] = formatDate(v, fmt);
  }
  return { values: out };
};

const topHits: AggHandler = (spec, slices, ctx) => ctx.topHits(spec, slices);

const geoBounds: AggHandler = (spec, slices) => {
  const field = fieldOf('geo_bounds', spec);
  let top = -Infinity, bottom = Infinity, left = Infinity, right = -Infinity;
  for (const s of slices) {
    const col = s.index.columns.get(field);
    if (col === undefined) continue;
    if (!(col instanceof GeoColumn)) throw illegalArgument(`Field [${field}] of type [${s.index.mapping.fields.get(field)?.type}] is not supported for aggregation [geo_bounds]`);
    for (const d of s.docs) {
      for (const [lat, lon] of col.all(d)) {
        if (lat > top) top = lat;
        if (lat < bottom) bottom = lat;
        if (lon < left) left = lon;
        if (lon > right) right = lon;
      }
    }
  }
  if (top === -Infinity) return {};
  return { bounds: { top_left: { lat: top, lon: left }, bottom_right: { lat: bottom, lon: right } } };
};

registerAggs({ avg, sum, min, max, stats, value_count: valueCount, cardinality, percentiles, top_hits: topHits, geo_bounds: geoBounds });
