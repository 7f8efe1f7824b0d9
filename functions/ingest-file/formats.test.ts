import { Readable } from 'node:stream';
import { formatOf, readRecords, type FileFormat, type ReadItem } from './formats';

/** Feeds `text` in small chunks so values straddle chunk boundaries. */
async function read(text: string, format: FileFormat, chunk = 7): Promise<ReadItem[]> {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: ReadItem[] = [];
  for await (const items of readRecords(Readable.from(chunks), format)) out.push(...items);
  return out;
}

describe('landing formats', () => {
  it('knows formats by extension', () => {
    expect(['a.csv', 'b.JSON', 'c.ndjson', 'd.jsonl', 'e.log', 'f.parquet'].map(formatOf)).toEqual(['csv', 'json', 'ndjson', 'ndjson', 'log', undefined]);
  });

  it('reads CSV rows as objects keyed by the header and rejects a ragged row with its reason', async () => {
    const items = await read('order_id,quantity,note\n1,2,"a, quoted"\n2,3\n3,4,x\n', 'csv');
    expect(items.filter((i) => 'record' in i).map((i) => (i as { record: unknown }).record)).toEqual([
      { order_id: '1', quantity: '2', note: 'a, quoted' },
      { order_id: '3', quantity: '4', note: 'x' },
    ]);
    const rejected = items.filter((i) => 'rejected' in i);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toEqual({ line: 3, rejected: 'csv: record has 2 fields, the header has 3' });
  });

  it('reads quoted CSV fields with commas, doubled quotes, CRLF and line breaks across chunks', async () => {
    const text = '\ufeffa,b\r\n"x, ""y""","multi\nline"\r\nplain , "q"\r\n"last","no newline"';
    for (const chunk of [1, 2, 5, 100]) {
      expect(await read(text, 'csv', chunk)).toEqual([
        { line: 2, record: { a: 'x, "y"', b: 'multi\nline' } },
        { line: 4, record: { a: 'plain', b: 'q' } },
        { line: 5, record: { a: 'last', b: 'no newline' } },
      ]);
    }
  });

  it('reads NDJSON line by line, rejecting a bad line with its number', async () => {
    expect(await read('{"a":1}\n\nnot json\n{"a":2}\n', 'ndjson')).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 3, rejected: expect.stringMatching(/^invalid_json/) },
      { line: 4, record: { a: 2 } },
    ]);
  });

  it('splits a top-level JSON array into elements across chunk boundaries, strings with brackets included', async () => {
    const doc = '[\n {"a": "x,]}\\"[", "n": [1, 2]},\n {"b": {"c": null}},\n 3\n]';
    expect(await read(doc, 'json', 3)).toEqual([
      { line: 2, record: { a: 'x,]}"[', n: [1, 2] } },
      { line: 3, record: { b: { c: null } } },
      { line: 4, record: 3 },
    ]);
  });

  it('reads a top-level JSON object as one record and reports an unclosed array', async () => {
    expect(await read('{"only": true}', 'json')).toEqual([{ line: 1, record: { only: true } }]);
    expect((await read('[{"a":1}, {"b"', 'json')).at(-1)).toMatchObject({ rejected: expect.stringMatching(/not closed/) });
  });

  it('reads a log file as one record per non-empty line', async () => {
    expect(await read('1.2.3.4 - - [x] "GET / HTTP/1.1" 200 5\n\nsecond\n', 'log')).toEqual([
      { line: 1, record: { line: '1.2.3.4 - - [x] "GET / HTTP/1.1" 200 5' } },
      { line: 3, record: { line: 'second' } },
    ]);
  });
});
