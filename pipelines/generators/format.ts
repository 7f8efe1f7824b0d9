/**
 * Serializes generated events as NDJSON, CSV or a JSON array, as a lazy sequence of text chunks
 * (one per event, plus header/brackets), so output of any size streams in bounded memory.
 */
import type { Json } from '../types';

/** Output formats of `tributary generate`. */
export const FORMATS = ['ndjson', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** True when `value` names a supported format. */
export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * Flattens nested objects into dot-separated keys (`{ohlc: {open: 1}}` → `{'ohlc.open': 1}`);
 * arrays stay values. Key order follows the object's own order.
 */
export function flatten(event: { [key: string]: Json }, prefix = '', out: Record<string, Json> = {}): Record<string, Json> {
  for (const [key, value] of Object.entries(event)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, name, out);
    else out[name] = value;
  }
  return out;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; null/absent → empty. */
export function csvField(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Events buffered to find the CSV columns (the union of their flattened keys). */
const CSV_HEAD_EVENTS = 1000;

/**
 * Text chunks for `events` in `format`. CSV columns are the union of the flattened keys of the
 * first 1000 events, in order of first appearance (so a mix of record shapes, as crypto and
 * retail yield, keeps every shape's columns); an event missing a column gets an empty field.
 */
export function* serialize(events: Iterable<{ [key: string]: Json }>, format: Format): Generator<string> {
  if (format === 'ndjson') {
    for (const e of events) yield `${JSON.stringify(e)}\n`;
    return;
  }
  if (format === 'json') {
    let first = true;
    for (const e of events) {
      yield `${first ? '[\n' : ',\n'}${JSON.stringify(e)}`;
      first = false;
    }
    yield first ? '[]\n' : '\n]\n';
    return;
  }
  const head: Record<string, Json>[] = [];
  const columns = new Set<string>();
  let row: ((flat: Record<string, Json>) => string) | undefined;
  for (const e of events) {
    const flat = flatten(e);
    if (row) {
      yield row(flat);
      continue;
    }
    head.push(flat);
    for (const key of Object.keys(flat)) columns.add(key);
    if (head.length < CSV_HEAD_EVENTS) continue;
    row = yield* csvHead(head, [...columns]);
  }
  if (!row && head.length > 0) yield* csvHead(head, [...columns]);
}

function* csvHead(head: Record<string, Json>[], columns: string[]): Generator<string, (flat: Record<string, Json>) => string> {
  const row = (flat: Record<string, Json>) => `${columns.map((c) => csvField(flat[c])).join(',')}\n`;
  yield `${columns.map(csvField).join(',')}\n`;
  for (const flat of head) yield row(flat);
  return row;
}
