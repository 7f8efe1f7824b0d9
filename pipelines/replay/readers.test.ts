import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retailRawSchema, taxiRawSchema } from '../../schemas';
import { processRaw } from '../core/process';
import { getPipeline } from '..';
import { serialize } from '../generators/format';
import { getGenerator } from '../generators';
import { writeIotFolder } from '../generators/iot-folder';
import type { Json } from '../types';
import { detectFormat, readSource, ReplaySourceError, replay, schemaCaster, type ReplayRecord } from '.';
import { FakeClock } from './testing';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'replay-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncIterable<ReplayRecord>): Promise<ReplayRecord[]> {
  const out: ReplayRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

function writeGenerated(id: string, format: 'ndjson' | 'csv' | 'json', count: number): { file: string; events: { [key: string]: Json }[] } {
  const events = [...getGenerator(id).generate({ count, seed: 3 })].map((s) => s.event);
  const file = join(dir, `${id}-${count}.${format}`);
  writeFileSync(file, [...serialize(events, format)].join(''));
  return { file, events };
}

describe('readers', () => {
  it('NDJSON: every line, blank lines skipped, invalid JSON kept as payload for quarantine', async () => {
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, '{"a":1}\n\n{not json\r\n{"b":[1,2]}\n');
    const records = await collect(readSource({ path: file }));
    expect(records).toEqual([
      { payload: '{"a":1}', value: { a: 1 } },
      { payload: '{not json', value: undefined },
      { payload: '{"b":[1,2]}', value: { b: [1, 2] } },
    ]);
  });

  it('JSON array: element by element across read chunks (stocks ticks, ~1 MB)', async () => {
    const { file, events } = writeGenerated('stocks', 'json', 1500);
    const records = await collect(readSource({ path: file }));
    expect(records.map((r) => r.value)).toEqual(events);
  });

  it('JSON array: strings holding brackets, commas and escaped quotes stay whole', async () => {
    const file = join(dir, 'tricky.json');
    const values = [{ s: 'a,]}[{"' }, [1, [2, 3]], 'x\\"y', null, 4.5];
    writeFileSync(file, `\ufeff  ${JSON.stringify(values, null, 2)}  \n`);
    expect((await collect(readSource({ path: file, format: 'json' }))).map((r) => r.value)).toEqual(values);
    writeFileSync(join(dir, 'empty.json'), '[]');
    expect(await collect(readSource({ path: join(dir, 'empty.json') }))).toEqual([]);
  });

  it('JSON array: a truncated array or a non-array is an error that says what to do', async () => {
    writeFileSync(join(dir, 'cut.json'), '[{"a":1},{"b":');
    await expect(collect(readSource({ path: join(dir, 'cut.json') }))).rejects.toThrow('not closed');
    writeFileSync(join(dir, 'obj.json'), '{"a":1}');
    await expect(collect(readSource({ path: join(dir, 'obj.json') }))).rejects.toThrow(ReplaySourceError);
  });

  it('CSV: generated taxi CSV reads back to the same events with the schema caster (dotted columns nested)', async () => {
    const { file, events } = writeGenerated('taxi', 'csv', 300);
    const records = await collect(readSource({ path: file, cast: schemaCaster(taxiRawSchema) }));
    expect(records.map((r) => r.value)).toEqual(events);
    expect(JSON.parse(records[0].payload)).toEqual(events[0]);
  });

  it('CSV: retail ids stay text (text in the schema) and bad numbers are left for validation', async () => {
    const file = join(dir, 'orders.csv');
    writeFileSync(file, 'record_type,order_id,line_no,quantity,unit_price\norder_line,536365,1,three,2.55\n');
    const [r] = await collect(readSource({ path: file, cast: schemaCaster(retailRawSchema) }));
    expect(r.value).toEqual({ record_type: 'order_line', order_id: '536365', line_no: '1', quantity: 'three', unit_price: '2.55' });
  });

  it('iot folder: the per-sensor CSVs merge back into the generated readings, in timestamp order', async () => {
    const folder = join(dir, 'building');
    const files = writeIotFolder({ dir: folder, count: 255 * 8, seed: 4 });
    expect(files).toHaveLength(255);
    expect(files).toContain('413/co2.csv');
    const events = [...getGenerator('iot').generate({ count: 255 * 8, seed: 4 })].map((s) => s.event);
    const records = await collect(readSource({ path: folder }));
    const values = records.map((r) => r.value as { timestamp: number });
    expect(values.every((v, i) => i === 0 || v.timestamp >= values[i - 1].timestamp)).toBe(true);
    const key = (e: Json | undefined) => JSON.stringify(e);
    expect(values.map(key).sort()).toEqual(events.map(key).sort());
  });

  it('iot folder: a header line is skipped; a folder without sensor files is an error', async () => {
    const folder = join(dir, 'with-header');
    mkdirSync(join(folder, '101'), { recursive: true });
    writeFileSync(join(folder, '101', 'co2.csv'), 'timestamp,value\n1736121600,450\n1736121607,455.5\n');
    expect((await collect(readSource({ path: folder }))).map((r) => r.value)).toEqual([
      { room: '101', sensor_type: 'co2', timestamp: 1736121600, value: 450 },
      { room: '101', sensor_type: 'co2', timestamp: 1736121607, value: 455.5 },
    ]);
    mkdirSync(join(dir, 'nothing'));
    await expect(collect(readSource({ path: join(dir, 'nothing') }))).rejects.toThrow('<room>/<sensor>.csv');
  });

  it('detects the format from the path, and says which formats exist otherwise', async () => {
    writeFileSync(join(dir, 'x.jsonl'), '');
    writeFileSync(join(dir, 'x.txt'), '');
    expect(await detectFormat(join(dir, 'x.jsonl'))).toBe('ndjson');
    expect(await detectFormat(dir)).toBe('iot-folder');
    await expect(detectFormat(join(dir, 'x.txt'))).rejects.toThrow('ndjson, json, csv, iot-folder');
    await expect(detectFormat(join(dir, 'missing.csv'))).rejects.toThrow('does not exist');
  });
});

describe('replay', () => {
  it('paces a file at the rate, stops at count and draws progress on a TTY', async () => {
    const { file, events } = writeGenerated('taxi', 'ndjson', 50);
    const clock = new FakeClock();
    const writes: string[] = [];
    const stream = { isTTY: true, write: (t: string) => writes.push(t) };
    const times: number[] = [];
    const out: ReplayRecord[] = [];
    for await (const r of replay({ path: file, pacing: { mode: 'rate', rate: 20 }, count: 10, clock, progress: { label: 'taxi', stream } })) {
      out.push(r);
      times.push(clock.now());
    }
    expect(out.map((r) => r.value)).toEqual(events.slice(0, 10));
    expect(times).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450]);
    expect(writes[writes.length - 1]).toMatch(/^\rtaxi \[#{24}\] 100% 10\/10 \d+ ev\/s\n$/);
  });

  it('replays the iot folder in timewarp at the data pace', async () => {
    const folder = join(dir, 'warp');
    mkdirSync(join(folder, '413'), { recursive: true });
    writeFileSync(join(folder, '413', 'co2.csv'), '1000,400\n1010,401\n');
    writeFileSync(join(folder, '413', 'pir.csv'), '1005,1\n');
    const clock = new FakeClock();
    const times: number[] = [];
    for await (const _ of replay({ path: folder, pacing: { mode: 'timewarp', speedup: 5, timeOf: (v) => ((v as { timestamp: number }).timestamp) * 1000 }, clock })) times.push(clock.now());
    expect(times).toEqual([0, 1000, 2000]);
  });
});

describe('generated CSV replays into valid events', () => {
  it.each(['taxi', 'stocks', 'iot', 'crypto', 'retail'])('%s: generate --format csv, read with the schema caster, every event passes processRaw', async (id) => {
    const pipeline = getPipeline(id);
    const events = [...getGenerator(id).generate({ count: 400, seed: 5, defectRate: 0 })].map((s) => s.event);
    const file = join(dir, `${id}-roundtrip.csv`);
    writeFileSync(file, [...serialize(events, 'csv')].join(''));
    const ctx = { now: new Date('2025-02-01T00:00:00Z'), state: new Map<string, unknown>() };
    const rejected: { payload: string; rule: string; detail: string }[] = [];
    for await (const r of readSource({ path: file, cast: schemaCaster(pipeline.schema) })) {
      const result = processRaw(pipeline, Buffer.from(r.payload), ctx);
      if (result.kind !== 'ok') rejected.push({ payload: r.payload, rule: result.record.rule, detail: result.record.detail });
    }
    expect(rejected).toEqual([]);
  });
});
