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

/**
 * Text chunks for `events` in `format`. CSV columns are the flattened keys of the first event
 * (generators emit a stable key order; a later event missing a key gets an empty field, and a
 * key the first event lacks is dropped, which is what a CSV of that data would look like).
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
  let columns: string[] | undefined;
  for (const e of events) {
    const flat = flatten(e);
    if (!columns) {
      columns = Object.keys(flat);
      yield `${columns.map(csvField).join(',')}\n`;
    }
    yield `${columns.map((c) => csvField(flat[c])).join(',')}\n`;
  }
}
