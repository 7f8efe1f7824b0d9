import { startTestBigQuery, type TestBigQuery } from './test-helpers';

// Metadata patches, DDL/DML statements, views and job control through the official client.
let t: TestBigQuery;
beforeAll(async () => {
  t = await startTestBigQuery();
  await t.bq.createDataset('d');
  const [table] = await t.bq.dataset('d').createTable('stock', { schema: 'sku:STRING,qty:INTEGER' });
  await table.insert([
    { sku: 'a', qty: 1 },
    { sku: 'b', qty: 2 },
  ]);
});
afterAll(() => t.emulator.close());

const rows = async (sql: string) => (await t.bq.query(sql))[0];

it('patches dataset and table metadata', async () => {
  await t.bq.dataset('d').setMetadata({ description: 'inventory', labels: { team: 'ops' } });
  const [ds] = await t.bq.dataset('d').getMetadata();
  expect([ds.description, ds.labels]).toEqual(['inventory', { team: 'ops' }]);
  await t.bq.dataset('d').table('stock').setMetadata({ description: 'units on hand' });
  const [tbl] = await t.bq.dataset('d').table('stock').getMetadata();
  expect(tbl.description).toBe('units on hand');
});

it('runs CREATE TABLE AS, INSERT and MERGE, and reports the affected rows', async () => {
  await rows('CREATE OR REPLACE TABLE d.incoming AS SELECT * FROM UNNEST([STRUCT("b" AS sku, 5 AS qty), STRUCT("c" AS sku, 3 AS qty)])');
  await rows("INSERT INTO d.incoming (sku, qty) VALUES ('d', 4)");
  const [job] = await t.bq.createQueryJob({
    query: 'MERGE d.stock s USING d.incoming i ON s.sku = i.sku WHEN MATCHED THEN UPDATE SET qty = s.qty + i.qty WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (i.sku, i.qty)',
  });
  await job.getQueryResults();
  const [meta] = await job.getMetadata();
  expect(Number(meta.statistics.query.numDmlAffectedRows)).toBe(3);
  expect(await rows('SELECT sku, qty FROM d.stock ORDER BY sku')).toEqual([
    { sku: 'a', qty: 1 },
    { sku: 'b', qty: 7 },
    { sku: 'c', qty: 3 },
    { sku: 'd', qty: 4 },
  ]);
});

it('creates a view through tables.insert and queries it', async () => {
  await t.bq.dataset('d').createTable('low', { view: { query: 'SELECT sku FROM d.stock WHERE qty < 4', useLegacySql: false } });
  expect(await rows('SELECT sku FROM d.low ORDER BY sku')).toEqual([{ sku: 'a' }, { sku: 'c' }]);
});

it('answers a dry run with the bytes it would process and no rows', async () => {
  const [job] = await t.bq.createQueryJob({ query: 'SELECT sku, qty FROM d.stock', dryRun: true });
  expect(Number(job.metadata.statistics.totalBytesProcessed)).toBeGreaterThan(0);
});

it('cancels a job (a finished job stays DONE)', async () => {
  const [job] = await t.bq.createQueryJob({ query: 'SELECT 1 AS x' });
  await job.getQueryResults();
  await job.cancel();
  const [meta] = await job.getMetadata();
  expect(meta.status.state).toBe('DONE');
});
