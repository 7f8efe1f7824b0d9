/**
 * Parquet encoding for the lake. DuckDB's appender fills a staging table and `COPY … TO`
 * writes the file: in bench/functions.bench.ts it beat hyparquet-writer and parquetjs-lite on
 * the same rows (see bench/results/functions.json), and its files are smaller (zstd).
 *
 * Files follow ARCHITECTURE §2: timestamps are INT64 TIMESTAMP(MICROS, UTC-adjusted), never
 * nanoseconds or INT96, so BigQuery, DuckDB and Spark read them as written.
 */
import { DuckDBInstance, dateValue, timestampTZValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A column type of a lake file. Nested types (struct, list) carry their children. */
export type LakeType =
  | 'STRING'
  | 'INT64'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'TIMESTAMP'
  | 'DATE'
  | 'JSON'
  | { readonly struct: readonly LakeColumn[] }
  | { readonly list: LakeType };

/** A named column. */
export interface LakeColumn {
  readonly name: string;
  readonly type: LakeType;
}

/** A value that does not fit its column: names the column, the value and the expected type. */
export class LakeValueError extends Error {
  constructor(
    readonly column: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`column ${column}: ${JSON.stringify(value)?.slice(0, 80)} is not a valid ${expected}`);
    this.name = 'LakeValueError';
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** DuckDB type of a lake type (TIMESTAMP → TIMESTAMPTZ, which Parquet stores UTC-adjusted). */
export function duckType(t: LakeType): string {
  if (typeof t === 'object') {
    if ('struct' in t) return `STRUCT(${t.struct.map((c) => `${quote(c.name)} ${duckType(c.type)}`).join(', ')})`;
    return `${duckType(t.list)}[]`;
  }
  switch (t) {
    case 'STRING':
    case 'JSON':
      return 'VARCHAR';
    case 'INT64':
      return 'BIGINT';
    case 'DOUBLE':
      return 'DOUBLE';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'TIMESTAMP':
      return 'TIMESTAMPTZ';
    case 'DATE':
      return 'DATE';
  }
}

const isNested = (t: LakeType) => typeof t === 'object';
const DAY_MS = 86_400_000;

function toMillis(column: string, v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new LakeValueError(column, v, 'timestamp');
  return ms;
}

/** Appends one value of a scalar column; nested columns travel as JSON text and are cast in COPY. */
function append(app: DuckDBAppender, col: LakeColumn, v: unknown): void {
  if (v === undefined || v === null) return app.appendNull();
  if (isNested(col.type)) return app.appendVarchar(JSON.stringify(v));
  switch (col.type) {
    case 'STRING':
      return app.appendVarchar(typeof v === 'string' ? v : String(v));
    case 'JSON':
      return app.appendVarchar(JSON.stringify(v));
    case 'INT64': {
      if (typeof v === 'bigint') return app.appendBigInt(v);
      const n = Number(v);
      if (!Number.isInteger(n)) throw new LakeValueError(col.name, v, 'INT64');
      return app.appendBigInt(BigInt(n));
    }
    case 'DOUBLE': {
      const n = Number(v);
      if (typeof v === 'boolean' || Number.isNaN(n)) throw new LakeValueError(col.name, v, 'DOUBLE');
      return app.appendDouble(n);
    }
    case 'BOOLEAN':
      if (typeof v !== 'boolean') throw new LakeValueError(col.name, v, 'BOOLEAN');
      return app.appendBoolean(v);
    case 'TIMESTAMP':
      return app.appendTimestampTZ(timestampTZValue(BigInt(Math.round(toMillis(col.name, v) * 1000))));
    case 'DATE':
      return app.appendDate(dateValue(Math.floor(toMillis(col.name, v) / DAY_MS)));
  }
}

/** Options of {@link ParquetEncoder}. */
export interface ParquetEncoderOptions {
  /** Parquet compression codec. @default 'zstd' */
  readonly compression?: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
  /** Rows per row group. @default 122880 (DuckDB's default) */
  readonly rowGroupSize?: number;
}

/**
 * Encodes batches of rows to Parquet bytes with a fixed column list. One encoder holds one
 * in-memory DuckDB database; call {@link close} when done. Not safe for concurrent `encode`
 * calls on the same instance (drains encode one batch at a time).
 */
export class ParquetEncoder {
  private db?: Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }>;
  private readonly dir = mkdtempSync(join(tmpdir(), 'tributary-parquet-'));
  private seq = 0;

  constructor(
    readonly columns: readonly LakeColumn[],
    private readonly options: ParquetEncoderOptions = {},
  ) {
    if (columns.length === 0) throw new RangeError('a Parquet file needs at least one column');
  }

  /** Encodes `rows` (objects keyed by column name; missing keys are NULL) into one Parquet file's bytes. */
  async encode(rows: readonly Record<string, unknown>[]): Promise<Uint8Array> {
    const { conn } = await (this.db ??= this.open());
    const table = `batch_${this.seq++}`;
    const staging = this.columns.map((c) => `${quote(c.name)} ${isNested(c.type) ? 'VARCHAR' : duckType(c.type)}`).join(', ');
    await conn.run(`CREATE TEMP TABLE ${table} (${staging})`);
    const out = join(this.dir, `${table}.parquet`);
    try {
      const app = await conn.createAppender(table);
      try {
        for (const row of rows) {
          for (const col of this.columns) append(app, col, row[col.name]);
          app.endRow();
        }
        app.flushSync();
      } finally {
        app.closeSync();
      }
      const select = this.columns
        .map((c) => (isNested(c.type) ? `CAST(CAST(${quote(c.name)} AS JSON) AS ${duckType(c.type)}) AS ${quote(c.name)}` : quote(c.name)))
        .join(', ');
      const codec = this.options.compression ?? 'zstd';
      const rowGroup = this.options.rowGroupSize ? `, ROW_GROUP_SIZE ${this.options.rowGroupSize}` : '';
      await conn.run(`COPY (SELECT ${select} FROM ${table}) TO '${out}' (FORMAT parquet, COMPRESSION ${codec}${rowGroup})`);
      return readFileSync(out);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
      rmSync(out, { force: true });
    }
  }

  /** Releases the database and the scratch directory. */
  close(): void {
    const db = this.db;
    this.db = undefined;
    void db?.then(({ conn, instance }) => {
      conn.closeSync();
      instance.closeSync();
    });
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async open() {
    // TimeZone UTC so TIMESTAMPTZ values never pick up the host's zone.
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const conn = await instance.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    return { instance, conn };
  }
}
