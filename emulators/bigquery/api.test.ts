import { BigQuery } from '@google-cloud/bigquery';
import { startTestBigQuery, type TestBigQuery } from './test-helpers';

let t: TestBigQuery;
beforeAll(async () => {
  t = await startTestBigQuery();
});
afterAll(() => t.emulator.close());

describe('datasets', () => {
  it('creates, gets, lists and deletes a dataset', async () => {
    const [ds] = await t.bq.createDataset('d1', { description: 'first' });
    expect(ds.id).toBe('d1');
    const [meta] = await t.bq.dataset('d1').getMetadata();
    expect(meta).toMatchObject({ description: 'first', datasetReference: { datasetId: 'd1', projectId: 'test-project' } });
    const [all] = await t.bq.getDatasets();
    expect(all.map((d) => d.id)).toContain('d1');
    await t.bq.dataset('d1').delete();
    const [exists] = await t.bq.dataset('d1').exists();
    expect(exists).toBe(false);
  });

  it('answers 409 duplicate for an existing dataset', async () => {
    await t.bq.createDataset('dup');
    await expect(t.bq.createDataset('dup')).rejects.toMatchObject({ code: 409, errors: [expect.objectContaining({ reason: 'duplicate' })] });
  });

  it('refuses to delete a dataset with tables unless force is given', async () => {
    await t.bq.createDataset('full');
    await t.bq.dataset('full').createTable('t', { schema: 'a:INTEGER' });
    await expect(t.bq.dataset('full').delete()).rejects.toMatchObject({ code: 400 });
    await t.bq.dataset('full').delete({ force: true });
  });
});

describe('tables and tabledata', () => {
  beforeAll(async () => {
    await t.bq.createDataset('shop');
  });

  it('creates a native table with nested and repeated fields and reads rows back typed', async () => {
    const schema = [
      { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
      { name: 'name', type: 'STRING' },
      { name: 'price', type: 'FLOAT' },
      { name: 'at', type: 'TIMESTAMP' },
      { name: 'day', type: 'DATE' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      { name: 'client', type: 'RECORD', fields: [{ name: 'lat', type: 'FLOAT' }, { name: 'lon', type: 'FLOAT' }] },
    ];
    const [table] = await t.bq.dataset('shop').createTable('orders', { schema });
    await table.insert([
      { id: 1, name: 'a', price: 1.5, at: '2024-01-02T03:04:05.123456Z', day: '2024-01-02', tags: ['x', 'y'], client: { lat: 1, lon: 2 } },
      { id: 2, name: null, price: 2, at: null, day: null, tags: [], client: null },
    ]);
    const [meta] = await table.getMetadata();
    expect(meta.schema.fields.map((f: { name: string; type: string; mode: string }) => [f.name, f.type, f.mode])).toEqual([
      ['id', 'INTEGER', 'REQUIRED'],
      ['name', 'STRING', 'NULLABLE'],
      ['price', 'FLOAT', 'NULLABLE'],
      ['at', 'TIMESTAMP', 'NULLABLE'],
      ['day', 'DATE', 'NULLABLE'],
      ['tags', 'STRING', 'REPEATED'],
      ['client', 'RECORD', 'NULLABLE'],
    ]);
    expect(meta.numRows).toBe('2');
    const [rows] = await table.getRows();
    expect(rows[0]).toMatchObject({ id: 1, name: 'a', price: 1.5, tags: ['x', 'y'], client: { lat: 1, lon: 2 } });
    expect(rows[0].at.value).toBe('2024-01-02T03:04:05.123456000Z');
    expect(rows[0].day.value).toBe('2024-01-02');
    expect(rows[1]).toMatchObject({ id: 2, name: null, tags: [] });
  });

  it('de-duplicates streaming inserts by insertId', async () => {
    const [table] = await t.bq.dataset('shop').createTable('events', { schema: 'id:INTEGER' });
    await table.insert([{ insertId: 'a', json: { id: 1 } }, { insertId: 'a', json: { id: 1 } }], { raw: true });
    await table.insert([{ insertId: 'a', json: { id: 1 } }, { insertId: 'b', json: { id: 2 } }], { raw: true });
    const [rows] = await table.getRows();
    expect(rows.map((r) => r.id).sort()).toEqual([1, 2]);
  });

  it('reports invalid rows as insertErrors', async () => {
    const [table] = await t.bq.dataset('shop').createTable('strict', { schema: 'id:INTEGER' });
    await expect(table.insert([{ id: 'nope' }, { id: 3 }])).rejects.toMatchObject({ name: 'PartialFailureError' });
    await expect(table.insert([{ other: 1 }])).rejects.toMatchObject({ name: 'PartialFailureError' });
  });

  it('lists tables, pages tabledata and deletes a table', async () => {
    const [table] = await t.bq.dataset('shop').createTable('many', { schema: 'n:INTEGER' });
    await table.insert(Array.from({ length: 25 }, (_, n) => ({ n })));
    const [page, next] = await table.getRows({ maxResults: 10, autoPaginate: false });
    expect(page).toHaveLength(10);
    expect(next).toMatchObject({ pageToken: '10' });
    const [tables] = await t.bq.dataset('shop').getTables();
    expect(tables.map((x) => x.id)).toEqual(expect.arrayContaining(['orders', 'many']));
    await table.delete();
    const [exists] = await table.exists();
    expect(exists).toBe(false);
  });

  it('answers 404 notFound with BigQuery envelope for a missing table', async () => {
    await expect(t.bq.dataset('shop').table('nope').getMetadata()).rejects.toMatchObject({
      code: 404,
      message: 'Not found: Table test-project:shop.nope',
      errors: [expect.objectContaining({ reason: 'notFound' })],
    });
  });
});

describe('queries', () => {
  beforeAll(async () => {
    await t.bq.createDataset('q');
    const [table] = await t.bq.dataset('q').createTable('sales', { schema: 'region:STRING,amount:INTEGER,at:TIMESTAMP' });
    await table.insert([
      { region: 'eu', amount: 10, at: '2024-01-01T00:00:00Z' },
      { region: 'eu', amount: 5, at: '2024-01-02T00:00:00Z' },
      { region: 'us', amount: 7, at: '2024-01-03T12:30:00Z' },
    ]);
  });

  it('runs a query through jobs.query with a backticked project.dataset.table', async () => {
    const [rows] = await t.bq.query('SELECT region, SUM(amount) AS total, MAX(`at`) AS last FROM `test-project.q.sales` GROUP BY region ORDER BY region');
    expect(rows.map((r) => [r.region, r.total, r.last.value])).toEqual([
      ['eu', 15, '2024-01-02T00:00:00.000Z'],
      ['us', 7, '2024-01-03T12:30:00.000Z'],
    ]);
  });

  it('binds named and positional parameters', async () => {
    const [named] = await t.bq.query({ query: 'SELECT COUNT(*) AS n FROM q.sales WHERE amount > @min AND region IN UNNEST(@regions)', params: { min: 6, regions: ['eu', 'us'] } });
    expect(named).toEqual([{ n: 2 }]);
    const [positional] = await t.bq.query({ query: 'SELECT COUNT(*) AS n FROM q.sales WHERE amount > ? AND region = ?', params: [4, 'eu'] });
    expect(positional).toEqual([{ n: 2 }]);
  });

  it('runs a query job through jobs.insert and reads results with getQueryResults', async () => {
    const [job] = await t.bq.createQueryJob({ query: 'SELECT amount FROM q.sales ORDER BY amount' });
    const [rows] = await job.getQueryResults();
    expect(rows.map((r) => r.amount)).toEqual([5, 7, 10]);
    const [meta] = await job.getMetadata();
    expect(meta.status.state).toBe('DONE');
    expect(meta.statistics.query.statementType).toBe('SELECT');
  });

  it('pages query results with maxResults and pageToken', async () => {
    const [job] = await t.bq.createQueryJob({ query: 'SELECT n FROM UNNEST(GENERATE_ARRAY(1, 25)) AS n ORDER BY n' });
    const [first, next, response] = await job.getQueryResults({ maxResults: 10, autoPaginate: false });
    expect(first.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(response).toMatchObject({ totalRows: '25', pageToken: '10' });
    const [second] = await job.getQueryResults({ ...next, autoPaginate: false });
    expect(second[0].n).toBe(11);
    const [all] = await job.getQueryResults();
    expect(all).toHaveLength(25);
  });

  it('answers invalidQuery with the position for a SQL error', async () => {
    await expect(t.bq.query('SELECT nope FROM q.sales')).rejects.toMatchObject({
      code: 400,
      errors: [expect.objectContaining({ reason: 'invalidQuery', location: 'query' })],
    });
  });
});

describe('endpoints', () => {
  it('serves the bare paths BIGQUERY_EMULATOR_HOST gives the client', async () => {
    const before = process.env.BIGQUERY_EMULATOR_HOST;
    process.env.BIGQUERY_EMULATOR_HOST = t.emulator.url;
    try {
      const bq = new BigQuery({ projectId: 'test-project' });
      const [rows] = await bq.query('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      if (before === undefined) delete process.env.BIGQUERY_EMULATOR_HOST;
      else process.env.BIGQUERY_EMULATOR_HOST = before;
    }
  });
});
