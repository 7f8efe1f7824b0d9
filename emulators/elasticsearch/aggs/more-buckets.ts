/**
 * More bucket and metric aggregations: missing, date_range (date math, format, time_zone) and
 * extended_stats.
 */
import { illegalArgument, parsingException } from '../errors';
import { GeoColumn, KeywordColumn, NumericColumn, TextColumn } from '../store/columns';
import { formatDate, parseDateMath } from '../store/dates';
import { timeZone } from '../store/time-zones';
import { countBuckets, docCount, fieldOf, forEachNumber, formatOf, isObj, partition, registerAggs, subAggs, type AggHandler } from './engine';

type Json = Record<string, unknown>;

const missing: AggHandler = (spec, slices, ctx, subs) => {
  const field = fieldOf('missing', spec);
  const parts = slices.map((s) => {
    const col = s.index.columns.get(field);
    const has = (d: number) => (col instanceof NumericColumn || col instanceof KeywordColumn || col instanceof GeoColumn || col instanceof TextColumn ? col.has(d) : false);
    return { index: s.index, docs: s.docs.filter((d) => !has(d)) };
  }).filter((s) => s.docs.length);
  return { doc_count: docCount(parts), ...subAggs(subs, parts, ctx) };
};

const dateRange: AggHandler = (spec, slices, ctx, subs) => {
  const field = fieldOf('date_range', spec);
  if (!Array.isArray(spec.ranges) || spec.ranges.length === 0) throw illegalArgument('No [ranges] specified for the [date_range] aggregation');
  const zone = timeZone(spec.time_zone as string | undefined);
  const fieldFormat = formatOf(slices, field);
  const format = (spec.format as string | undefined) ?? fieldFormat;
  const bound = (v: unknown) => parseDateMath(v, { format: format ?? fieldFormat, zone, now: ctx.now });
  const ranges = spec.ranges.map((r) => {
    if (!isObj(r)) throw parsingException('[ranges] entries must be objects');
    const from = r.from === undefined || r.from === null ? -Infinity : bound(r.from);
    const to = r.to === undefined || r.to === null ? Infinity : bound(r.to);
    const fromText = from === -Infinity ? '*' : formatDate(from, format, zone);
    const toText = to === Infinity ? '*' : formatDate(to, format, zone);
    return { from, to, fromText, toText, key: typeof r.key === 'string' ? r.key : `${fromText}-${toText}` };
  }).sort((a, b) => a.from - b.from || a.to - b.to);
  countBuckets(ctx, ranges.length);
  const parts = partition(slices, ranges.length, (d, s, emit) => {
    const col = s.index.columns.get(field);
    if (!(col instanceof NumericColumn)) return;
    for (const v of col.all(d)) ranges.forEach((r, i) => { if (v >= r.from && v < r.to) emit(i); });
  });
  const buckets = ranges.map((r, i) => {
    const out: Json = { key: r.key };
    if (r.from !== -Infinity) Object.assign(out, { from: r.from, from_as_string: r.fromText });
    if (r.to !== Infinity) Object.assign(out, { to: r.to, to_as_string: r.toText });
    out.doc_count = docCount(parts[i]);
    return Object.assign(out, subAggs(subs, parts[i], ctx));
  });
  if (spec.keyed === true) return { buckets: Object.fromEntries(buckets.map((b) => [b.key as string, b])) };
  return { buckets };
};

const extendedStats: AggHandler = (spec, slices) => {
  const field = fieldOf('extended_stats', spec);
  const sigma = spec.sigma === undefined ? 2 : Number(spec.sigma);
  if (!(sigma >= 0)) throw illegalArgument(`[sigma] must be greater than or equal to 0. Found [${spec.sigma}] in [extended_stats]`);
  let count = 0, sum = 0, sumSq = 0, min = Infinity, max = -Infinity;
  forEachNumber(slices, field, (v) => {
    count++;
    sum += v;
    sumSq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }, spec.missing === undefined ? undefined : Number(spec.missing));
  if (!count) {
    return { count: 0, min: null, max: null, avg: null, sum: 0, sum_of_squares: null, variance: null, variance_population: null, variance_sampling: null, std_deviation: null, std_deviation_population: null, std_deviation_sampling: null, std_deviation_bounds: { upper: null, lower: null, upper_population: null, lower_population: null, upper_sampling: null, lower_sampling: null } };
  }
  const avg = sum / count;
  const variance = Math.max(0, sumSq / count - avg * avg);
  const varianceSampling = count > 1 ? Math.max(0, (sumSq - count * avg * avg) / (count - 1)) : NaN;
  const sd = Math.sqrt(variance);
  const sdS = Math.sqrt(varianceSampling);
  const orNull = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    count, min, max, avg, sum, sum_of_squares: sumSq, variance, variance_population: variance, variance_sampling: orNull(varianceSampling),
    std_deviation: sd, std_deviation_population: sd, std_deviation_sampling: orNull(sdS),
    std_deviation_bounds: { upper: avg + sigma * sd, lower: avg - sigma * sd, upper_population: avg + sigma * sd, lower_population: avg - sigma * sd, upper_sampling: orNull(avg + sigma * sdS), lower_sampling: orNull(avg - sigma * sdS) },
  };
};

registerAggs({ missing, date_range: dateRange, extended_stats: extendedStats });
