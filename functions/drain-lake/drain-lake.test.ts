import { DuckDBInstance } from '@duckdb/node-api';
import { Storage, type Bucket } from '@google-cloud/storage';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGcs, type GcsHandle } from '../../emulators/gcs';
import { FakeSubscription } from '../shared/fake-subscription.test-helpers';
import type { LakeColumn } from '../shared/parquet';
import { drainLake, type DrainLakeOptions } from './drain-lake';
import { gcsStore } from './gcs-store';

const silverColumns: LakeColumn[] = [
  { name: 'event_id', type: 'STRING' },
  { name: 'event_time', type: 'TIMESTAMP' },
  { name: 'room', type: 'STRING' },
  { name: 'value', type: 'DOUBLE' },
  { name: 'reading', type: { struct: [{ name: 'unit', type: 'STRING' }] } },
];

/** Downloads every object under `prefix` and lets DuckDB read them all as one hive-partitioned table. */
async function query(bucket: Bucket, prefix: string, sql: (table: string) => string): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lake-read-'));
  try {
    const [files] = await bucket.getFiles({ prefix });
    for (const f of files) {
      const local = join(dir, f.name);
      require('node:fs').mkdirSync(join(local, '..'), { recursive: true });
      writeFileSync(local, (await f.download())[0]);
    }
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    const reader = await conn.runAndReadAll(sql(`read_parquet('${dir}/${prefix}**/*.parquet', hive_partitioning = true)`));
    const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    conn.closeSync();
    db.closeSync();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('drainLake into the Cloud Storage emulator', () => {
  let gcs: GcsHandle;
  let bucket: Bucket;
  beforeAll(async () => {
    gcs = await startGcs({ port: 0 });
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'p' });
    [bucket] = await storage.createBucket('p-lake');
  });
  afterAll(() => gcs.close());

  const setup = () => {
    const subs = { bronze: new FakeSubscription(), silver: new FakeSubscription(), quarantine: new FakeSubscription() };
    const opts = (pipeline: string): DrainLakeOptions => ({
      pipeline,
      silverColumns,
      partitionKeys: ['room'],
      timeField: 'event_time',
      policy: { count: 50, bytes: 1 << 20, ageMs: 0 },
      budgetMs: 30_000,
      sources: subs,
      store: gcsStore(bucket),
    });
    return { subs, opts };
  };

  const event = (i: number) => ({ event_id: `e${i}`, event_time: `2026-11-2${2 + (i % 2)}T10:00:0${i % 10}.123Z`, room: `r${i % 3}`, value: i + 0.5, reading: { unit: 'C' } });

  it('writes the three layers at hive-partitioned paths that DuckDB reads back, timestamps in micros', async () => {
    const { subs, opts } = setup();
    for (let i = 0; i < 30; i++) subs.silver.push(event(i), { event_id: `e${i}` });
    subs.bronze.push('{"raw":1}', { source: 'kafka' });
    subs.bronze.push(Buffer.from([0xff, 0xfe]).toString('latin1'));
    subs.quarantine.push({ pipeline: 'a', event_id: 'bad1', received_at: '2026-11-22T09:00:00Z', rule: 'schema.required', detail: 'room is required', payload: '{"x":1}' });
    const summary = await drainLake(opts('a'));
    expect(summary.silver.written).toBe(30);
    expect(subs.silver.acked).toHaveLength(30);

    const [files] = await bucket.getFiles({ prefix: 'silver/a/' });
    expect(files.map((f) => f.name).every((n) => /^silver\/a\/dt=2026-11-2[23]\/room=r[0-2]\/\d{8}T\d{6}Z-[0-9a-f]{20}\.parquet$/.test(n))).toBe(true);
    const silver = await query(bucket, 'silver/a/', (t) => `SELECT event_id, room, dt::VARCHAR AS dt, epoch_ms(event_time) AS ms, reading.unit AS unit FROM ${t} ORDER BY event_id`);
    expect(silver).toHaveLength(30);
    expect(silver.find((r) => r.event_id === 'e1')).toEqual({ event_id: 'e1', room: 'r1', dt: '2026-11-23', ms: String(Date.parse('2026-11-23T10:00:01.123Z')), unit: 'C' });

    const bronze = await query(bucket, 'bronze/a/', (t) => `SELECT message_id, payload, attributes FROM ${t} ORDER BY message_id`);
    expect(bronze[0]).toEqual({ message_id: 'm-1', payload: '{"raw":1}', attributes: '{"source":"kafka"}' });
    const quarantine = await query(bucket, 'quarantine/a/', (t) => `SELECT event_id, rule, detail, dt::VARCHAR AS dt FROM ${t}`);
    expect(quarantine).toEqual([{ event_id: 'bad1', rule: 'schema.required', detail: 'room is required', dt: '2026-11-22' }]);
  });

  it('keeps dead letters in quarantine with rule dead_letter, naming the subscription whose deliveries ran out', async () => {
    const { subs, opts } = setup();
    const deadLetter = new FakeSubscription();
    deadLetter.push('{"ride_id":"r1"}', { event_id: 'r1', CloudPubSubDeadLetterSourceSubscription: 'taxi-raw-enrich', CloudPubSubDeadLetterSourceDeliveryCount: '5' });
    deadLetter.push(Buffer.from([0xff, 0xfe]).toString('latin1'));
    const summary = await drainLake({ ...opts('dl'), sources: { ...subs, deadLetter } });
    expect(summary.deadLetter?.written).toBe(2);
    expect(deadLetter.acked).toHaveLength(2);
    const rows = await query(bucket, 'quarantine/dl/', (t) => `SELECT pipeline, event_id, rule, detail, dt::VARCHAR AS dt FROM ${t} ORDER BY event_id NULLS LAST`);
    expect(rows).toEqual([
      { pipeline: 'dl', event_id: 'r1', rule: 'dead_letter', detail: 'delivery attempts ran out (5) on subscription taxi-raw-enrich', dt: '2026-11-22' },
      { pipeline: 'dl', event_id: null, rule: 'dead_letter', detail: 'delivery attempts ran out on a subscription', dt: '2026-11-22' },
    ]);
    // Without a dead-letter source the summary has no such entry.
    expect((await drainLake({ ...opts('dl2'), budgetMs: 50, idlePulls: 1 })).deadLetter).toBeUndefined();
  });

  it('writes silver once by event_id when the same batch is delivered again (412 counts as written)', async () => {
    const { subs, opts } = setup();
    for (let i = 0; i < 20; i++) subs.silver.push(event(i), { event_id: `e${i}` });
    subs.silver.push(event(3), { event_id: 'e3' }); // a duplicate delivery inside the batch
    const first = await drainLake(opts('b'));
    expect(first.silver.counters.duplicates).toBe(1);
    subs.silver.redeliverAcked();
    const second = await drainLake(opts('b'));
    expect(second.silver.written).toBe(21);
    expect(second.silver.counters.files ?? 0).toBe(0);
    expect(second.silver.counters.alreadyWritten).toBe(first.silver.counters.files);
    const rows = await query(bucket, 'silver/b/', (t) => `SELECT count(*)::INT AS n, count(DISTINCT event_id)::INT AS ids FROM ${t}`);
    expect(rows).toEqual([{ n: 20, ids: 20 }]);
  });

  it('nacks a message that cannot become a row and acks the rest', async () => {
    const { subs, opts } = setup();
    subs.silver.push(event(1), { event_id: 'e1' });
    subs.silver.push('not json', { event_id: 'x' });
    const summary = await drainLake({ ...opts('c'), budgetMs: 50, idlePulls: 1 });
    expect(subs.silver.acked.map((m) => m.messageId)).toEqual(['m-1']);
    expect(summary.silver.nacked).toBeGreaterThanOrEqual(1);
  });

  it('nacks the batch when the upload fails, and writes it on the next run', async () => {
    const { subs, opts } = setup();
    for (let i = 0; i < 5; i++) subs.silver.push(event(i), { event_id: `e${i}` });
    let failing = true;
    const store = gcsStore(bucket);
    const flaky = { createIfAbsent: (n: string, b: Uint8Array) => (failing ? Promise.reject(new Error('503 backendError')) : store.createIfAbsent(n, b)) };
    const s1 = await drainLake({ ...opts('d'), store: flaky, budgetMs: 20, idlePulls: 1 });
    expect(s1.silver.written).toBe(0);
    expect(subs.silver.acked).toHaveLength(0);
    failing = false;
    await drainLake({ ...opts('d'), store: flaky });
    expect(subs.silver.acked).toHaveLength(5);
  });
});
