/**
 * The API's read path to BigQuery, behind one small interface. Every query is a fixed text
 * whose identifiers come from the pipeline definitions, with every caller-supplied value bound
 * as a named query parameter: nothing a caller sends is ever spliced into SQL.
 */
import type { BigQuery } from '@google-cloud/bigquery';

/** Runs a parameterized GoogleSQL query and returns plain JSON rows. */
export interface Warehouse {
  query(sql: string, params: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>[]>;
}

/** BigQuery's wrapper objects (BigQueryTimestamp, BigQueryDate, Big numerics...) → their JSON value. */
export function plainValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : v;
  if (Array.isArray(v)) return v.map(plainValue);
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  const ctor = (v as object).constructor?.name;
  if (ctor && ctor !== 'Object' && 'value' in (v as Record<string, unknown>)) return plainValue((v as { value: unknown }).value);
  if (ctor === 'Big') return String(v);
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plainValue(x)]));
}

/** A {@link Warehouse} over the official client. */
export function bigqueryWarehouse(bq: BigQuery, location?: string): Warehouse {
  return {
    async query(sql, params) {
      const [rows] = await bq.query({ query: sql, params: { ...params }, location, useLegacySql: false });
      return (rows as Record<string, unknown>[]).map((r) => plainValue(r) as Record<string, unknown>);
    },
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Backquotes an identifier that came from a definition, refusing anything that is not a plain name. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`"${name}" is not a plain identifier; pipeline ids, fields, KPIs and models must match ${IDENT}`);
  return `\`${name}\``;
}
