/**
 * Streaming readers for the landing formats. Each turns a byte stream into records one at a
 * time, never holding the whole file: CSV through csv-parse (header row → object keys), NDJSON
 * and log files line by line, and JSON through a small top-level-array splitter that yields each
 * element's text. A record that cannot be read is yielded as a rejection with its reason.
 */
import { parse } from 'csv-parse';
import { createInterface } from 'node:readline';
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

async function* csvRecords(input: Readable): AsyncGenerator<ReadItem> {
  const skipped: ReadItem[] = [];
  const parser = input.pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (err) => void skipped.push({ line: Number((err as { lines?: number } | undefined)?.lines ?? 0), rejected: `csv: ${err?.message ?? 'unreadable record'}` }),
    }),
  );
  input.once('error', (err) => parser.destroy(err));
  for await (const item of parser as AsyncIterable<{ record: unknown; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    yield { line: item.info.lines, record: item.record };
  }
  while (skipped.length) yield skipped.shift()!;
}

async function* lines(input: Readable): AsyncGenerator<{ line: number; text: string }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.trim() !== '') yield { line: n, text };
  }
}

async function* ndjsonRecords(input: Readable): AsyncGenerator<ReadItem> {
  for await (const { line, text } of lines(input)) {
    try {
      yield { line, record: JSON.parse(text) };
    } catch (err) {
      yield { line, rejected: `invalid_json: ${(err as Error).message}` };
    }
  }
}

async function* logRecords(input: Readable): AsyncGenerator<ReadItem> {
  for await (const { line, text } of lines(input)) yield { line, record: { line: text } };
}

/**
 * Splits a JSON document whose top level is an array into its elements' texts, chunk by chunk
 * (strings and escapes respected). A top-level object or scalar is one element.
 */
async function* jsonRecords(input: Readable): AsyncGenerator<ReadItem> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let topArray: boolean | undefined;
  let current: string[] = [];
  let start = 0;
  let line = 1;
  let elementLine = 1;
  let awaitingElement = false;
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
          if (text.trim() !== '') yield emit(text);
          continue;
        }
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
    }
    current.push(chunk.slice(start));
  }
  const rest = current.join('').trim();
  if (topArray === false && rest !== '') yield emit(rest);
  else if (topArray && rest !== '') yield { line, rejected: 'invalid_json: the top-level array is not closed' };
}

/** Reads records of `format` from a byte stream. */
export function readRecords(input: Readable, format: FileFormat): AsyncGenerator<ReadItem> {
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
