/**
 * Bucket aggregations: terms, histogram, date_histogram (fixed and calendar intervals,
 * time_zone, offset, extended_bounds, min_doc_count), range, filter and filters.
 */
import { illegalArgument, parsingException } from '../errors';
import { KeywordColumn, NumericColumn } from '../store/columns';
import { addUnits, formatDate, parseDateMath, roundDown, type CalendarUnit } from '../store/dates';
import { timeZone, UTC, wallToUtc } from '../store/time-zones';
import { countBuckets, docCount, fieldDef, fieldOf, forEachNumber, formatOf, isObj, partition, registerAggs, subAggs, typeOf, type AggContext, type AggHandler, type Slice } from './engine';

type Json = Record<string, unknown>;
type Key = string | number;

interface Bucket { key: Key; count: number; slices?: Slice[]; subs?: Json }

const inSlice = (docs: Int32Array, d: number): boolean => {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid] === d) return true;
    if (docs[mid] < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
};

/** Orders buckets by `order` (`_count`, `_key`, or a single-value sub-aggregation path). */
function orderBuckets(buckets: Bucket[], order: unknown, defaultOrder: Json, valueOf: (b: Bucket, path: string) => number): void {
  const list = order === undefined ? [defaultOrder] : Array.isArray(order) ? order : [order];
  const clauses = list.map((o) => {
    if (!isObj(o) || Object.keys(o).length !== 1) throw parsingException('[order] must be an object with one key');
    const [path, dir] = Object.entries(o)[0];
    if (dir !== 'asc' && dir !== 'desc') throw parsingException(`Unknown order direction [${dir}]`);
    return { path: path === '_term' ? '_key' : path, desc: dir === 'desc' };
  });
  buckets.sort((a, b) => {
    for (const c of clauses) {
      let x: Key;
      let y: Key;
      if (c.path === '_count') [x, y] = [a.count, b.count];
      else if (c.path === '_key') [x, y] = [a.key, b.key];
      else [x, y] = [valueOf(a, c.path), valueOf(b, c.path)];
      if (x !== y) return (x < y ? -1 : 1) * (c.desc ? -1 : 1);
    }
    // Elasticsearch breaks ties by key ascending.
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/** Reads a single value out of a computed sub-aggregation (`avg`, `stats.max`, `pct.95`). */
function subValue(subs: Json, path: string): number {
  const [name, ...rest] = path.split(/[.>[]/);
  const agg = subs[name];
  if (!isObj(agg)) throw illegalArgument(`Invalid aggregator order path [${path}]. Unknown aggregation [${name}]`);
  if (rest.length === 0) {
    if (typeof agg.value === 'number' || agg.value === null) return (agg.value as number | null) ?? -Infinity;
    if (typeof agg.doc_count === 'number') return agg.doc_count;
    throw illegalArgument(`Invalid aggregation order path [${path}]: multi-value aggregation needs a metric name`);
  }
  const key = rest.join('.').replace(/]$/, '');
  const v = agg[key] ?? (isObj(agg.values) ? agg.values[key] : undefined);
  return typeof v === 'number' ? v : -Infinity;
}

const terms: AggHandler = (spec, slices, ctx, subs) => {
  const field = fieldOf('terms', spec);
  const size = spec.size === undefined ? 10 : Number(spec.size);
  if (!(size >= 1)) throw illegalArgument(`[size] must be greater than 0. Found [${spec.size}] in [terms]`);
  const minDocCount = spec.min_doc_count === undefined ? 1 : Number(spec.min_doc_count);
  const include = filterOf(spec.include);
  const exclude = filterOf(spec.exclude);
  const type = typeOf(slices, field);
  const counts = new Map<Key, number>();
  const add = (k: Key, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
  let missingCount = 0;
  for (const s of slices) {
    fieldDef(s.index, field);
    const col = s.index.columns.get(field);
    if (col instanceof KeywordColumn) {
      const per = new Int32Array(col.terms.length);
      const ords = col.ords;
      for (let i = 0; i < s.docs.length; i++) {
        const o = ords[s.docs[i]];
        if (o >= 0) per[o]++;
        else missingCount++;
      }
      if (col.multi) for (const [d, all] of col.multi) if (inSlice(s.docs, d)) for (const o of all.slice(1)) per[o]++;
      for (let o = 0; o < per.length; o++) if (per[o]) add(col.terms[o], per[o]);
    } else if (col instanceof NumericColumn) {
      // A doc counts once per distinct value (its values are sorted, so repeats are adjacent).
      let lastDoc = -1;
      let lastValue = NaN;
      forEachNumber([s], field, (v, d) => {
        if (d === lastDoc && v === lastValue) return;
        lastDoc = d;
        lastValue = v;
        add(v, 1);
      });
      for (const d of s.docs) if (!col.has(d)) missingCount++;
    } else if (col) {
      throw illegalArgument(`Field [${field}] of type [geo_point] is not supported for aggregation [terms]`);
    } else missingCount += s.docs.length;
  }
  if (spec.missing !== undefined && missingCount) add(type === 'keyword' || type === undefined ? String(spec.missing) : Number(spec.missing), missingCount);
  let buckets: Bucket[] = [...counts].filter(([k, n]) => n >= minDocCount && (!include || include(String(k))) && !(exclude && exclude(String(k)))).map(([key, count]) => ({ key, count }));
  const orderList = spec.order === undefined ? [] : Array.isArray(spec.order) ? spec.order : [spec.order];
  const needsSubsForOrder = orderList.some((o) => isObj(o) && Object.keys(o).some((k) => !['_count', '_key', '_term'].includes(k)));
  if (needsSubsForOrder) attachSubs(buckets, slices, ctx, subs, field, spec.missing);
  orderBuckets(buckets, spec.order, { _count: 'desc' }, (b, path) => subValue(b.subs ?? {}, path));
  const total = buckets.reduce((n, b) => n + b.count, 0);
  buckets = buckets.slice(0, size);
  countBuckets(ctx, buckets.length);
  if (!needsSubsForOrder) attachSubs(buckets, slices, ctx, subs, field, spec.missing);
  const shown = buckets.reduce((n, b) => n + b.count, 0);
  const format = formatOf(slices, field);
  return {
    doc_count_error_upper_bound: 0,
    sum_other_doc_count: total - shown,
    buckets: buckets.map((b) => {
      const out: Json = { key: b.key };
      if (type === 'date' && typeof b.key === 'number') out.key_as_string = formatDate(b.key, format);
      if (type === 'boolean' && typeof b.key === 'number') out.key_as_string = b.key ? 'true' : 'false';
      out.doc_count = b.count;
      return Object.assign(out, b.subs);
    }),
  };
};

function attachSubs(buckets: Bucket[], slices: readonly Slice[], ctx: AggContext, subs: Json | undefined, field: string, missing?: unknown): void {
  if (!subs || buckets.length === 0) return;
  const index = new Map<Key, number>(buckets.map((b, i) => [b.key, i]));
  const missingBucket = missing === undefined ? undefined : (index.get(String(missing)) ?? index.get(Number(missing)));
  const parts = partition(slices, buckets.length, (d, s, emit) => {
    const col = s.index.columns.get(field);
    let any = false;
    if (col instanceof KeywordColumn) {
      for (const o of col.allOrds(d)) {
        const b = index.get(col.terms[o]);
        any = true;
        if (b !== undefined) emit(b);
      }
    } else if (col instanceof NumericColumn) {
      for (const v of col.all(d)) {
        const b = index.get(v);
        any = true;
        if (b !== undefined) emit(b);
      }
    }
    if (!any && missingBucket !== undefined) emit(missingBucket);
  });
  buckets.forEach((b, i) => {
    b.slices = parts[i];
    b.subs = subAggs(subs, parts[i], ctx);
  });
}

function filterOf(v: unknown): ((k: string) => boolean) | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    const set = new Set(v.map(String));
    return (k) => set.has(k);
  }
  if (typeof v === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${v})$`);
    } catch (err) {
      throw illegalArgument(`invalid regular expression [${v}] in [include]/[exclude]: ${(err as Error).message}`);
    }
    return (k) => re.test(k);
  }
  throw parsingException('[include]/[exclude] must be a regex string or an array of values (partitions are not supported)');
}

/** Shared by histogram and date_histogram: buckets keyed by a rounding function. */
function keyedHistogram(opts: {
  slices: readonly Slice[]; ctx: AggContext; subs: Json | undefined; field: string;
  keyOf: (v: number) => number; next: (k: number) => number; minDocCount: number;
  bounds?: [number, number]; hardBounds?: [number, number]; render: (k: number) => Json; order?: unknown; keyed: boolean;
}): Json {
  const counts = new Map<number, number>();
  let lastKey = NaN;
  let lastCount = 0;
  const flush = () => {
    if (lastCount) counts.set(lastKey, (counts.get(lastKey) ?? 0) + lastCount);
  };
  forEachNumber(opts.slices, opts.field, (v) => {
    const k = opts.keyOf(v);
    if (k === lastKey) lastCount++;
    else {
      flush();
      lastKey = k;
      lastCount = 1;
    }
  });
  flush();
  let keys = [...counts.keys()].sort((a, b) => a - b);
  if (opts.hardBounds) keys = keys.filter((k) => k >= opts.keyOf(opts.hardBounds![0]) && k <= opts.hardBounds![1]);
  if (opts.minDocCount === 0 && (keys.length || opts.bounds)) {
    let lo = keys.length ? keys[0] : Infinity;
    let hi = keys.length ? keys[keys.length - 1] : -Infinity;
    if (opts.bounds) {
      lo = Math.min(lo, opts.keyOf(opts.bounds[0]));
      hi = Math.max(hi, opts.keyOf(opts.bounds[1]));
    }
    const filled: number[] = [];
    for (let k = lo; k <= hi; k = opts.next(k)) {
      filled.push(k);
      countBuckets(opts.ctx, 1);
    }
    keys = filled;
  } else {
    keys = keys.filter((k) => (counts.get(k) ?? 0) >= opts.minDocCount);
    countBuckets(opts.ctx, keys.length);
  }
  const buckets: Bucket[] = keys.map((key) => ({ key, count: counts.get(key) ?? 0 }));
  if (opts.subs && buckets.length) {
    const at = new Map<number, number>(keys.map((k, i) => [k, i]));
    const parts = partition(opts.slices, buckets.length, (d, s, emit) => {
      const col = s.index.columns.get(opts.field);
      if (!(col instanceof NumericColumn)) return;
      for (const v of col.all(d)) {
        const b = at.get(opts.keyOf(v));
        if (b !== undefined) emit(b);
      }
    });
    buckets.forEach((b, i) => (b.subs = subAggs(opts.subs, parts[i], opts.ctx)));
  }
  if (opts.order !== undefined) orderBuckets(buckets, opts.order, { _key: 'asc' }, (b, path) => subValue(b.subs ?? {}, path));
  const rendered = buckets.map((b) => Object.assign(opts.render(b.key as number), { doc_count: b.count }, b.subs));
  if (opts.keyed) return { buckets: Object.fromEntries(rendered.map((r) => [String(r.key_as_string ?? r.key), r])) };
  return { buckets: rendered };
}

const formatDouble = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

const histogram: AggHandler = (spec, slices, ctx, subs) => {
  const field = fieldOf('histogram', spec);
  const interval = Number(spec.interval);
  if (!(interval > 0)) throw illegalArgument(`[interval] must be >0 for histogram aggregation [${field}]`);
  const offset = Number(spec.offset ?? 0);
  const eb = isObj(spec.extended_bounds) ? [Number(spec.extended_bounds.min), Number(spec.extended_bounds.max)] as [number, number] : undefined;
  const hb = isObj(spec.hard_bounds) ? [Number(spec.hard_bounds.min ?? -Infinity), Number(spec.hard_bounds.max ?? Infinity)] as [number, number] : undefined;
  return keyedHistogram({
    slices, ctx, subs, field,
    keyOf: (v) => Math.floor((v - offset) / interval) * interval + offset,
    next: (k) => k + interval,
    minDocCount: spec.min_doc_count === undefined ? 0 : Number(spec.min_doc_count),
    bounds: eb, hardBounds: hb, order: spec.order, keyed: spec.keyed === true,
    render: (k) => ({ key: k }),
  });
};

export const CALENDAR: Record<string, CalendarUnit> = {
  '1m': 'm', minute: 'm', '1h': 'h', hour: 'h', '1d': 'd', day: 'd', '1w': 'w', week: 'w',
  '1M': 'M', month: 'M', '1q': 'q', quarter: 'q', '1y': 'y', year: 'y', '1s': 's', second: 's',
};
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a fixed interval like `30s`, `5m`, `12h`, `1d`. */
export function fixedIntervalMs(v: string): number {
  const m = typeof v === 'string' ? /^(\d+)(ms|s|m|h|d)$/.exec(v) : null;
  if (!m || Number(m[1]) <= 0) throw illegalArgument(`failed to parse setting [date_histogram.fixedInterval] with value [${v}] as a time value: unit is missing or unrecognized`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

const dateHistogram: AggHandler = (spec, slices, ctx, subs) => {
  const field = fieldOf('date_histogram', spec);
  if (spec.interval !== undefined) throw illegalArgument('The [interval] parameter of date_histogram was removed; use [fixed_interval] or [calendar_interval]');
  if ((spec.fixed_interval === undefined) === (spec.calendar_interval === undefined)) {
    throw illegalArgument(spec.fixed_interval === undefined ? 'Invalid interval specified, must be non-null and non-empty' : 'Cannot use [fixed_interval] with [calendar_interval] configuration option.');
  }
  const zone = timeZone(spec.time_zone as string | undefined);
  const fieldFormat = formatOf(slices, field);
  const format = (spec.format as string | undefined) ?? fieldFormat;
  const offsetMs = spec.offset === undefined ? 0 : parseOffset(String(spec.offset));
  let keyOf: (v: number) => number;
  let next: (k: number) => number;
  const fixedZone = zone === UTC || /^[+-]/.test(zone.id);
  if (spec.fixed_interval !== undefined) {
    const iv = fixedIntervalMs(String(spec.fixed_interval));
    if (fixedZone) {
      const off = zone.offsetAt(0);
      keyOf = (v) => Math.floor((v + off - offsetMs) / iv) * iv - off + offsetMs;
    } else {
      keyOf = (v) => wallToUtc(zone, Math.floor((v + zone.offsetAt(v) - offsetMs) / iv) * iv + offsetMs);
    }
    next = (k) => keyOf(k + iv);
  } else {
    const unit = CALENDAR[String(spec.calendar_interval)];
    if (!unit) throw illegalArgument(`The supplied interval [${spec.calendar_interval}] could not be parsed as a calendar interval.`);
    const span = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[unit as 's'];
    if (fixedZone && span) {
      const off = zone.offsetAt(0);
      // Epoch day 0 was a Thursday; ISO weeks start on Monday, 3 days later.
      const shift = unit === 'w' ? 3 * 86_400_000 : 0;
      keyOf = (v) => Math.floor((v + off - shift - offsetMs) / span) * span - off + shift + offsetMs;
      next = (k) => k + span;
    } else {
      // Calendar units in DST zones or of varying length: cache the rounding per hour.
      const cache = new Map<number, number>();
      keyOf = (v) => {
        const hour = Math.floor((v - offsetMs) / 3_600_000);
        let k = cache.get(hour);
        if (k === undefined || unit === 'm' || unit === 's') {
          k = roundDown(v - offsetMs, unit, zone) + offsetMs;
          if (unit !== 'm' && unit !== 's') cache.set(hour, k);
        }
        return k;
      };
      next = (k) => addUnits(k - offsetMs, 1, unit, zone) + offsetMs;
    }
  }
  const bound = (v: unknown, up: boolean) => parseDateMath(v, { format: fieldFormat, zone, now: ctx.now, roundUp: up });
  const eb = isObj(spec.extended_bounds) ? [bound(spec.extended_bounds.min, false), bound(spec.extended_bounds.max, true)] as [number, number] : undefined;
  const hb = isObj(spec.hard_bounds) ? [bound(spec.hard_bounds.min, false), bound(spec.hard_bounds.max, true)] as [number, number] : undefined;
  return keyedHistogram({
    slices, ctx, subs, field, keyOf, next,
    minDocCount: spec.min_doc_count === undefined ? 0 : Number(spec.min_doc_count),
    bounds: eb, hardBounds: hb, order: spec.order, keyed: spec.keyed === true,
    render: (k) => ({ key_as_string: formatDate(k, format, zone), key: k }),
  });
};

function parseOffset(v: string): number {
  const m = typeof v === 'string' ? /^([+-]?)(\d+)(ms|s|m|h|d)$/.exec(v) : null;
  if (!m) throw illegalArgument(`failed to parse [offset] [${v}]`);
  return Number(m[2]) * UNIT_MS[m[3]] * (m[1] === '-' ? -1 : 1);
}

const range: AggHandler = (spec, slices, ctx, subs) => {
  const field = fieldOf('range', spec);
  if (!Array.isArray(spec.ranges) || spec.ranges.length === 0) throw illegalArgument(`No [ranges] specified for the [range] aggregation`);
  const ranges = spec.ranges.map((r) => {
    if (!isObj(r)) throw parsingException('[ranges] entries must be objects');
    const from = r.from === undefined || r.from === null ? -Infinity : Number(r.from);
    const to = r.to === undefined || r.to === null ? Infinity : Number(r.to);
    const key = typeof r.key === 'string' ? r.key : `${from === -Infinity ? '*' : formatDouble(from)}-${to === Infinity ? '*' : formatDouble(to)}`;
    return { from, to, key };
  }).sort((a, b) => a.from - b.from || a.to - b.to); // Elasticsearch orders range buckets by from, then to
  countBuckets(ctx, ranges.length);
  const parts = partition(slices, ranges.length, (d, s, emit) => {
    const col = s.index.columns.get(field);
    if (!(col instanceof NumericColumn)) return;
    for (const v of col.all(d)) ranges.forEach((r, i) => { if (v >= r.from && v < r.to) emit(i); });
  });
  const buckets = ranges.map((r, i) => {
    const out: Json = { key: r.key };
    if (r.from !== -Infinity) out.from = r.from;
    if (r.to !== Infinity) out.to = r.to;
    out.doc_count = docCount(parts[i]);
    return Object.assign(out, subAggs(subs, parts[i], ctx));
  });
  if (spec.keyed === true) return { buckets: Object.fromEntries(buckets.map((b) => [b.key as string, b])) };
  return { buckets };
};

const filter: AggHandler = (spec, slices, ctx, subs) => {
  const parts = slices.map((s) => ({ index: s.index, docs: ctx.filter(spec, s) })).filter((s) => s.docs.length);
  return { doc_count: docCount(parts), ...subAggs(subs, parts, ctx) };
};

const filters: AggHandler = (spec, slices, ctx, subs) => {
  const defs = spec.filters;
  const run = (q: unknown) => {
    const parts = slices.map((s) => ({ index: s.index, docs: ctx.filter(q, s) })).filter((s) => s.docs.length);
    return { doc_count: docCount(parts), ...subAggs(subs, parts, ctx) };
  };
  if (Array.isArray(defs)) return { buckets: defs.map(run) };
  if (!isObj(defs)) throw parsingException('[filters] must be an object or an array');
  const buckets = Object.fromEntries(Object.entries(defs).map(([k, q]) => [k, run(q)]));
  countBuckets(ctx, Object.keys(buckets).length);
  return { buckets };
};

registerAggs({ terms, histogram, date_histogram: dateHistogram, range, filter, filters });
