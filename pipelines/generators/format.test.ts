import { csvField, flatten, serialize } from './format';

describe('serialize', () => {
  const events = [{ a: 1, b: { c: 'x,y' } }, { a: 2, b: { c: 'say "hi"' } }];

  it('writes NDJSON one event per line', () => {
    expect([...serialize(events, 'ndjson')].join('')).toBe('{"a":1,"b":{"c":"x,y"}}\n{"a":2,"b":{"c":"say \\"hi\\""}}\n');
  });

  it('writes a JSON array that parses back to the events', () => {
    expect(JSON.parse([...serialize(events, 'json')].join(''))).toEqual(events);
    expect(JSON.parse([...serialize([], 'json')].join(''))).toEqual([]);
  });

  it('writes CSV with flattened dot-separated columns and RFC 4180 quoting', () => {
    expect([...serialize(events, 'csv')].join('')).toBe('a,b.c\n1,"x,y"\n2,"say ""hi"""\n');
  });

  it('flattens nested objects but keeps arrays and nulls as values', () => {
    expect(flatten({ a: { b: { c: 1 } }, d: [1, 2], e: null })).toEqual({ 'a.b.c': 1, d: [1, 2], e: null });
    expect(csvField(null)).toBe('');
    expect(csvField([1, 2])).toBe('"[1,2]"');
  });
});
