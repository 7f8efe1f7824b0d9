import { esError, STORES, useEmulator } from './test-helpers';

describe.each(STORES)('documents through the official client (%s store)', (_name, persistent) => {
  const t = useEmulator({ persistent });

  it('indexes with and without an id, and gets the source back with its version', async () => {
    const withId = await t.client.index({ index: 'docs', id: 'a', document: { n: 1 } });
    expect(withId).toMatchObject({ _index: 'docs', _id: 'a', _version: 1, result: 'created' });
    const again = await t.client.index({ index: 'docs', id: 'a', document: { n: 2 } });
    expect(again).toMatchObject({ _version: 2, result: 'updated' });
    const generated = await t.client.index({ index: 'docs', document: { n: 3 } });
    expect(generated._id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const got = await t.client.get({ index: 'docs', id: 'a' });
    expect(got).toMatchObject({ found: true, _version: 2, _source: { n: 2 } });
  });

  it('rejects create of an existing id with 409 version_conflict_engine_exception', async () => {
    await t.client.create({ index: 'create-conflict', id: '1', document: { a: 1 } });
    const err = await esError(t.client.create({ index: 'create-conflict', id: '1', document: { a: 2 } }));
    expect(err.status).toBe(409);
    expect(err.type).toBe('version_conflict_engine_exception');
    expect((await t.client.get({ index: 'create-conflict', id: '1' }))._source).toEqual({ a: 1 });
  });

  it('deletes, and answers 404 found:false for a missing doc', async () => {
    await t.client.index({ index: 'del', id: '1', document: { a: 1 } });
    expect((await t.client.delete({ index: 'del', id: '1' })).result).toBe('deleted');
    const missing = await esError(t.client.get({ index: 'del', id: '1' }));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ found: false, _id: '1' });
    expect(await t.client.exists({ index: 'del', id: '1' })).toBe(false);
  });

  it('updates with a partial doc, upserts, detects no-ops and 404s a missing doc', async () => {
    await t.client.index({ index: 'upd', id: '1', document: { a: 1, nested: { x: 1, y: 2 } } });
    const r = await t.client.update({ index: 'upd', id: '1', doc: { nested: { x: 5 } } });
    expect(r).toMatchObject({ result: 'updated', _version: 2 });
    expect((await t.client.get({ index: 'upd', id: '1' }))._source).toEqual({ a: 1, nested: { x: 5, y: 2 } });
    expect((await t.client.update({ index: 'upd', id: '1', doc: { a: 1 } })).result).toBe('noop');
    expect((await t.client.update({ index: 'upd', id: '2', doc: { b: 1 }, upsert: { b: 0 } })).result).toBe('created');
    expect((await t.client.get({ index: 'upd', id: '2' }))._source).toEqual({ b: 0 });
    expect((await t.client.update({ index: 'upd', id: '3', doc: { c: 1 }, doc_as_upsert: true })).result).toBe('created');
    const err = await esError(t.client.update({ index: 'upd', id: 'nope', doc: { c: 1 } }));
    expect([err.status, err.type]).toEqual([404, 'document_missing_exception']);
  });

  it('honours if_seq_no for optimistic concurrency', async () => {
    const first = await t.client.index({ index: 'occ', id: '1', document: { v: 1 } });
    await t.client.index({ index: 'occ', id: '1', document: { v: 2 }, if_seq_no: first._seq_no, if_primary_term: 1 });
    const err = await esError(t.client.index({ index: 'occ', id: '1', document: { v: 3 }, if_seq_no: first._seq_no, if_primary_term: 1 }));
    expect([err.status, err.type]).toEqual([409, 'version_conflict_engine_exception']);
  });

  it('gets many docs with _mget, with found:false and per-doc index errors', async () => {
    await t.client.index({ index: 'mg', id: '1', document: { a: 1, b: 2 } });
    const r = await t.client.mget({ docs: [{ _index: 'mg', _id: '1', _source: ['a'] }, { _index: 'mg', _id: '2' }, { _index: 'nowhere', _id: '1' }] });
    expect(r.docs[0]).toMatchObject({ found: true, _source: { a: 1 } });
    expect(r.docs[1]).toMatchObject({ found: false });
    expect((r.docs[2] as unknown as { error: { type: string } }).error.type).toBe('index_not_found_exception');
  });

  it('keeps writes out of search until a refresh, but get is real-time', async () => {
    await t.client.indices.create({ index: 'rt', settings: { refresh_interval: '-1' } });
    await t.client.index({ index: 'rt', id: '1', document: { a: 1 } });
    expect((await t.client.get({ index: 'rt', id: '1' })).found).toBe(true);
    expect((await t.client.count({ index: 'rt' })).count).toBe(0);
    await t.client.indices.refresh({ index: 'rt' });
    expect((await t.client.count({ index: 'rt' })).count).toBe(1);
    await t.client.index({ index: 'rt', id: '2', document: { a: 2 }, refresh: 'wait_for' });
    expect((await t.client.count({ index: 'rt' })).count).toBe(2);
    await t.client.delete({ index: 'rt', id: '1', refresh: true });
    expect((await t.client.count({ index: 'rt' })).count).toBe(1);
  });

  it('keeps showing the refreshed version to search until the next refresh', async () => {
    await t.client.indices.create({ index: 'versions', settings: { refresh_interval: '-1' } });
    await t.client.index({ index: 'versions', id: '1', document: { v: 1 }, refresh: true });
    await t.client.index({ index: 'versions', id: '1', document: { v: 2 } });
    const before = await t.client.search({ index: 'versions', query: { ids: { values: ['1'] } } });
    expect(before.hits.hits.map((h) => h._source)).toEqual([{ v: 1 }]);
    await t.client.indices.refresh({ index: 'versions' });
    const after = await t.client.search({ index: 'versions', query: { ids: { values: ['1'] } } });
    expect(after.hits.hits.map((h) => h._source)).toEqual([{ v: 2 }]);
  });

  it('refreshes on its own after index.refresh_interval', async () => {
    await t.client.indices.create({ index: 'auto', settings: { refresh_interval: '100ms' } });
    await t.client.index({ index: 'auto', id: '1', document: { a: 1 } });
    let count = 0;
    for (let i = 0; i < 100 && count === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      count = (await t.client.count({ index: 'auto' })).count;
    }
    expect(count).toBe(1);
  });

  it('rejects a value that does not fit its mapping, leaving the mapping unchanged', async () => {
    await t.client.indices.create({ index: 'typed', mappings: { properties: { n: { type: 'long' }, when: { type: 'date', format: 'yyyy-MM-dd' } } } });
    const bad = await esError(t.client.index({ index: 'typed', document: { n: 'abc', extra: 'x' } }));
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('document_parsing_exception');
    expect(bad.reason).toContain('failed to parse field [n] of type [long]');
    const badDate = await esError(t.client.index({ index: 'typed', document: { when: '2024/01/01' } }));
    expect(badDate.reason).toContain('failed to parse field [when] of type [date]');
    const mapping = await t.client.indices.getMapping({ index: 'typed' });
    expect(Object.keys(mapping.typed.mappings.properties ?? {})).toEqual(['n', 'when']);
  });

  it('accepts compressed request bodies from a client with compression on', async () => {
    const { Client } = await import('@elastic/elasticsearch');
    const gz = new Client({ node: t.es.url, compression: true });
    try {
      await gz.index({ index: 'gzipped', id: '1', document: { big: 'x'.repeat(2000) }, refresh: true });
      expect((await gz.search({ index: 'gzipped', query: { match_all: {} } })).hits.hits[0]._id).toBe('1');
    } finally {
      await gz.close();
    }
  });

  it('answers malformed JSON bodies with a 400 parse error, and keeps serving', async () => {
    const res = await fetch(`${t.es.url}/anything/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": {' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-elastic-product')).toBe('Elasticsearch');
    const body = (await res.json()) as { error: { type: string } };
    expect(body.error.type).toBe('x_content_parse_exception');
    const bad = await fetch(`${t.es.url}/bad/_doc/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '[1,2' });
    expect(bad.status).toBe(400);
    expect((await t.client.info()).tagline).toBe('You Know, for Search');
  });
});
