import { esError, useEmulator } from './test-helpers';

describe('_bulk through the official client', () => {
  const t = useEmulator();

  it('indexes 100,000 documents with helpers.bulk and counts them all', async () => {
    const docs = Array.from({ length: 100_000 }, (_, i) => ({ id: `e${i}`, kind: `k${i % 7}`, value: i, at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() }));
    const stats = await t.client.helpers.bulk({
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: 'big', _id: doc.id } }),
      refreshOnCompletion: 'big',
    });
    expect(stats.total).toBe(100_000);
    expect(stats.successful).toBe(100_000);
    expect(stats.failed).toBe(0);
    expect((await t.client.count({ index: 'big' })).count).toBe(100_000);
    expect((await t.client.count({ index: 'big', query: { term: { 'kind.keyword': 'k3' } } })).count).toBe(docs.filter((d) => d.kind === 'k3').length);
  });

  it('reports per-item results and the errors flag, with mapping errors on their own item', async () => {
    await t.client.indices.create({ index: 'items', mappings: { properties: { n: { type: 'integer' } } } });
    const r = await t.client.bulk({
      refresh: true,
      operations: [
        { index: { _index: 'items', _id: '1' } }, { n: 1 },
        { create: { _index: 'items', _id: '1' } }, { n: 2 },
        { index: { _index: 'items', _id: '2' } }, { n: 'not a number' },
        { update: { _index: 'items', _id: '1' } }, { doc: { n: 10 } },
        { delete: { _index: 'items', _id: '404' } },
        { create: { _index: 'items', _id: '3' } }, { n: 3 },
      ],
    });
    expect(r.errors).toBe(true);
    expect(r.items.map((i) => Object.values(i)[0].status)).toEqual([201, 409, 400, 200, 404, 201]);
    expect(r.items[1].create?.error?.type).toBe('version_conflict_engine_exception');
    expect(r.items[2].index?.error?.type).toBe('document_parsing_exception');
    expect((await t.client.get({ index: 'items', id: '1' }))._source).toEqual({ n: 10 });
    expect((await t.client.count({ index: 'items' })).count).toBe(2);
  });

  it('trims the response with filter_path', async () => {
    await t.client.indices.create({ index: 'trim', mappings: { properties: { n: { type: 'long' } } } });
    const r = await t.client.bulk({ filter_path: 'errors,items.*.error.type', operations: [{ index: { _index: 'trim' } }, { n: 1 }, { index: { _index: 'trim' } }, { n: 'bad' }] });
    expect(r).toEqual({ errors: true, items: [{ index: { error: { type: 'document_parsing_exception' } } }] });
  });

  it('answers errors:false when every item succeeds', async () => {
    const r = await t.client.bulk({ operations: [{ index: { _index: 'ok', _id: 'x' } }, { a: 1 }] });
    expect(r.errors).toBe(false);
  });

  it('rejects wrong NDJSON with illegal_argument_exception and keeps serving', async () => {
    const post = (body: string) => fetch(`${t.es.url}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
    for (const body of ['{"index": {"_index": "x"}\n{"a":1}', 'not json\n{"a":1}\n', '{"explode": {"_index": "x"}}\n{}\n', '{"index": {"_index": "x"}}\n']) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const parsed = (await res.json()) as { error: { type: string } };
      expect(parsed.error.type).toBe('illegal_argument_exception');
    }
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { type: string } }).error.type).toBe('action_request_validation_exception');
    const malformedSource = await t.client.bulk({ operations: [{ index: { _index: 'x', _id: '1' } }, { fine: true }] });
    expect(malformedSource.errors).toBe(false);
    const res = await post('{"index": {"_index": "x", "_id": "2"}}\n{"broken": \n');
    const item = ((await res.json()) as { errors: boolean; items: Array<{ index: { status: number } }> });
    expect(item.errors).toBe(true);
    expect(item.items[0].index.status).toBe(400);
  });

  it('answers a bulk to a missing index expression with an item error when require_alias is set', async () => {
    const err = await t.client.bulk({ require_alias: true, operations: [{ index: { _index: 'not-an-alias' } }, { a: 1 }] });
    expect(err.items[0].index?.error?.type).toBe('index_not_found_exception');
    const noIndex = await esError(t.client.search({ index: 'not-an-alias' }));
    expect(noIndex.type).toBe('index_not_found_exception');
  });
});
