/**
 * The `composite` aggregation: buckets keyed by the combination of `terms`, `histogram` and
 * `date_histogram` sources, sorted by the sources in order, paged with `size` and `after`
 * (`after_key` on the response), with sub-aggregations. Multi-valued fields yield one bucket
 * per combination, as in Elasticsearch.
 */
import { illegalArgument, parsingException } from '../errors';
import { KeywordColumn, NumericColumn } from '../store/columns';
import { formatDate, roundDown } from '../store/dates';
import { timeZone, wallToUtc, UTC } from '../store/time-zones';
import { CALENDAR, fixedIntervalMs } from './buckets';
import { countBuckets, fieldDef, fieldOf, isObj, partition, registerAggs, subAggs, type AggHandler, type Slice } from './engine';

type Json = Record<string, unknown>;
type Key = string | number | null;

interface Source {
  readonly name: string;
  readonly field: string;
  readonly desc: boolean;
  readonly missingBucket: boolean;
  /** Maps a raw column value to the bucket key. */
  readonly keyOf: (v: number | string) => Key;
  /** key_as_string-style rendering for date sources (composite shows raw keys, formats when asked). */
  readonly render: (k: Key) => Key;
}

function readSources(spec: Json): Source[] {
  if (!Array.isArray(spec.sources) || spec.sources.length === 0) throw illegalArgument('Composite [sources] cannot be null or empty');
  return spec.sources.map((entry): Source => {
    if (!isObj(entry) || Object.keys(entry).length !== 1) throw parsingException('[composite] each source must be an object with one named source');
    const [name, def] = Object.entries(entry)[0];
    if (!isObj(def) || Object.keys(def).length !== 1) throw parsingException(`[composite] source [${name}] must have one type`);
    const [type, s] = Object.entries(def)[0] as [string, Json];
    if (!isObj(s)) throw parsingException(`[composite] source [${name}] must be an object`);
    const field = fieldOf(type, s);
    const common = { name, field, desc: s.order === 'desc', missingBucket: s.missing_bucket === true };
    if (type === 'terms') return { ...common, keyOf: (v) => v, render: (k) => k };
    if (type === 'histogram') {
      const iv = Number(s.interval);
      if (!(iv > 0)) throw illegalArgument(`[interval] must be >0 for histogram source [${name}]`);
      return { ...common, keyOf: (v) => Math.floor(Number(v) / iv) * iv, render: (k) => k };
    }
    if (type === 'date_histogram') {
      const zone = timeZone(s.time_zone as string | undefined);
      const format = s.format as string | undefined;
      let keyOf: (v: number | string) => Key;
      if (s.fixed_interval !== undefined) {
        const iv = fixedIntervalMs(String(s.fixed_interval));
        keyOf = (v) => (zone === UTC ? Math.floor(Number(v) / iv) * iv : wallToUtc(zone, Math.floor((Number(v) + zone.offsetAt(Number(v))) / iv) * iv));
      } else {
        const unit = CALENDAR[String(s.calendar_interval)];
        if (!unit) throw illegalArgument(`The supplied interval [${String(s.calendar_interval)}] could not be parsed as a calendar interval.`);
        keyOf = (v) => roundDown(Number(v), unit, zone);
      }
      return { ...common, keyOf, render: (k) => (format && typeof k === 'number' ? formatDate(k, format, zone) : k) };
    }
    throw parsingException(`[composite] source type [${type}] is not supported (terms, histogram, date_histogram)`);
  });
}

/** Values of a doc for a source (empty when missing). */
function valuesOf(slice: Slice, field: string, doc: number): Array<number | string> {
  const col = slice.index.columns.get(field);
  if (col instanceof KeywordColumn) return col.all(doc) as string[];
  if (col instanceof NumericColumn) return col.all(doc) as number[];
  return [];
}

const compareKey = (a: Key, b: Key, desc: boolean): number => {
  if (a === b) return 0;
  if (a === null) return -1; // missing buckets sort first, as in Elasticsearch
  if (b === null) return 1;
  return (a < b ? -1 : 1) * (desc ? -1 : 1);
};

const composite: AggHandler = (spec, slices, ctx, subs) => {
  const sources = readSources(spec);
  for (const s of slices) for (const src of sources) fieldDef(s.index, src.field);
  const size = spec.size === undefined ? 10 : Number(spec.size);
  if (!(size >= 1)) throw illegalArgument(`[size] must be greater than 0. Found [${String(spec.size)}] in [composite]`);
  const groups = new Map<string, { key: Key[]; count: number }>();
  const keysOfDoc = (slice: Slice, doc: number): Key[][] => {
    let combos: Key[][] = [[]];
    for (const src of sources) {
      const raw = valuesOf(slice, src.field, doc);
      const keys = raw.length ? [...new Set(raw.map(src.keyOf))] : src.missingBucket ? [null] : [];
      if (!keys.length) return [];
      combos = combos.flatMap((c) => keys.map((k) => [...c, k]));
    }
    return combos;
  };
  for (const slice of slices) {
    for (const doc of slice.docs) {
      for (const key of keysOfDoc(slice, doc)) {
        const id = JSON.stringify(key);
        const g = groups.get(id);
        if (g) g.count++;
        else groups.set(id, { key, count: 1 });
      }
    }
  }
  const cmp = (a: Key[], b: Key[]) => {
    for (let i = 0; i < sources.length; i++) {
      const c = compareKey(a[i], b[i], sources[i].desc);
      if (c) return c;
    }
    return 0;
  };
  let after: Key[] | undefined;
  if (spec.after !== undefined) {
    if (!isObj(spec.after)) throw parsingException('[after] must be an object');
    after = sources.map((src) => {
      const v = (spec.after as Json)[src.name];
      if (v === undefined) throw illegalArgument(`[after] has no value for source [${src.name}]`);
      return v as Key;
    });
  }
  const page = [...groups.values()].filter((g) => !after || cmp(g.key, after) > 0).sort((a, b) => cmp(a.key, b.key)).slice(0, size);
  countBuckets(ctx, page.length);
  const index = new Map(page.map((g, i) => [JSON.stringify(g.key), i]));
  const parts = subs ? partition(slices, page.length, (doc, slice, emit) => {
    for (const key of keysOfDoc(slice, doc)) {
      const i = index.get(JSON.stringify(key));
      if (i !== undefined) emit(i);
    }
  }) : [];
  const keyObject = (key: Key[]): Json => Object.fromEntries(sources.map((src, i) => [src.name, src.render(key[i])]));
  const out: Json = {};
  if (page.length) out.after_key = keyObject(page[page.length - 1].key);
  out.buckets = page.map((g, i) => ({ key: keyObject(g.key), doc_count: g.count, ...(subs ? subAggs(subs, parts[i], ctx) : {}) }));
  return out;
};

registerAggs({ composite });
