/**
 * Functions benchmark (issue 8): the Parquet writers compared on the same 200k taxi-like rows,
 * each as rows/s and as a ratio to parquetjs-lite (the writer on the design card), plus the
 * lake's own encoder (functions/shared/parquet.ts); and the handlers on 20k generated taxi
 * events: enrich events/s through its handler, drainLake rows/s
 * into the GCS emulator, drainIndex docs/s into the Elasticsearch emulator, each with
 * enrich's bare `processRaw` rate measured in the same run as its baseline. The machine is a
 * shared 2-core box with other jobs running: compare ratios, not absolute figures.
 */
import { ParquetEncoder, type LakeColumn } from '../functions/shared/parquet';
import { loadavg } from 'node:os';
import { Client } from '@elastic/elasticsearch';
import { Storage } from '@google-cloud/storage';
import { startElasticsearch } from '../emulators/elasticsearch';
import { startGcs } from '../emulators/gcs';
import { drainIndex } from '../functions/drain-index/drain-index';
import { drainLake } from '../functions/drain-lake/drain-lake';
import { gcsStore } from '../functions/drain-lake/gcs-store';
import { enrichHandler } from '../functions/enrich/enrich';
import { FakeSubscription } from '../functions/shared/fake-subscription.test-helpers';
import type { Publisher } from '../functions/shared/publisher';
import { processRaw } from '../pipelines/core/process';
import { getGenerator } from '../pipelines/generators/index';
import { getPipeline } from '../pipelines/index';
import { toElasticsearchMapping, toParquetSchema } from '../schemas/derive';
import { benchRows, duckdbAppender, duckdbNdjson, hyparquetWriter, parquetjsLite, type BenchRow, type WriterUnderTest } from './parquet/writers';

const ROWS = 200_000;
const HANDLER_EVENTS = 20_000;

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

// ---- handlers: sources are in-memory subscriptions, so figures are the functions' own cost plus their sink
const taxi = getPipeline('taxi');

/** `n` taxi raw payloads from the generator, and their enriched messages. */
function taxiEvents(n: number): { raw: Buffer[]; enriched: { data: Buffer; eventId: string }[] } {
  const raw = [...getGenerator('taxi').generate({ count: n, seed: 7 })].map((s) => Buffer.from(JSON.stringify(s.event)));
  const ctx = { now: new Date('2025-01-06T12:00:00Z'), state: new Map() };
  const enriched = raw.flatMap((b) => {
    const r = processRaw(taxi, b, ctx);
    return r.kind === 'ok' ? [{ data: Buffer.from(JSON.stringify(r.enriched)), eventId: r.event_id }] : [];
  });
  return { raw, enriched };
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** Events per second through the enrich handler (decode, processRaw, publish to a no-op publisher). */
async function benchEnrich(raw: Buffer[]): Promise<Record<string, number>> {
  const counting: Publisher = { publish: async (_t, m) => m.map(() => '') };
  const handler = enrichHandler({ process: (b, c) => processRaw(taxi, b, c), publisher: counting, enrichedTopic: 'taxi-enriched', quarantineTopic: 'taxi-quarantine' });
  const events = raw.map((b, i) => ({ message: { data: b.toString('base64'), messageId: String(i), attributes: {} } }));
  for (const e of events.slice(0, 1000)) await handler(e); // warm-up
  const t = performance.now();
  for (const e of events) await handler(e);
  const ms = performance.now() - t;
  return { events: events.length, eventsPerSecond: rate(events.length, ms) };
}

/** Rows per second drained into the lake (silver, taxi columns, zstd Parquet) in the GCS emulator. */
async function benchDrainLake(enriched: { data: Buffer; eventId: string }[]): Promise<Record<string, number>> {
  const gcs = await startGcs({ port: 0 });
  try {
    const [bucket] = await new Storage({ apiEndpoint: gcs.url, projectId: 'bench' }).createBucket('bench-lake');
    const subs = { bronze: new FakeSubscription(1000), silver: new FakeSubscription(1000), quarantine: new FakeSubscription(1000) };
    for (const e of enriched) subs.silver.push(e.data.toString(), { event_id: e.eventId });
    const t = performance.now();
    const s = await drainLake({
      pipeline: 'taxi',
      silverColumns: toParquetSchema(taxi.enrichedSchema),
      partitionKeys: [...taxi.partitionKeys],
      timeField: taxi.timeField,
      policy: { count: 10_000, bytes: 64 << 20, ageMs: 60_000 },
      budgetMs: 120_000,
      idlePulls: 1,
      sources: subs,
      store: gcsStore(bucket),
    });
    const ms = performance.now() - t;
    return { rows: s.silver.written, files: s.silver.counters.files ?? 0, bytes: s.silver.counters.bytes ?? 0, rowsPerSecond: rate(s.silver.written, ms) };
  } finally {
    await gcs.close();
  }
}

/** Documents per second drained into the Elasticsearch emulator through `_bulk`. */
async function benchDrainIndex(enriched: { data: Buffer; eventId: string }[]): Promise<Record<string, number>> {
  const es = await startElasticsearch({ port: 0 });
  const client = new Client({ node: es.url, maxRetries: 0 });
  try {
    const sub = new FakeSubscription(1000);
    for (const e of enriched) sub.push(e.data.toString(), { event_id: e.eventId });
    const t = performance.now();
    const s = await drainIndex({
      client,
      pipeline: taxi,
      mappings: toElasticsearchMapping(taxi.enrichedSchema),
      source: sub,
      publisher: { publish: async (_t, m) => m.map(() => '') },
      policy: { count: 2_000, bytes: 16 << 20, ageMs: 60_000 },
      budgetMs: 120_000,
      idlePulls: 1,
    });
    const ms = performance.now() - t;
    return { docs: s.counters.indexed ?? 0, docsPerSecond: rate(s.counters.indexed ?? 0, ms) };
  } finally {
    await client.close();
    await es.close();
  }
}

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
    const { raw, enriched } = taxiEvents(HANDLER_EVENTS);
    const enrich = await benchEnrich(raw);
    const drainLakeResult = await benchDrainLake(enriched);
    const drainIndexResult = await benchDrainIndex(enriched);
    return {
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      handlers: {
        events: HANDLER_EVENTS,
        enrich,
        drainLake: { ...drainLakeResult, ratioToEnrich: Number((drainLakeResult.rowsPerSecond / enrich.eventsPerSecond).toFixed(2)) },
        drainIndex: { ...drainIndexResult, ratioToEnrich: Number((drainIndexResult.docsPerSecond / enrich.eventsPerSecond).toFixed(2)) },
      },
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
