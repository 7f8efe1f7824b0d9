import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageConformance } from './conformance';
import { FileStorage } from './files';
import { MemoryStorage } from './memory';
import { encodeBatch, encodeRecords } from '../protocol/records';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'kafka-store-')); dirs.push(d); return d; };

storageConformance('memory', () => new MemoryStorage());
storageConformance('file', () => new FileStorage(tmp()), (s) => { s.close(); return new FileStorage((s as FileStorage).dir); });

test('a torn batch at the end of a segment is cut off on open', () => {
  const dir = tmp();
  const s = new FileStorage(dir);
  const b = encodeBatch({ payload: encodeRecords([{ value: Buffer.from('x') }], 1), count: 1, baseTimestamp: 1 });
  s.openLog('t', 0).append(b, 0, 1);
  s.close();
  const segDir = join(dir, 'logs', 't-0');
  appendFileSync(join(segDir, readdirSync(segDir)[0]!), b.subarray(0, 30));
  const again = new FileStorage(dir);
  const log = again.openLog('t', 0);
  expect(log.nextOffset).toBe(1);
  expect(log.append(Buffer.from(b), 0, 1)).toBe(1);
  again.close();
});

test('segments roll at the configured size and are all read back', () => {
  const dir = tmp();
  const s = new FileStorage(dir, 100);
  const log = s.openLog('t', 0);
  for (let i = 0; i < 5; i++) log.append(encodeBatch({ payload: encodeRecords([{ value: Buffer.alloc(80) }], 1), count: 1, baseTimestamp: 1 }), 0, 1);
  s.close();
  expect(readdirSync(join(dir, 'logs', 't-0')).length).toBe(5);
  const again = new FileStorage(dir, 100);
  expect(again.openLog('t', 0).nextOffset).toBe(5);
  again.close();
});
