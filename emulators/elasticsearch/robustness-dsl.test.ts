/**
 * Generated search bodies (queries, aggregations, sorts, paging, fields) and documents against a
 * mapped index: every answer is a result or an Elasticsearch error, never a 500.
 */
import fc from 'fast-check';
import { useEmulator } from './test-helpers';
const field = fc.constantFrom('k', 'n', 'd', 's', 'g', 'nope', 's.keyword', '');
const val = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 6 }), fc.constantFrom('now-1d/d', '2024-01-01', '1d', '1M', 'day', '+01:00', 'Europe/Paris', 'yyyy', '*', null, true, [], {}));
const aggSpec = fc.record({ field, size: val, interval: val, calendar_interval: val, fixed_interval: val, time_zone: val, format: val, min_doc_count: val, order: fc.oneof(val, fc.constant({ _count: 'asc' }), fc.constant({ x: 'desc' })), ranges: fc.array(fc.record({ from: val, to: val, key: val }, { requiredKeys: [] }), { maxLength: 2 }), percents: fc.array(val, { maxLength: 2 }), missing: val, extended_bounds: fc.record({ min: val, max: val }), offset: val, include: val, sort: val, _source: val, keyed: val, filters: val, sigma: val }, { requiredKeys: [] });
const agg = fc.dictionary(fc.constantFrom('terms', 'date_histogram', 'histogram', 'range', 'date_range', 'avg', 'sum', 'min', 'max', 'stats', 'extended_stats', 'value_count', 'cardinality', 'percentiles', 'top_hits', 'geo_bounds', 'filter', 'filters', 'missing', 'composite'), aggSpec, { minKeys: 1, maxKeys: 1 });
const query = fc.dictionary(fc.constantFrom('match', 'term', 'range', 'terms', 'prefix', 'wildcard', 'match_phrase', 'exists', 'ids', 'multi_match', 'query_string', 'simple_query_string', 'bool', 'constant_score'), fc.oneof(fc.dictionary(field, fc.oneof(val, fc.record({ query: val, value: val, gte: val, lt: val, format: val, time_zone: val, operator: val, minimum_should_match: val }, { requiredKeys: [] })), { maxKeys: 1 }), fc.record({ query: val, fields: fc.array(field), field, values: fc.array(val), must: fc.constant({ match_all: {} }), should: fc.constant([{ term: { k: 'a' } }]), minimum_should_match: val, filter: fc.constant({ match_all: {} }) }, { requiredKeys: [] })), { minKeys: 1, maxKeys: 1 });
describe('robustness: generated query DSL, aggregations and documents never cause a 500', () => {
  const t = useEmulator();
  beforeAll(async () => {
    await t.client.indices.create({ index: 'fuzz', mappings: { properties: { k: { type: 'keyword' }, n: { type: 'long' }, d: { type: 'date' }, s: { type: 'text', fields: { keyword: { type: 'keyword' } } }, g: { type: 'geo_point' } } } });
    await t.client.bulk({ refresh: true, operations: [{ index: { _index: 'fuzz', _id: '1' } }, { k: 'a', n: 1, d: '2024-01-01', s: 'hello world', g: { lat: 1, lon: 1 } }, { index: { _index: 'fuzz', _id: '2' } }, { k: ['b', 'c'], n: [5, 7], d: '2024-02-01T10:00:00Z', s: 'other', g: [2, 3] }] });
  });
  it('indexes or rejects any document with a 4xx', async () => {
    const doc = fc.dictionary(fc.oneof(field, fc.constantFrom('x.y', 'new', '_id', 'k.z')), fc.oneof(val, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 });
    await fc.assert(fc.asyncProperty(fc.constantFrom('/fuzz/_doc', '/fuzz/_doc/1', '/fuzz/_update/1', '/fuzz2/_doc/x', '/fuzz/_create/9'), doc, async (path, d) => {
      const body = path.includes('_update') ? JSON.stringify({ doc: d, upsert: d }) : JSON.stringify(d);
      const res = await fetch(`${t.es.url}${path}`, { method: path.endsWith('_doc') || path.includes('_update') ? 'POST' : 'PUT', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      if (res.status === 500) throw new Error(`${path} ${body} → ${text}`);
    }), { numRuns: 300, seed: 11 });
  });

  it('answers any search body with a result or a 4xx/501', async () => {
    await fc.assert(fc.asyncProperty(fc.option(query), fc.dictionary(fc.constantFrom('a', 'b'), agg, { maxKeys: 2 }), fc.option(fc.oneof(val, fc.array(fc.dictionary(field, fc.constantFrom('asc', 'desc', 'x')), { maxLength: 2 }))), fc.record({ from: val, size: val, search_after: fc.oneof(val, fc.array(val, { maxLength: 2 })), _source: fc.oneof(val, fc.array(field)), track_total_hits: val, fields: fc.oneof(val, fc.array(fc.oneof(field, fc.record({ field, format: val })))), docvalue_fields: fc.array(field), post_filter: query, min_score: val, highlight: fc.oneof(val, fc.record({ fields: fc.oneof(val, fc.dictionary(field, fc.oneof(val, fc.record({ fragment_size: val, number_of_fragments: val, pre_tags: val }, { requiredKeys: [] })), { maxKeys: 2 })), pre_tags: val, highlight_query: query }, { requiredKeys: [] })) }, { requiredKeys: [] }), async (q, aggs, sort, extra) => {
      const body = JSON.stringify({ query: q ?? undefined, aggs, sort: sort ?? undefined, ...extra });
      const res = await fetch(`${t.es.url}/fuzz/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      if (res.status === 500) throw new Error(`${body} → ${text}`);
    }), { numRuns: 400, seed: 13 });
  });
});
