/**
 * Streaming readers for the landing formats. Each turns a byte stream into records one at a
 * time, never holding the whole file: CSV through ./csv.ts (header row → object keys), NDJSON
 * and log files line by line, and JSON through a small top-level-array splitter that yields each
 * element's text. A record that cannot be read is yielded as a rejection with its reason.
 */
import { CsvReader, type CsvRecord } from './csv';
import type { Readable } from 'node:stream';

/** File formats the ingest reads (the `FILE_FORMATS` values). */
export const FILE_FORMATS = ['csv', 'json', 'ndjson', 'log'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** One item read from a file: a record, or a rejection with the reason. `line` is 1-based (CSV: record number). */
export type ReadItem = { readonly line: number; readonly record: unknown } | { readonly line: number; readonly rejected: string };

/** The format of an object name by its extension (`.jsonl` is NDJSON; `.gz` is not read), or undefined. */
export function formatOf(name: string): FileFormat | undefined {
  const ext = name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  switch (ext) {
    case 'csv':
      return 'csv';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    case 'log':
    case 'txt':
      return 'log';
    default:
      return undefined;
  }
}

async function* csvRecords(input: Readable): AsyncGenerator<ReadItem[]> {
  const reader = new CsvReader();
  let header: string[] | undefined;
  const toItems = (records: CsvRecord[]): ReadItem[] => {
    const items: ReadItem[] = [];
    for (const r of records) {
      if (!header) {
        header = r.fields;
        continue;
      }
      if (r.fields.length !== header.length) {
        items.push({ line: r.line, rejected: `csv: record has ${r.fields.length} fields, the header has ${header.length}` });
        continue;
      }
      const record: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) record[header[i]] = r.fields[i];
      items.push({ line: r.line, record });
    }
    return items;
  };
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    const items = toItems(reader.push(chunk));
    if (items.length) yield items;
  }
  const last = toItems(reader.end());
  if (last.length) yield last;
}

async function* lines(input: Readable): AsyncGenerator<{ line: number; text: string }[]> {
  input.setEncoding('utf8');
  let rest = '';
  let n = 0;
  const strip = (t: string) => (t.endsWith('\r') ? t.slice(0, -1) : t);
  for await (const chunk of input as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    const out: { line: number; text: string }[] = [];
    for (const p of parts) {
      n++;
      if (p.trim() !== '') out.push({ line: n, text: strip(p) });
    }
    if (out.length) yield out;
  }
  if (rest.trim() !== '') yield [{ line: n + 1, text: strip(rest) }];
}

async function* ndjsonRecords(input: Readable): AsyncGenerator<ReadItem[]> {
  for await (const batch of lines(input)) {
    yield batch.map(({ line, text }): ReadItem => {
      try {
        return { line, record: JSON.parse(text) };
      } catch (err) {
        return { line, rejected: `invalid_json: ${(err as Error).message}` };
      }
    });
  }
}

async function* logRecords(input: Readable): AsyncGenerator<ReadItem[]> {
  for await (const batch of lines(input)) yield batch.map(({ line, text }): ReadItem => ({ line, record: { line: text } }));
}

/**
 * Splits a JSON document whose top level is an array into its elements' texts, chunk by chunk
 * (strings and escapes respected). A top-level object or scalar is one element.
 */
async function* jsonRecords(input: Readable): AsyncGenerator<ReadItem[]> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let topArray: boolean | undefined;
  let current: string[] = [];
  let start = 0;
  let line = 1;
  let elementLine = 1;
  let awaitingElement = false;
  const ready: ReadItem[] = [];
  let index = 0;
  const emit = (text: string): ReadItem => {
    index++;
    try {
      return { line: elementLine, record: JSON.parse(text) };
    } catch (err) {
      return { line: elementLine, rejected: `invalid_json: element ${index}: ${(err as Error).message}` };
    }
  };
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === '\n') line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if (topArray === undefined) {
        topArray = c === '[';
        if (topArray) {
          start = i + 1;
          awaitingElement = true;
          continue;
        }
      }
      if (awaitingElement) {
        awaitingElement = false;
        elementLine = line;
      }
      if (topArray && depth === 0) {
        // between elements of the top-level array
        if (c === ',' || c === ']') {
          const text = current.join('') + chunk.slice(start, i);
          current = [];
          start = i + 1;
          awaitingElement = true;
          if (text.trim() !== '') ready.push(emit(text));
          continue;
        }
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
    }
    current.push(chunk.slice(start));
    if (ready.length) yield ready.splice(0);
  }
  const rest = current.join('').trim();
  if (topArray === false && rest !== '') yield [emit(rest)];
  else if (topArray && rest !== '') yield [{ line, rejected: 'invalid_json: the top-level array is not closed' }];
}

/** Reads records of `format` from a byte stream, in batches (one per chunk read). */
export function readRecords(input: Readable, format: FileFormat): AsyncGenerator<ReadItem[]> {
  switch (format) {
    case 'csv':
      return csvRecords(input);
    case 'ndjson':
      return ndjsonRecords(input);
    case 'json':
      return jsonRecords(input);
    case 'log':
      return logRecords(input);
  }
}
