/**
 * Functions benchmark (issue 8). Today: the Parquet writers compared on the same 200k taxi-like
 * rows, each as rows/s and as a ratio to parquetjs-lite (the writer on the design card), plus
 * the lake's own encoder (functions/shared/parquet.ts). Throughput of the function handlers is
 * added as they land.
 */
import { ParquetEncoder, type LakeColumn } from '../functions/shared/parquet';
import { benchRows, duckdbAppender, duckdbNdjson, hyparquetWriter, parquetjsLite, type BenchRow, type WriterUnderTest } from './parquet/writers';

const ROWS = 200_000;

async function measure(w: WriterUnderTest, rows: BenchRow[]) {
  await w.encode(rows.slice(0, 2_000)); // warm-up: JIT, lazy module loads, DuckDB start
  const t = performance.now();
  const bytes = await w.encode(rows);
  const seconds = (performance.now() - t) / 1000;
  return { writer: w.name, compression: w.compression, rowsPerSecond: Math.round(rows.length / seconds), fileBytes: bytes.byteLength };
}

const lakeColumns: LakeColumn[] = [
  { name: 'event_id', type: 'STRING' },
  { name: 'event_time', type: 'TIMESTAMP' },
  { name: 'comfort', type: 'STRING' },
  { name: 'taxi_lat', type: 'DOUBLE' },
  { name: 'taxi_lon', type: 'DOUBLE' },
  { name: 'client_lat', type: 'DOUBLE' },
  { name: 'client_lon', type: 'DOUBLE' },
  { name: 'distance_km', type: 'DOUBLE' },
  { name: 'price', type: 'DOUBLE' },
  { name: 'passengers', type: 'INT64' },
];

export default async function functionsBench(): Promise<Record<string, unknown>> {
  const rows = benchRows(ROWS);
  const appender = duckdbAppender();
  const ndjson = duckdbNdjson();
  const encoder = new ParquetEncoder(lakeColumns);
  const lake: WriterUnderTest = { name: 'functions/shared/parquet ParquetEncoder', compression: 'ZSTD', encode: (r) => encoder.encode(r as unknown as Record<string, unknown>[]) };
  try {
    const results = [];
    for (const w of [parquetjsLite, hyparquetWriter, appender, ndjson, lake]) results.push(await measure(w, rows));
    const baseline = results[0].rowsPerSecond;
    return {
      parquetWriters: {
        rows: ROWS,
        baseline: parquetjsLite.name,
        results: results.map((r) => ({ ...r, ratioToBaseline: Number((r.rowsPerSecond / baseline).toFixed(2)) })),
      },
    };
  } finally {
    appender.close();
    ndjson.close();
    encoder.close();
  }
}
