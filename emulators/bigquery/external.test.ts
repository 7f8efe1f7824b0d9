import { Storage } from '@google-cloud/storage';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGcs, type GcsHandle } from '../gcs';
import { startTestBigQuery, type TestBigQuery } from './test-helpers';

let dir: string;
let gcs: GcsHandle;
let t: TestBigQuery;

/** Writes a Parquet file with DuckDB and uploads it through the Cloud Storage client. */
async function uploadParquet(storage: Storage, object: string, select: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const local = join(dir, 'scratch.parquet');
  await conn.run(`COPY (${select}) TO '${local}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
  await storage.bucket('lake').upload(local, { destination: object });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bq-external-'));
  gcs = await startGcs({ port: 0, root: join(dir, 'gcs') });
  const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'test-project' });
  await storage.createBucket('lake');
  await uploadParquet(storage, 'silver/taxi/dt=2024-01-01/region=eu/part-0.parquet', `SELECT 'a' AS event_id, 10.0::DOUBLE AS price UNION ALL SELECT 'b', 20.0`);
  await uploadParquet(storage, 'silver/taxi/dt=2024-01-02/region=us/part-0.parquet', `SELECT 'c' AS event_id, 5.0::DOUBLE AS price`);
  await storage.bucket('lake').file('raw/events.ndjson').save('{"id":1,"kind":"x"}\n{"id":2,"kind":"y"}\n');
  await storage.bucket('lake').file('raw/events.csv').save('id,kind\n1,x\n2,y\n3,z\n');
  t = await startTestBigQuery({ storageRoot: gcs.root });
  await t.bq.createDataset('silver');
});
afterAll(async () => {
  await t.emulator.close();
  await gcs.close();
  rmSync(dir, { recursive: true, force: true });
});

it('queries a hive-partitioned Parquet external table with partition columns', async () => {
  await t.bq.dataset('silver').createTable('taxi', {
    externalDataConfiguration: {
      sourceFormat: 'PARQUET',
      sourceUris: ['gs://lake/silver/taxi/*'],
      hivePartitioningOptions: { mode: 'AUTO', sourceUriPrefix: 'gs://lake/silver/taxi/' },
    },
  });
  const [rows] = await t.bq.query("SELECT dt, region, SUM(price) AS revenue FROM silver.taxi WHERE dt >= '2024-01-01' GROUP BY dt, region ORDER BY dt");
  expect(rows.map((r) => [r.dt.value, r.region, r.revenue])).toEqual([
    ['2024-01-01', 'eu', 30],
    ['2024-01-02', 'us', 5],
  ]);
  const [meta] = await t.bq.dataset('silver').table('taxi').getMetadata();
  expect(meta.type).toBe('EXTERNAL');
  expect(meta.schema.fields.map((f: { name: string }) => f.name)).toEqual(['event_id', 'price', 'dt', 'region']);
});

it('types partition keys as strings in STRINGS mode and as declared in CUSTOM mode', async () => {
  await t.bq.dataset('silver').createTable('taxi_strings', {
    externalDataConfiguration: { sourceFormat: 'PARQUET', sourceUris: ['gs://lake/silver/taxi/*'], hivePartitioningOptions: { mode: 'STRINGS' } },
  });
  await t.bq.dataset('silver').createTable('taxi_custom', {
    externalDataConfiguration: {
      sourceFormat: 'PARQUET',
      sourceUris: ['gs://lake/silver/taxi/*'],
      hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: 'gs://lake/silver/taxi/{dt:DATE}/{region:STRING}' },
    },
  });
  const [s] = await t.bq.dataset('silver').table('taxi_strings').getMetadata();
  const [c] = await t.bq.dataset('silver').table('taxi_custom').getMetadata();
  const typeOf = (m: { schema: { fields: { name: string; type: string }[] } }, n: string) => m.schema.fields.find((f) => f.name === n)?.type;
  expect(typeOf(s, 'dt')).toBe('STRING');
  expect(typeOf(c, 'dt')).toBe('DATE');
});

it('reads newline-delimited JSON and CSV external tables with a given schema', async () => {
  const schema = { fields: [{ name: 'id', type: 'INTEGER' }, { name: 'kind', type: 'STRING' }] };
  await t.bq.dataset('silver').createTable('events_json', { schema, externalDataConfiguration: { sourceFormat: 'NEWLINE_DELIMITED_JSON', sourceUris: ['gs://lake/raw/*.ndjson'] } });
  await t.bq.dataset('silver').createTable('events_csv', { schema, externalDataConfiguration: { sourceFormat: 'CSV', sourceUris: ['gs://lake/raw/events.csv'], csvOptions: { skipLeadingRows: '1' } } });
  const [j] = await t.bq.query('SELECT SUM(id) AS s FROM silver.events_json');
  const [c] = await t.bq.query('SELECT COUNT(*) AS n, MAX(kind) AS k FROM silver.events_csv');
  expect(j).toEqual([{ s: 3 }]);
  expect(c).toEqual([{ n: 3, k: 'z' }]);
});

it('sees files that arrive after an external table over an empty prefix was created', async () => {
  await t.bq.dataset('silver').createTable('later', {
    schema: { fields: [{ name: 'v', type: 'INTEGER' }] },
    externalDataConfiguration: { sourceFormat: 'NEWLINE_DELIMITED_JSON', sourceUris: ['gs://lake/later/*'] },
  });
  const [before] = await t.bq.query('SELECT COUNT(*) AS n FROM silver.later');
  expect(before).toEqual([{ n: 0 }]);
  const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'test-project' });
  await storage.bucket('lake').file('later/a.json').save('{"v":7}\n');
  const [after] = await t.bq.query('SELECT SUM(v) AS s FROM silver.later');
  expect(after).toEqual([{ s: 7 }]);
});

it('loads newline-delimited JSON from gs:// into a native table with a LOAD job', async () => {
  await t.bq.createDataset('loaded');
  const [job] = await t.bq.createJob({
    configuration: {
      load: {
        sourceUris: ['gs://lake/raw/*.ndjson'],
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        destinationTable: { projectId: 'test-project', datasetId: 'loaded', tableId: 'events' },
        schema: { fields: [{ name: 'id', type: 'INTEGER' }, { name: 'kind', type: 'STRING' }] },
      },
    },
  });
  const [meta] = await job.getMetadata();
  expect(meta.status).toEqual({ state: 'DONE' });
  expect(meta.statistics.load.outputRows).toBe('2');
  const [rows] = await t.bq.dataset('loaded').table('events').getRows();
  expect(rows.map((r) => r.kind).sort()).toEqual(['x', 'y']);
});
