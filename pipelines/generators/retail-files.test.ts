import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retailRawSchema } from '../../schemas';
import { processRaw } from '../core/process';
import { getPipeline } from '..';
import { readSource, schemaCaster, type ReplayRecord } from '../replay';
import type { Json } from '../types';
import { type DefectEntry, writeRetailFiles } from './retail-files';
import { DEFAULT_START } from './types';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'retail-files-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncIterable<ReplayRecord>): Promise<Json[]> {
  const out: Json[] = [];
  for await (const r of it) out.push(r.value!);
  return out;
}

it('writes the four source files, and each defect in the manifest is quarantined with its rule when ingested', async () => {
  const files = writeRetailFiles({ dir, count: 4000, seed: 12 });
  expect(files).toEqual(['access.log', 'customers.json', 'defects.json', 'orders.csv', 'products.json']);
  // What the ingest does: read each file, set record_type from the file kind.
  const records: Record<string, { [key: string]: Json }[]> = {
    'orders.csv': (await collect(readSource({ path: join(dir, 'orders.csv'), cast: schemaCaster(retailRawSchema) }))).map((v) => ({ record_type: 'order_line', ...(v as object) })),
    'customers.json': (await collect(readSource({ path: join(dir, 'customers.json') }))).map((v) => ({ record_type: 'customer', ...(v as object) })),
    'products.json': (await collect(readSource({ path: join(dir, 'products.json') }))).map((v) => ({ record_type: 'product', ...(v as object) })),
    'access.log': readFileSync(join(dir, 'access.log'), 'utf8').trimEnd().split('\n').map((line) => ({ record_type: 'weblog', line })),
  };
  const manifest = JSON.parse(readFileSync(join(dir, 'defects.json'), 'utf8')) as DefectEntry[];
  const defective = new Map(manifest.map((d) => [`${d.file}#${d.record}`, d]));
  const ctx = { now: new Date(DEFAULT_START.getTime() + 30 * 86_400_000), state: new Map<string, unknown>() };
  const outcomes: { at: string; expected: string; got: string }[] = [];
  for (const [file, rows] of Object.entries(records)) {
    rows.forEach((row, i) => {
      const at = `${file}#${i + 1}`;
      const result = processRaw(getPipeline('retail'), Buffer.from(JSON.stringify(row)), ctx);
      outcomes.push({ at, expected: defective.get(at)?.rule ?? 'ok', got: result.kind === 'ok' ? 'ok' : result.record.rule });
    });
  }
  expect(outcomes.filter((o) => o.expected !== o.got)).toEqual([]);
  expect(outcomes.filter((o) => o.expected !== 'ok').length).toBe(manifest.filter((d) => d.rule).length);
  expect(manifest.length).toBeGreaterThan(100);
});
