/**
 * Sorting hits: `_score`, `_doc`, and fields (numbers, dates, booleans, keywords) with
 * `order`, `missing` (`_last` by default) and `unmapped_type`; the `sort` values hits carry, and
 * `search_after` comparisons over them.
 */
import { illegalArgument, parsingException, EsError } from '../errors';
import { KeywordColumn, NumericColumn, TextColumn } from '../store/columns';
import type { EsIndex } from '../store/es-index';
import { parseDate } from '../store/dates';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One sort clause. */
export interface SortClause {
  readonly field: string;
  readonly desc: boolean;
  readonly missing: '_last' | '_first' | number | string;
  readonly mode?: string;
  readonly unmappedType?: string;
  readonly format?: string;
}

/** Reads `sort` from the body (array, object or string) or the `sort=a:desc,b` URL parameter. */
export function parseSort(spec: unknown, url?: string): SortClause[] {
  const items: unknown[] = url !== undefined ? url.split(',').filter(Boolean) : spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
  return items.map((item) => {
    if (typeof item === 'string') {
      const [field, order] = item.split(':');
      return { field, desc: order === undefined ? field === '_score' : order === 'desc', missing: '_last' as const };
    }
    if (!isObj(item) || Object.keys(item).length !== 1) throw parsingException('malformed sort format, within the sort array, an object, or an actual string are allowed');
    const [field, opts] = Object.entries(item)[0];
    if (typeof opts === 'string') return { field, desc: opts === 'desc', missing: '_last' as const };
    if (!isObj(opts)) throw parsingException(`malformed sort for [${field}]`);
    for (const k of Object.keys(opts)) {
      if (!['order', 'missing', 'mode', 'unmapped_type', 'format', 'numeric_type'].includes(k)) throw parsingException(`[field_sort] unknown field [${k}]`);
    }
    if (opts.order !== undefined && opts.order !== 'asc' && opts.order !== 'desc') throw illegalArgument(`Unknown SortOrder [${opts.order}]`);
    return {
      field,
      desc: opts.order === undefined ? field === '_score' : opts.order === 'desc',
      missing: (opts.missing as SortClause['missing']) ?? '_last',
      mode: opts.mode as string | undefined,
      unmappedType: opts.unmapped_type as string | undefined,
      format: opts.format as string | undefined,
    };
  });
}

/** A sort key value: number, string, or null for missing. */
export type SortValue = number | string | null;

/** Reads the sort values of one doc: all of them, or just the first clause's (cheaper). */
export interface KeyReader {
  all(doc: number, score: number, seg: number): SortValue[];
  primary(doc: number, score: number, seg: number): SortValue;
}

/** Checks fields are sortable in at least one index and builds a key reader per index. */
export function keyReaders(clauses: readonly SortClause[], indices: readonly EsIndex[]): Array<KeyReader> {
  for (const c of clauses) {
    if (c.field === '_score' || c.field === '_doc' || c.field === '_shard_doc') continue;
    const defs = indices.map((i) => i.mapping.fields.get(c.field)).filter((d) => d !== undefined);
    if (defs.some((d) => d!.type === 'text')) {
      throw illegalArgument(`Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${c.field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`);
    }
    if (defs.length === 0 && !c.unmappedType && indices.length > 0 && c.field !== '_id') {
      throw new EsError({ status: 400, type: 'query_shard_exception', reason: `No mapping found for [${c.field}] in order to sort on`, details: { index: indices[0].name } });
    }
  }
  return indices.map((index) => {
    const readers = clauses.map((c): ((doc: number, score: number, seg: number) => SortValue) => {
      if (c.field === '_score') return (_d, s) => s;
      if (c.field === '_doc' || c.field === '_shard_doc') return (d, _s, seg) => seg * 2 ** 32 + d;
      if (c.field === '_id') return (d) => index.ids[d];
      const col = index.columns.get(c.field);
      if (col instanceof NumericColumn) {
        const pickMax = c.mode === 'max' || (c.mode === undefined && c.desc);
        return (d) => {
          if (!col.has(d)) return null;
          const all = col.multi?.get(d);
          if (!all) return col.values[d];
          if (c.mode === 'sum') return all.reduce((a, b) => a + b, 0);
          if (c.mode === 'avg') return all.reduce((a, b) => a + b, 0) / all.length;
          return pickMax ? all[all.length - 1] : all[0];
        };
      }
      if (col instanceof KeywordColumn) {
        return (d) => {
          const all = col.all(d);
          if (!all.length) return null;
          return c.desc ? all[all.length - 1] : all[0];
        };
      }
      if (col instanceof TextColumn) return () => null;
      return () => null;
    });
    return { all: (doc: number, score: number, seg: number) => readers.map((r) => r(doc, score, seg)), primary: readers[0] };
  });
}

/** Compares one sort value under its clause (missing values last unless told otherwise). */
export function compareOne(c: SortClause, a: SortValue, b: SortValue): number {
  let x = a;
  let y = b;
  if (x === y) return 0;
  if (x === null || y === null) {
    if (typeof c.missing === 'number' || (typeof c.missing === 'string' && c.missing !== '_last' && c.missing !== '_first')) {
      x = x ?? (c.missing as SortValue);
      y = y ?? (c.missing as SortValue);
      if (x === y) return 0;
    } else {
      const first = c.missing === '_first';
      if (x === null) return first ? -1 : 1;
      return first ? 1 : -1;
    }
  }
  const cmp = (x as number | string) < (y as number | string) ? -1 : 1;
  return c.desc ? -cmp : cmp;
}

/** Compares two key tuples under the clauses. */
export function compareKeys(clauses: readonly SortClause[], a: readonly SortValue[], b: readonly SortValue[]): number {
  for (let i = 0; i < clauses.length; i++) {
    const c = compareOne(clauses[i], a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Normalizes `search_after` values to the key representation (dates given as strings become epoch ms). */
export function normalizeAfter(after: unknown, clauses: readonly SortClause[], indices: readonly EsIndex[]): SortValue[] {
  if (!Array.isArray(after)) throw parsingException('[search_after] must be an array');
  if (after.length !== clauses.length) {
    throw illegalArgument(`search_after has ${after.length} value(s) but sort has ${clauses.length}.`);
  }
  return after.map((v, i) => {
    if (v === null) return null;
    const def = indices.map((ix) => ix.mapping.fields.get(clauses[i].field)).find(Boolean);
    if (def?.type === 'date' && typeof v === 'string' && !/^-?\d+$/.test(v)) return parseDate(v, def.format);
    if (def && def.type !== 'keyword' && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    if (def?.type === 'boolean' && typeof v === 'boolean') return v ? 1 : 0;
    return v as SortValue;
  });
}
