/**
 * The Parquet writers compared for the lake (issue 8): each encodes the same rows to a Parquet
 * file's bytes. Used only by bench/functions.bench.ts; the lake itself uses the winner
 * (functions/shared/parquet.ts).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A flat row of the benchmark (taxi-like). */
export interface BenchRow {
  event_id: string;
  event_time: Date;
  comfort: string;
  taxi_lat: number;
  taxi_lon: number;
  client_lat: number;
  client_lon: number;
  distance_km: number;
  price: number;
  passengers: number;
}

/** Deterministic rows (LCG) so every writer sees the same bytes. */
export function benchRows(n: number): BenchRow[] {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const comforts = ['low', 'medium', 'high'];
  const t0 = Date.UTC(2026, 10, 22);
  return Array.from({ length: n }, (_, i) => ({
    event_id: `ev-${i.toString(36)}-${Math.floor(rnd() * 1e9).toString(36)}`,
    event_time: new Date(t0 + i * 137),
    comfort: comforts[i % 3],
    taxi_lat: 40.7 + rnd() * 0.1,
    taxi_lon: -74 + rnd() * 0.1,
    client_lat: 40.7 + rnd() * 0.1,
    client_lon: -74 + rnd() * 0.1,
    distance_km: rnd() * 12,
    price: 3 + rnd() * 40,
    passengers: 1 + Math.floor(rnd() * 4),
  }));
}

/** One Parquet writer under test. */
export interface WriterUnderTest {
  readonly name: string;
  readonly compression: string;
  encode(rows: BenchRow[]): Promise<Uint8Array>;
}

const COLUMNS: Array<[keyof BenchRow, string]> = [
  ['event_id', 'VARCHAR'],
  ['event_time', 'TIMESTAMPTZ'],
  ['comfort', 'VARCHAR'],
  ['taxi_lat', 'DOUBLE'],
  ['taxi_lon', 'DOUBLE'],
  ['client_lat', 'DOUBLE'],
  ['client_lon', 'DOUBLE'],
  ['distance_km', 'DOUBLE'],
  ['price', 'DOUBLE'],
  ['passengers', 'BIGINT'],
];

/** parquetjs-lite, the writer on the design card. */
export const parquetjsLite: WriterUnderTest = {
  name: 'parquetjs-lite',
  compression: 'SNAPPY',
  async encode(rows) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parquet = require('parquetjs-lite');
    const schema = new parquet.ParquetSchema({
      event_id: { type: 'UTF8', compression: 'SNAPPY' },
      event_time: { type: 'TIMESTAMP_MILLIS', compression: 'SNAPPY' },
      comfort: { type: 'UTF8', compression: 'SNAPPY' },
      taxi_lat: { type: 'DOUBLE', compression: 'SNAPPY' },
      taxi_lon: { type: 'DOUBLE', compression: 'SNAPPY' },
      client_lat: { type: 'DOUBLE', compression: 'SNAPPY' },
      client_lon: { type: 'DOUBLE', compression: 'SNAPPY' },
      distance_km: { type: 'DOUBLE', compression: 'SNAPPY' },
      price: { type: 'DOUBLE', compression: 'SNAPPY' },
      passengers: { type: 'INT64', compression: 'SNAPPY' },
    });
    const dir = mkdtempSync(join(tmpdir(), 'pq-'));
    const file = join(dir, 'out.parquet');
    const writer = await parquet.ParquetWriter.openFile(schema, file);
    for (const r of rows) await writer.appendRow(r);
    await writer.close();
    const bytes = readFileSync(file);
    rmSync(dir, { recursive: true, force: true });
    return bytes;
  },
};

/** hyparquet-writer (pure JS, snappy). */
export const hyparquetWriter: WriterUnderTest = {
  name: 'hyparquet-writer',
  compression: 'SNAPPY',
  async encode(rows) {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const col = <K extends keyof BenchRow>(k: K) => rows.map((r) => r[k]);
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'event_id', data: col('event_id'), type: 'STRING' },
        { name: 'event_time', data: col('event_time'), type: 'TIMESTAMP' },
        { name: 'comfort', data: col('comfort'), type: 'STRING' },
        { name: 'taxi_lat', data: col('taxi_lat'), type: 'DOUBLE' },
        { name: 'taxi_lon', data: col('taxi_lon'), type: 'DOUBLE' },
        { name: 'client_lat', data: col('client_lat'), type: 'DOUBLE' },
        { name: 'client_lon', data: col('client_lon'), type: 'DOUBLE' },
        { name: 'distance_km', data: col('distance_km'), type: 'DOUBLE' },
        { name: 'price', data: col('price'), type: 'DOUBLE' },
        { name: 'passengers', data: col('passengers').map(BigInt), type: 'INT64' },
      ],
    });
    return new Uint8Array(buf);
  },
};

/** DuckDB: rows as NDJSON → read_json with the declared types → COPY TO parquet (zstd). */
export function duckdbNdjson(): WriterUnderTest & { close(): void } {
  let instance: Promise<DuckDBInstance> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pq-duck-'));
  let n = 0;
  return {
    name: 'duckdb read_json + COPY',
    compression: 'ZSTD',
    async encode(rows) {
      instance ??= DuckDBInstance.create(':memory:');
      const conn = await (await instance).connect();
      const src = join(dir, `in-${n}.ndjson`);
      const out = join(dir, `out-${n++}.parquet`);
      writeFileSync(src, rows.map((r) => JSON.stringify(r)).join('\n'));
      const cols = COLUMNS.map(([k, t]) => `'${k}': '${t}'`).join(', ');
      await conn.run(
        `COPY (SELECT * FROM read_json('${src}', format='newline_delimited', columns={${cols}})) TO '${out}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      conn.closeSync();
      const bytes = readFileSync(out);
      rmSync(src);
      rmSync(out);
      return bytes;
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** DuckDB appender into a temp table → COPY TO parquet (zstd). */
export function duckdbAppender(): WriterUnderTest & { close(): void } {
  let instance: Promise<DuckDBInstance> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pq-app-'));
  let n = 0;
  return {
    name: 'duckdb appender + COPY',
    compression: 'ZSTD',
    async encode(rows) {
      const { timestampTZValue } = await import('@duckdb/node-api');
      instance ??= DuckDBInstance.create(':memory:');
      const conn = await (await instance).connect();
      const table = `t${n}`;
      const out = join(dir, `out-${n++}.parquet`);
      await conn.run(`CREATE TABLE ${table} (${COLUMNS.map(([k, t]) => `${k} ${t}`).join(', ')})`);
      const app = await conn.createAppender(table);
      for (const r of rows) {
        app.appendVarchar(r.event_id);
        app.appendTimestampTZ(timestampTZValue(BigInt(r.event_time.getTime()) * 1000n));
        app.appendVarchar(r.comfort);
        app.appendDouble(r.taxi_lat);
        app.appendDouble(r.taxi_lon);
        app.appendDouble(r.client_lat);
        app.appendDouble(r.client_lon);
        app.appendDouble(r.distance_km);
        app.appendDouble(r.price);
        app.appendBigInt(BigInt(r.passengers));
        app.endRow();
      }
      app.closeSync();
      await conn.run(`COPY ${table} TO '${out}' (FORMAT parquet, COMPRESSION zstd)`);
      await conn.run(`DROP TABLE ${table}`);
      conn.closeSync();
      const bytes = readFileSync(out);
      rmSync(out);
      return bytes;
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
