import { esError, useEmulator } from './test-helpers';

const BOOKS = [
  { id: '1', title: 'The Quick Brown Fox', author: 'Ann Lee', year: 1999, price: 10.5, tags: ['animals', 'classic'], published: '1999-03-01T00:00:00Z' },
  { id: '2', title: 'Lazy dogs sleep all day', author: 'Bob Stone', year: 2005, price: 20, tags: ['animals'], published: '2005-06-15T12:00:00Z' },
  { id: '3', title: 'Quick recipes for busy cooks', author: 'Ann Marsh', year: 2015, price: 15, tags: ['food'], published: '2015-01-20T08:30:00Z' },
  { id: '4', title: 'Snow Crash', author: 'Neal Stephenson', year: 1992, tags: [], published: '1992-06-01T00:00:00Z' },
  { id: '5', title: 'Foxes of the north', author: 'Carl Quick', year: 2021, price: 30, tags: ['animals', 'nature'], published: '2021-11-11T11:11:11Z' },
];

describe('_search and _count through the official client', () => {
  const t = useEmulator();
  const ids = async (req: Parameters<typeof t.client.search>[0]) => (await t.client.search(req)).hits.hits.map((h) => h._id);

  beforeAll(async () => {
    await t.client.indices.create({
      index: 'books',
      mappings: { properties: { title: { type: 'text', fields: { keyword: { type: 'keyword' } } }, author: { type: 'text' }, year: { type: 'integer' }, price: { type: 'double' }, tags: { type: 'keyword' }, published: { type: 'date' } } },
    });
    await t.client.bulk({ refresh: true, operations: BOOKS.flatMap(({ id, ...doc }) => [{ index: { _index: 'books', _id: id } }, doc]) });
  });

  it('matches analyzed text case-insensitively and ranks by BM25', async () => {
    expect((await ids({ index: 'books', query: { match: { title: 'QUICK' } } })).sort()).toEqual(['1', '3']);
    expect(await ids({ index: 'books', query: { match: { title: { query: 'quick fox', operator: 'and' } } } })).toEqual(['1']);
    const ranked = await t.client.search({ index: 'books', query: { match: { title: 'quick brown' } } });
    expect(ranked.hits.hits[0]._id).toBe('1');
    expect(ranked.hits.hits[0]._score).toBeGreaterThan(ranked.hits.hits[1]._score!);
    expect(ranked.hits.max_score).toBe(ranked.hits.hits[0]._score);
  });

  it('matches phrases in order and adjacent, also quoted in query strings', async () => {
    expect(await ids({ index: 'books', query: { match_phrase: { title: 'quick brown' } } })).toEqual(['1']);
    expect(await ids({ index: 'books', query: { match_phrase: { title: 'brown quick' } } })).toEqual([]);
    expect(await ids({ index: 'books', query: { match_phrase: { title: 'sleep all day' } } })).toEqual(['2']);
    expect(await ids({ index: 'books', q: '"busy cooks"' })).toEqual(['3']);
    expect(await ids({ index: 'books', query: { simple_query_string: { query: '"lazy dogs" | "snow crash"', fields: ['title'] } } })).toEqual(expect.arrayContaining(['2', '4']));
  });

  it('runs multi_match across fields with boosts', async () => {
    const r = await ids({ index: 'books', query: { multi_match: { query: 'quick', fields: ['title', 'author^3'] } } });
    expect(r[0]).toBe('5');
    expect(r.sort()).toEqual(['1', '3', '5']);
  });

  it('filters with term, terms, exists, ids, prefix and wildcard', async () => {
    expect((await ids({ index: 'books', query: { term: { tags: 'animals' } } })).sort()).toEqual(['1', '2', '5']);
    expect((await ids({ index: 'books', query: { terms: { tags: ['food', 'nature'] } } })).sort()).toEqual(['3', '5']);
    expect((await ids({ index: 'books', query: { bool: { must_not: { exists: { field: 'price' } } } } }))).toEqual(['4']);
    expect((await ids({ index: 'books', query: { ids: { values: ['2', '4', 'nope'] } } })).sort()).toEqual(['2', '4']);
    expect((await ids({ index: 'books', query: { prefix: { 'title.keyword': 'Quick' } } }))).toEqual(['3']);
    expect((await ids({ index: 'books', query: { wildcard: { 'title.keyword': { value: '*fox*', case_insensitive: true } } } })).sort()).toEqual(['1', '5']);
  });

  it('runs numeric and date ranges, including date math', async () => {
    expect((await ids({ index: 'books', query: { range: { year: { gte: 2000, lt: 2021 } } } })).sort()).toEqual(['2', '3']);
    expect((await ids({ index: 'books', query: { range: { published: { gte: '2005-06-15||/d', lte: '2015-01-20' } } } })).sort()).toEqual(['2', '3']);
    // lte rounds up to the end of the unit, so the whole day of 2015-01-20 is included.
    expect((await ids({ index: 'books', query: { range: { published: { gt: '2005-06-15||/d', lte: '2015-01-20||/d' } } } }))).toEqual(['3']);
  });

  it('finds documents indexed within the last hour with now-1h/h', async () => {
    const now = Date.now();
    await t.client.bulk({
      refresh: true,
      operations: [
        { index: { _index: 'events', _id: 'fresh' } }, { at: new Date(now - 60_000).toISOString() },
        { index: { _index: 'events', _id: 'old' } }, { at: new Date(now - 3 * 3_600_000).toISOString() },
        { index: { _index: 'events', _id: 'future' } }, { at: new Date(now + 3 * 3_600_000).toISOString() },
      ],
    });
    expect(await ids({ index: 'events', query: { range: { at: { gte: 'now-1h/h', lte: 'now' } } } })).toEqual(['fresh']);
    expect((await ids({ index: 'events', query: { range: { at: { lt: 'now-2h' } } } }))).toEqual(['old']);
  });

  it('combines clauses in bool with minimum_should_match', async () => {
    const r = await ids({
      index: 'books',
      query: { bool: { should: [{ term: { tags: 'animals' } }, { range: { year: { gte: 2000 } } }, { match: { author: 'ann' } }], minimum_should_match: 2 } },
    });
    expect(r.sort()).toEqual(['1', '2', '3', '5']);
    const filtered = await ids({ index: 'books', query: { bool: { must: { match: { title: 'quick' } }, filter: { range: { year: { gte: 2010 } } } } } });
    expect(filtered).toEqual(['3']);
  });

  it('parses simple_query_string and the q parameter', async () => {
    expect((await ids({ index: 'books', query: { simple_query_string: { query: 'fox* -brown', fields: ['title'] } } }))).toEqual(['5']);
    expect((await ids({ index: 'books', q: 'snow' }))).toEqual(['4']);
    expect((await ids({ index: 'books', q: 'tags:food OR year:1992' })).sort()).toEqual(['3', '4']);
  });

  it('reaches keyword fields from query strings over all fields: a phrase is the whole value, a prefix any value', async () => {
    // phrases: a keyword value matches whole (sub-field title.keyword too), never a part of it
    expect(await ids({ index: 'books', query: { simple_query_string: { query: '"nature"' } } })).toEqual(['5']);
    expect(await ids({ index: 'books', query: { simple_query_string: { query: '"Snow Crash"', fields: ['title.keyword'] } } })).toEqual(['4']);
    expect(await ids({ index: 'books', query: { simple_query_string: { query: '"Snow"', fields: ['title.keyword'] } } })).toEqual([]);
    expect(await ids({ index: 'books', query: { match_phrase: { tags: 'classic' } } })).toEqual(['1']);
    // prefixes and wildcards over every text and keyword field
    expect((await ids({ index: 'books', query: { simple_query_string: { query: 'clas*' } } })).sort()).toEqual(['1']);
    expect((await ids({ index: 'books', query: { query_string: { query: 'natu?e' } } })).sort()).toEqual(['5']);
  });

  it('sorts, pages with from/size and search_after, and filters _source', async () => {
    const sorted = await t.client.search({ index: 'books', sort: [{ price: { order: 'desc' } }], _source: ['title'], size: 2 });
    expect(sorted.hits.hits.map((h) => h._id)).toEqual(['5', '2']);
    expect(sorted.hits.hits[0]).toMatchObject({ _score: null, sort: [30], _source: { title: 'Foxes of the north' } });
    const next = await ids({ index: 'books', sort: [{ price: { order: 'desc' } }], size: 2, search_after: sorted.hits.hits[1].sort });
    expect(next).toEqual(['3', '1']);
    const last = await ids({ index: 'books', sort: [{ price: { order: 'desc' } }], size: 2, search_after: [10.5] });
    expect(last).toEqual(['4']); // missing values sort last
    expect(await ids({ index: 'books', sort: ['year'], from: 1, size: 2 })).toEqual(['1', '2']);
    const excl = await t.client.search({ index: 'books', query: { ids: { values: ['1'] } }, _source: { excludes: ['tags', 'pub*'] } });
    expect(Object.keys(excl.hits.hits[0]._source as object).sort()).toEqual(['author', 'price', 'title', 'year']);
  });

  it('reports total hits as track_total_hits asks', async () => {
    await t.client.helpers.bulk({ datasource: Array.from({ length: 10_050 }, (_, i) => ({ i })), onDocument: () => ({ index: { _index: 'many' } }), refreshOnCompletion: 'many' });
    expect((await t.client.search({ index: 'many', size: 0 })).hits.total).toEqual({ value: 10_000, relation: 'gte' });
    expect((await t.client.search({ index: 'many', size: 0, track_total_hits: true })).hits.total).toEqual({ value: 10_050, relation: 'eq' });
    expect((await t.client.search({ index: 'many', size: 0, track_total_hits: false })).hits.total).toBeUndefined();
    expect((await t.client.count({ index: 'many', query: { range: { i: { lt: 50 } } } })).count).toBe(50);
  });

  it('pages through every match with helpers.scrollDocuments and clears the scroll', async () => {
    const seen: string[] = [];
    for await (const doc of t.client.helpers.scrollDocuments<{ title: string }>({ index: 'books', size: 2, sort: ['year'] })) seen.push(doc.title);
    expect(seen).toEqual([...BOOKS].sort((a, b) => a.year - b.year).map((b) => b.title));
    const first = await t.client.search({ index: 'books', scroll: '1m', size: 1 });
    const cleared = await t.client.clearScroll({ scroll_id: first._scroll_id! });
    expect(cleared.num_freed).toBe(1);
    const gone = await esError(t.client.scroll({ scroll_id: first._scroll_id!, scroll: '1m' }));
    expect([gone.status, gone.type]).toEqual([404, 'search_context_missing_exception']);
  });

  it('deletes by query, only what the query matches', async () => {
    await t.client.bulk({ refresh: true, operations: [1, 2, 3, 4].flatMap((n) => [{ index: { _index: 'dbq', _id: String(n) } }, { n }]) });
    const r = await t.client.deleteByQuery({ index: 'dbq', query: { range: { n: { gte: 3 } } }, refresh: true });
    expect(r.deleted).toBe(2);
    expect((await ids({ index: 'dbq', sort: ['n'] }))).toEqual(['1', '2']);
  });

  it('returns typed values with fields and docvalue_fields', async () => {
    const r = await t.client.search({
      index: 'books', query: { ids: { values: ['1'] } }, _source: false,
      fields: ['title*', { field: 'published', format: 'yyyy-MM-dd' }, 'year'], docvalue_fields: ['tags'],
    });
    expect(r.hits.hits[0]._source).toBeUndefined();
    expect(r.hits.hits[0].fields).toEqual({
      title: ['The Quick Brown Fox'], 'title.keyword': ['The Quick Brown Fox'], published: ['1999-03-01'], year: [1999], tags: ['animals', 'classic'],
    });
  });

  it('indexes ip fields and matches CIDR terms and address ranges', async () => {
    await t.client.indices.create({ index: 'weblogs', mappings: { properties: { client: { type: 'ip' } } } });
    await t.client.bulk({ refresh: true, operations: ['10.0.0.1', '10.0.200.7', '192.168.1.20', '2001:db8:0:0:0:0:0:1'].flatMap((ip, i) => [{ index: { _index: 'weblogs', _id: String(i) } }, { client: ip }]) });
    expect((await ids({ index: 'weblogs', query: { term: { client: '10.0.0.0/16' } } })).sort()).toEqual(['0', '1']);
    expect(await ids({ index: 'weblogs', query: { term: { client: '2001:db8::1' } } })).toEqual(['3']);
    expect((await ids({ index: 'weblogs', query: { range: { client: { gte: '10.0.0.2', lt: '192.168.1.20' } } } }))).toEqual(['1']);
    const bad = await esError(t.client.index({ index: 'weblogs', document: { client: 'not-an-ip' } }));
    expect(bad.type).toBe('document_parsing_exception');
  });

  it('highlights the queried terms in text fields', async () => {
    const r = await t.client.search({ index: 'books', query: { bool: { must: { match: { title: 'quick fox' } }, filter: { term: { tags: 'animals' } } } }, highlight: { fields: { title: {}, author: {} } } });
    expect(r.hits.hits.map((h) => [h._id, h.highlight])).toEqual([['1', { title: ['The <em>Quick</em> Brown <em>Fox</em>'] }]]);
    const long = 'Snow fell. '.repeat(30) + 'Then the quick train came. ' + 'Quiet again. '.repeat(30);
    await t.client.index({ index: 'hl', id: '1', document: { body: long }, refresh: true });
    const h = await t.client.search({ index: 'hl', query: { match: { body: 'train' } }, highlight: { fields: { body: { fragment_size: 50, pre_tags: ['['], post_tags: [']'] } } } });
    expect(h.hits.hits[0].highlight?.body).toEqual([expect.stringContaining('the quick [train] came.')]);
    expect(h.hits.hits[0].highlight!.body[0].length).toBeLessThanOrEqual(60);
  });

  it('applies post_filter to hits but not to aggregations', async () => {
    const r = await t.client.search({ index: 'books', post_filter: { term: { tags: 'food' } }, aggs: { tags: { terms: { field: 'tags' } } } });
    expect(r.hits.hits.map((h) => h._id)).toEqual(['3']);
    expect((r.aggregations?.tags as { buckets: Array<{ key: string }> }).buckets.map((b) => b.key)).toEqual(['animals', 'classic', 'food', 'nature']);
  });

  it('re-indexes matches with _update_by_query so a new multi-field becomes searchable', async () => {
    await t.client.index({ index: 'ubq', id: '1', document: { name: 'Ada' }, refresh: true });
    await t.client.indices.putMapping({ index: 'ubq', properties: { name: { type: 'text', fields: { raw: { type: 'keyword' } } } } });
    expect(await ids({ index: 'ubq', query: { term: { 'name.raw': 'Ada' } } })).toEqual([]);
    expect((await t.client.updateByQuery({ index: 'ubq', refresh: true })).updated).toBe(1);
    expect(await ids({ index: 'ubq', query: { term: { 'name.raw': 'Ada' } } })).toEqual(['1']);
  });

  it('runs several searches with _msearch, with errors per response', async () => {
    const r = await t.client.msearch({ searches: [{ index: 'books' }, { query: { term: { tags: 'food' } } }, { index: 'nope' }, { query: { match_all: {} } }] });
    expect((r.responses[0] as { hits: { hits: Array<{ _id: string }> } }).hits.hits.map((h) => h._id)).toEqual(['3']);
    expect((r.responses[1] as { status: number; error: { type: string } })).toMatchObject({ status: 404, error: { type: 'index_not_found_exception' } });
  });

  it('answers unknown query types with parsing_exception and unimplemented ones with 501', async () => {
    const unknown = await esError(t.client.search({ index: 'books', query: { no_such_query: {} } as never }));
    expect([unknown.status, unknown.type, unknown.reason]).toEqual([400, 'parsing_exception', 'unknown query [no_such_query]']);
    const fuzzy = await esError(t.client.search({ index: 'books', query: { fuzzy: { title: 'quikc' } } }));
    expect([fuzzy.status, fuzzy.type]).toEqual([501, 'unsupported_operation_exception']);
    const noIndex = await esError(t.client.search({ index: 'missing-index', query: { match_all: {} } }));
    expect([noIndex.status, noIndex.type]).toEqual([404, 'index_not_found_exception']);
    const sortText = await esError(t.client.search({ index: 'books', sort: ['title'] }));
    expect(sortText.type).toBe('illegal_argument_exception');
  });
});
