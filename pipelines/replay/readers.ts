/**
 * Streaming readers for replay: NDJSON, a JSON array, CSV and the smart-building folder layout
 * (`<room>/<sensor>.csv`). Each yields records one at a time while reading the file in chunks,
 * so memory stays bounded by the largest single record (and, for the folder, one pending line
 * per sensor file), not by the file size.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import type { Json } from '../types';

/** One record read from a source. */
export interface ReplayRecord {
  /** The text to send: the NDJSON line or array element as written, or the record as JSON. */
  readonly payload: string;
  /** The parsed record; undefined when the text is not valid JSON (it is still replayed, so quarantine sees it). */
  readonly value: Json | undefined;
}

/** Source formats replay reads. */
export const REPLAY_FORMATS = ['ndjson', 'json', 'csv', 'iot-folder'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

/** Thrown when a source cannot be read as asked. */
export class ReplaySourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplaySourceError';
  }
}

function tryParse(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined; // not JSON: replayed as it is, and quarantined downstream as invalid_json
  }
}

/** NDJSON: one record per non-blank line. */
export async function* readNdjson(path: string): AsyncGenerator<ReplayRecord> {
  const input = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      yield { payload: line, value: tryParse(line) };
    }
  } finally {
    input.destroy(); // closing readline leaves its input open when the consumer stops early
  }
}

/**
 * A JSON array, element by element: a small scanner tracks nesting and strings to find where
 * each top-level element ends, without parsing the whole document.
 */
export async function* readJsonArray(path: string): AsyncGenerator<ReplayRecord> {
  let depth = 0, inString = false, escaped = false, started = false, ended = false;
  let element = '';
  const emit = function* (): Generator<ReplayRecord> {
    const text = element.trim();
    element = '';
    if (text !== '') yield { payload: text, value: tryParse(text) };
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const s = chunk as string;
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (!started) {
        if (ch === '[') { started = true; from = i + 1; }
        else if (!/\s/.test(ch) && ch !== '\ufeff') throw new ReplaySourceError(`${path} is not a JSON array (starts with ${JSON.stringify(ch)}); use --format ndjson for one record per line`);
        continue;
      }
      if (ended) {
        if (!/\s/.test(ch)) throw new ReplaySourceError(`${path}: unexpected ${JSON.stringify(ch)} after the end of the JSON array`);
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        if (depth === 0 && ch === ']') {
          element += s.slice(from, i);
          yield* emit();
          ended = true;
          from = s.length;
          continue;
        }
        depth--;
      } else if (ch === ',' && depth === 0) {
        element += s.slice(from, i);
        yield* emit();
        from = i + 1;
      }
    }
    if (started && !ended) element += s.slice(from);
  }
  if (!started || !ended) throw new ReplaySourceError(`${path}: the JSON array is not closed (truncated file?)`);
}

/** Sets `obj[a][b]... = value` for a dotted column name (`client.lat`), so flattened CSV nests again. */
function setPath(obj: { [key: string]: Json }, column: string, value: Json): void {
  const parts = column.split('.');
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = o[parts[i]];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) o[parts[i]] = {};
    o = o[parts[i]] as { [key: string]: Json };
  }
  o[parts[parts.length - 1]] = value;
}

/** Turns a CSV field into a value; the default keeps text as text. */
export type CsvCaster = (column: string, text: string) => Json | undefined;

/**
 * CSV with a header row: each row becomes an object keyed by the header, dotted columns nested
 * (`client.lat` → `{client: {lat}}`), empty fields left out. Values are text unless `cast`
 * converts them (see `schemaCaster`).
 */
export async function* readCsv(path: string, cast?: CsvCaster): AsyncGenerator<ReplayRecord> {
  const parser = createReadStream(path).pipe(parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    const value: { [key: string]: Json } = {};
    for (const [column, text] of Object.entries(row)) {
      if (text === '' || text === undefined) continue;
      const v = cast ? cast(column, text) : text;
      if (v !== undefined) setPath(value, column, v);
    }
    yield { payload: JSON.stringify(value), value };
  }
}

interface SensorFile {
  room: string;
  sensor: string;
  input: ReturnType<typeof createReadStream>;
  lines: AsyncIterator<string>;
  head?: { timestamp: number; value: number };
  order: number;
}

async function advance(f: SensorFile): Promise<void> {
  for (;;) {
    const next = await f.lines.next();
    if (next.done) { f.head = undefined; return; }
    const [ts, val] = next.value.split(',');
    const timestamp = Number(ts), value = Number(val);
    if (next.value.trim() === '' || !Number.isFinite(timestamp)) continue; // blank line or a header
    f.head = { timestamp, value };
    return;
  }
}

/**
 * The smart-building layout: `<dir>/<room>/<sensor>.csv`, lines `timestamp,value` (unix
 * seconds; a header line is skipped). The files are merged by timestamp (ties: room, then
 * sensor order) into `{room, sensor_type, timestamp, value}` records, holding one line per file.
 */
export async function* readIotFolder(dir: string): AsyncGenerator<ReplayRecord> {
  const files: SensorFile[] = [];
  const rooms = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const room of rooms) {
    const sensors = (await readdir(join(dir, room))).filter((f) => extname(f) === '.csv').sort();
    for (const file of sensors) {
      const input = createReadStream(join(dir, room, file), { encoding: 'utf8' });
      const lines = createInterface({ input, crlfDelay: Infinity });
      files.push({ room, sensor: basename(file, '.csv'), input, lines: lines[Symbol.asyncIterator](), order: files.length });
    }
  }
  if (files.length === 0) throw new ReplaySourceError(`${dir} has no <room>/<sensor>.csv files; expected the smart-building layout, e.g. ${dir}/413/co2.csv`);
  try {
    await Promise.all(files.map(advance));
    let live = files.filter((f) => f.head);
    while (live.length > 0) {
      // Linear scan: 255 files in the dataset, so a heap would not pay for itself here.
      let best = live[0];
      for (const f of live) if (f.head!.timestamp < best.head!.timestamp || (f.head!.timestamp === best.head!.timestamp && f.order < best.order)) best = f;
      const value = { room: best.room, sensor_type: best.sensor, timestamp: best.head!.timestamp, value: best.head!.value };
      yield { payload: JSON.stringify(value), value };
      await advance(best);
      if (!best.head) live = live.filter((f) => f !== best);
    }
  } finally {
    for (const f of files) f.input.destroy(); // also when the consumer stops early
  }
}

/** The format of `path`: a directory is the iot folder layout, else by extension. */
export async function detectFormat(path: string): Promise<ReplayFormat> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ReplaySourceError(`${path} does not exist`);
  if (info.isDirectory()) return 'iot-folder';
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  throw new ReplaySourceError(`cannot tell the format of ${path} from its extension; pass one of: ${REPLAY_FORMATS.join(', ')}`);
}

/** Options of {@link readSource}. */
export interface SourceOptions {
  readonly path: string;
  /** @default detected from the path (see {@link detectFormat}) */
  readonly format?: ReplayFormat;
  /** CSV field conversion. @default text stays text */
  readonly cast?: CsvCaster;
}

/** Records of a file or folder, in file order (the iot folder: in timestamp order). */
export async function* readSource(options: SourceOptions): AsyncGenerator<ReplayRecord> {
  const format = options.format ?? (await detectFormat(options.path));
  if (format === 'ndjson') yield* readNdjson(options.path);
  else if (format === 'json') yield* readJsonArray(options.path);
  else if (format === 'csv') yield* readCsv(options.path, options.cast);
  else yield* readIotFolder(options.path);
}
