import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestBigQuery, type TestBigQuery } from './test-helpers';

let dir: string;
let t: TestBigQuery;
const ndjson = '{"id":1,"kind":"x"}\n{"id":2,"kind":"yy"}\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bq-bytes-'));
  mkdirSync(join(dir, 'lake', 'raw'), { recursive: true });
  writeFileSync(join(dir, 'lake', 'raw', 'a.ndjson'), ndjson);
  writeFileSync(join(dir, 'lake', 'raw', 'b.ndjson'), ndjson + ndjson);
  t = await startTestBigQuery({ storageRoot: dir });
  await t.bq.createDataset('b');
  const [table] = await t.bq.dataset('b').createTable('people', { schema: 'id:INTEGER,name:STRING,score:FLOAT,ok:BOOLEAN' });
  await table.insert([
    { id: 1, name: 'ab', score: 1.5, ok: true },
    { id: 2, name: 'cde', score: null, ok: false },
  ]);
  await t.bq.dataset('b').createTable('raw', { externalDataConfiguration: { sourceFormat: 'NEWLINE_DELIMITED_JSON', sourceUris: ['gs://lake/raw/*.ndjson'], autodetect: true } });
}, 60_000);
afterAll(async () => {
  await t.emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dryRunBytes(query: string): Promise<string> {
  const [job] = await t.bq.createQueryJob({ query, dryRun: true });
  return String(job.metadata.statistics.totalBytesProcessed);
}

describe('totalBytesProcessed', () => {
  it('counts the referenced columns of a native table by BigQuery data sizes', async () => {
    // id: 2 × 8; name: (2 + 2) + (2 + 3) = 9.
    expect(await dryRunBytes('SELECT id, name FROM b.people')).toBe('25');
    // every column: 16 + 9 + 8 (one non-NULL score) + 2 × 1.
    expect(await dryRunBytes('SELECT * FROM `test-project.b.people`')).toBe('35');
    expect(await dryRunBytes('SELECT 1 AS x')).toBe('0');
  });

  it('counts the matched files of an external table, and reports the same on the finished job', async () => {
    const size = statSync(join(dir, 'lake', 'raw', 'a.ndjson')).size + statSync(join(dir, 'lake', 'raw', 'b.ndjson')).size;
    expect(await dryRunBytes('SELECT kind FROM b.raw')).toBe(String(size));
    const [job] = await t.bq.createQueryJob({ query: 'SELECT COUNT(*) AS n FROM b.raw' });
    const [meta] = await job.getMetadata();
    expect(meta.statistics.query.totalBytesProcessed).toBe(String(size));
  });
});
