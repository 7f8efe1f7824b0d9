import fc from 'fast-check';
import { useEmulator } from './test-helpers';

/** Paths covering every route family, with `{i}` and `{id}` filled by generated names. */
const PATHS = [
  '/', '/_cluster/health', '/_cat/indices', '/{i}', '/{i}/_doc', '/{i}/_doc/{id}', '/{i}/_create/{id}', '/{i}/_update/{id}',
  '/{i}/_source/{id}', '/_mget', '/{i}/_mget', '/_bulk', '/{i}/_bulk', '/_search', '/{i}/_search', '/_count', '/{i}/_count',
  '/{i}/_mapping', '/{i}/_settings', '/{i}/_refresh', '/_aliases', '/{i}/_alias/{id}', '/_alias/{id}', '/_index_template/{id}',
];

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const queryLike = fc.oneof(
  jsonValue,
  fc.record({ query: fc.oneof(jsonValue, fc.dictionary(fc.constantFrom('match', 'term', 'range', 'bool', 'terms', 'exists', 'wildcard', 'prefix', 'ids', 'multi_match', 'simple_query_string', 'query_string', 'nope'), jsonValue, { maxKeys: 2 })) }, { requiredKeys: [] }),
  fc.record({ aggs: fc.dictionary(fc.string({ maxLength: 5 }), fc.dictionary(fc.constantFrom('terms', 'date_histogram', 'histogram', 'range', 'avg', 'percentiles', 'top_hits', 'filters', 'x'), jsonValue, { maxKeys: 1 }), { maxKeys: 2 }), sort: jsonValue, size: jsonValue }, { requiredKeys: [] }),
);
const body = fc.oneof(
  queryLike.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  fc.array(fc.oneof(jsonValue.map((v) => JSON.stringify(v)), fc.string({ maxLength: 20 })), { maxLength: 6 }).map((lines) => lines.join('\n') + '\n'),
);

describe('robustness: arbitrary requests never crash the server', () => {
  const t = useEmulator();

  beforeAll(async () => {
    await t.client.indices.create({ index: 'fuzz', mappings: { properties: { k: { type: 'keyword' }, n: { type: 'long' }, d: { type: 'date' }, s: { type: 'text' }, g: { type: 'geo_point' } } } });
    await t.client.bulk({ refresh: true, operations: [{ index: { _index: 'fuzz', _id: '1' } }, { k: 'a', n: 1, d: '2024-01-01', s: 'hello world', g: { lat: 1, lon: 1 } }] });
  });

  it('answers every request with an Elasticsearch-shaped response and no 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD'),
        fc.constantFrom(...PATHS),
        fc.constantFrom('fuzz', 'fuzz,other', 'fu*', 'new-index', '_all', 'Bad', 'x%2Fy'),
        fc.constantFrom('1', '2', 'x y', '%E2%9C%93'),
        body,
        fc.constantFrom('', '?refresh=true', '?q=hello', '?q=k:(a', '?size=abc', '?sort=n:desc', '?filter_path=hits.hits', '?format=json', '?q=%22phrase%22', '?sort=n&search_after=%5B1', '?scroll=1x', '?scroll=1m&size=1'),
        async (method, template, index, id, text, qs) => {
          const path = template.replace('{i}', index).replace('{id}', id);
          const res = await fetch(`${t.es.url}${path}${qs}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' || method === 'HEAD' ? undefined : text });
          const payload = await res.text();
          expect(res.headers.get('x-elastic-product')).toBe('Elasticsearch');
          if (res.status >= 500 && res.status !== 501) throw new Error(`${method} ${path}${qs} with ${JSON.stringify(text)} → ${res.status} ${payload}`);
          if (method !== 'HEAD' && res.headers.get('content-type')?.includes('json')) JSON.parse(payload);
        },
      ),
      { numRuns: 400, seed: 7 },
    );
    expect((await t.client.info()).tagline).toBe('You Know, for Search');
  });
});
