/**
 * Types both ways: a BigQuery table schema ↔ DuckDB column types, and DuckDB result values →
 * BigQuery's REST row format (`{ f: [{ v }] }`, scalars as strings, REPEATED as `[{ v }]`, RECORD
 * as `{ f: [...] }`). TIMESTAMP maps to TIMESTAMPTZ (UTC), DATETIME to TIMESTAMP.
 */
import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBArrayValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
  DuckDBTypeId,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { invalid } from './errors';

/** A BigQuery schema field (TableFieldSchema). */
export interface Field {
  name: string;
  type: string;
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  fields?: Field[];
  description?: string;
}

/** Quotes a DuckDB identifier. */
export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Quotes a SQL string literal. */
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** DuckDB type of one BigQuery field (REPEATED becomes a list). */
export function duckTypeOf(field: Field): string {
  const base = scalarDuckType(field);
  return field.mode === 'REPEATED' ? `${base}[]` : base;
}

function scalarDuckType(field: Field): string {
  switch (field.type.toUpperCase()) {
    case 'STRING':
    case 'GEOGRAPHY':
      return 'VARCHAR';
    case 'JSON':
      return 'JSON';
    case 'BYTES':
      return 'BLOB';
    case 'INTEGER':
    case 'INT64':
      return 'BIGINT';
    case 'FLOAT':
    case 'FLOAT64':
      return 'DOUBLE';
    case 'NUMERIC':
      return 'DECIMAL(38,9)';
    case 'BIGNUMERIC':
      return 'DECIMAL(38,18)';
    case 'BOOLEAN':
    case 'BOOL':
      return 'BOOLEAN';
    case 'TIMESTAMP':
      return 'TIMESTAMPTZ';
    case 'DATETIME':
      return 'TIMESTAMP';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      return 'TIME';
    case 'INTERVAL':
      return 'INTERVAL';
    case 'RECORD':
    case 'STRUCT':
      if (!field.fields?.length) throw invalid(`Field ${field.name} is type RECORD but has no schema`);
      return `STRUCT(${field.fields.map((f) => `${q(f.name)} ${duckTypeOf(f)}`).join(', ')})`;
    default:
      throw invalid(`Invalid value for type: ${field.type} is not a valid value (field ${field.name})`);
  }
}

/** The BigQuery field for a DuckDB result column. */
export function fieldOf(name: string, type: DuckDBType): Field {
  if (type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY) {
    const inner = fieldOf(name, (type as { valueType: DuckDBType }).valueType);
    return { ...inner, mode: 'REPEATED' };
  }
  if (type.typeId === DuckDBTypeId.STRUCT) {
    const st = type as unknown as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
    return { name, type: 'RECORD', mode: 'NULLABLE', fields: st.entryNames.map((n, i) => fieldOf(n, st.entryTypes[i])) };
  }
  return { name, type: scalarBqType(type), mode: 'NULLABLE' };
}

function scalarBqType(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'BOOLEAN';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'INTEGER';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return 'FLOAT';
    case DuckDBTypeId.DECIMAL:
      return (type as unknown as { scale: number }).scale > 9 ? 'BIGNUMERIC' : 'NUMERIC';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'TIMESTAMP';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'DATETIME';
    case DuckDBTypeId.DATE:
      return 'DATE';
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
      return 'TIME';
    case DuckDBTypeId.INTERVAL:
      return 'INTERVAL';
    case DuckDBTypeId.BLOB:
      return 'BYTES';
    default:
      return type.toString() === 'JSON' ? 'JSON' : 'STRING';
  }
}

/** How TIMESTAMP cells are written (BigQuery's `formatOptions`). */
export type TimestampFormat = 'int64' | 'float' | 'iso';

/** A cell in BigQuery's REST form. */
export type Cell = { v: CellValue };
type CellValue = string | null | Cell[] | { f: Cell[] };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function isoMicros(micros: bigint): string {
  const ms = Number(micros / 1000n);
  const frac = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return frac === 0n ? base : `${base}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}

function timestampCell(micros: bigint, format: TimestampFormat): string {
  if (format === 'int64') return micros.toString();
  if (format === 'iso') return `${isoMicros(micros)}Z`;
  return (Number(micros) / 1e6).toExponential().replace('e+', 'E').replace('e', 'E');
}

function floatCell(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** One DuckDB value as a BigQuery cell value (REPEATED and RECORD nest). */
export function cellValue(value: DuckDBValue, format: TimestampFormat): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return floatCell(value);
  if (typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  if (value instanceof DuckDBTimestampTZValue) return timestampCell(value.micros, format);
  if (value instanceof DuckDBTimestampValue) return isoMicros(value.micros);
  if (value instanceof DuckDBDateValue || value instanceof DuckDBTimeValue) return value.toString();
  if (value instanceof DuckDBDecimalValue) return value.toString();
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('base64');
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map((v) => ({ v: cellValue(v, format) }));
  if (value instanceof DuckDBStructValue) return { f: Object.values(value.entries).map((v) => ({ v: cellValue(v, format) })) };
  return String(value);
}

/** A result row in REST form. */
export const rowOf = (values: readonly DuckDBValue[], format: TimestampFormat): { f: Cell[] } => ({
  f: values.map((v) => ({ v: cellValue(v, format) })),
});

/** The timestamp format asked for by `formatOptions` (body) or `formatOptions.*` (query string). */
export function timestampFormat(opts: { useInt64Timestamp?: unknown; timestampOutputFormat?: unknown } | undefined): TimestampFormat {
  const fmt = opts?.timestampOutputFormat;
  if (fmt === 'ISO8601_STRING') return 'iso';
  if (fmt === 'INT64') return 'int64';
  const i = opts?.useInt64Timestamp;
  if (i === true || i === 'true') return 'int64';
  if (fmt === 'FLOAT64') return 'float';
  return 'float';
}
