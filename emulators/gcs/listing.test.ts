import fc from 'fast-check';
import { compareNames, globToRegExp, listPage } from './listing';

const sorted = (names: string[]): string[] => [...names].sort(compareNames);

describe('listing', () => {
  it('orders names by UTF-8 bytes, not UTF-16 units', () => {
    // U+FF61 (3 UTF-8 bytes, EF BD A1) sorts before U+1F600 (4 bytes, F0 9F 98 80), though its UTF-16 unit is larger.
    expect(sorted(['\u{1F600}', '\uFF61', 'a'])).toEqual(['a', '\uFF61', '\u{1F600}']);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), (a, b) => {
        // Object names are valid UTF-8: lone surrogates never reach here.
        fc.pre(!/\p{Cs}/u.test(a + b));
        expect(Math.sign(compareNames(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('pages through prefixes and objects without repeating or skipping any', () => {
    const names = sorted(['a/1', 'a/2', 'a/', 'b', 'c/x/1', 'c/y', 'd']);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = listPage(names, { delimiter: '/', maxResults: 1, pageToken: token, includeTrailingDelimiter: true });
      seen.push(...page.prefixes.map((p) => `prefix:${p}`), ...page.names);
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual(['prefix:a/', 'a/', 'b', 'prefix:c/', 'd']);
  });

  it('honours startOffset, endOffset and matchGlob', () => {
    const names = sorted(['x/1.parquet', 'x/2.csv', 'x/y/3.parquet', 'z/4.parquet']);
    expect(listPage(names, { startOffset: 'x/2', endOffset: 'z' }).names).toEqual(['x/2.csv', 'x/y/3.parquet']);
    expect(listPage(names, { matchGlob: 'x/*.parquet' }).names).toEqual(['x/1.parquet']);
    expect(listPage(names, { matchGlob: '**/*.parquet' }).names).toEqual(['x/1.parquet', 'x/y/3.parquet', 'z/4.parquet']);
    expect(listPage(names, { matchGlob: '{x,z}/[0-9].*' }).names).toEqual(['x/1.parquet', 'x/2.csv', 'z/4.parquet']);
    expect(globToRegExp('a?c').test('a/c')).toBe(false);
  });

  it('returns exactly the names a naive filter would, across every page size', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[ab/]{1,5}$/), { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom('', 'a', 'a/'), (raw, max, prefix) => {
        const names = sorted(raw);
        const got: string[] = [];
        let token: string | undefined;
        do {
          const page = listPage(names, { prefix, maxResults: max, pageToken: token });
          expect(page.names.length).toBeLessThanOrEqual(max);
          got.push(...page.names);
          token = page.nextPageToken;
        } while (token);
        expect(got).toEqual(names.filter((n) => n.startsWith(prefix)));
      }),
    );
  });
});
