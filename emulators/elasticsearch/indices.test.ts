import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { startElasticsearch } from './index';
import { esError, useEmulator } from './test-helpers';

describe('indices, templates, mappings and aliases through the official client', () => {
  const t = useEmulator();

  it('answers info, health and _cat/indices with the product header the client requires', async () => {
    const info = await t.client.info();
    expect(info.version.number).toMatch(/^9\./);
    expect((await t.client.cluster.health()).status).toBe('green');
    await t.client.indices.create({ index: 'cat-me' });
    await t.client.index({ index: 'cat-me', document: { a: 1 }, refresh: true });
    const cat = await t.client.cat.indices({ index: 'cat-me', format: 'json' });
    expect(cat[0]).toMatchObject({ index: 'cat-me', health: 'green', status: 'open', 'docs.count': '1' });
    const text = await t.client.cat.indices({ index: 'cat-me', v: true, h: ['index', 'docs.count'] });
    expect(String(text).split('\n')[1].split(/\s+/)).toEqual(['cat-me', '1']);
  });

  it('answers _cat/count, _cat/aliases and _stats', async () => {
    await t.client.indices.create({ index: 'counted', aliases: { counted_alias: {} } });
    await t.client.bulk({ refresh: true, operations: [{ index: { _index: 'counted' } }, { a: 1 }, { index: { _index: 'counted' } }, { a: 2 }] });
    expect((await t.client.cat.count({ index: 'counted', format: 'json' }))[0].count).toBe('2');
    expect((await t.client.cat.aliases({ format: 'json' })).find((a) => a.alias === 'counted_alias')?.index).toBe('counted');
    const stats = await t.client.indices.stats({ index: 'counted' });
    expect(stats.indices?.counted.primaries?.docs?.count).toBe(2);
  });

  it('applies the highest-priority matching index template to new daily indices, with its alias', async () => {
    await t.client.indices.putIndexTemplate({ name: 'taxi-low', index_patterns: ['taxi-*'], priority: 1, template: { mappings: { properties: { fare: { type: 'float' } } } } });
    await t.client.indices.putIndexTemplate({
      name: 'taxi', index_patterns: ['taxi-*'], priority: 10,
      template: { settings: { number_of_replicas: 0 }, mappings: { properties: { fare: { type: 'double' }, comfort: { type: 'keyword' } } }, aliases: { taxi: {} } },
    });
    const clash = await esError(t.client.indices.putIndexTemplate({ name: 'taxi-clash', index_patterns: ['taxi-2024*'], priority: 10 }));
    expect(clash.type).toBe('illegal_argument_exception');
    await t.client.index({ index: 'taxi-2024.05.01', document: { fare: 12.5, comfort: 'high', extra: 'x' }, refresh: true });
    await t.client.index({ index: 'taxi-2024.05.02', document: { fare: 7, comfort: 'low' }, refresh: true });
    const mapping = await t.client.indices.getMapping({ index: 'taxi-2024.05.01' });
    expect(mapping['taxi-2024.05.01'].mappings.properties).toMatchObject({ fare: { type: 'double' }, comfort: { type: 'keyword' } });
    const settings = await t.client.indices.getSettings({ index: 'taxi-2024.05.01' });
    expect(settings['taxi-2024.05.01'].settings?.index?.number_of_replicas).toBe('0');
    expect((await t.client.count({ index: 'taxi' })).count).toBe(2);
    const got = await t.client.indices.getIndexTemplate({ name: 'taxi' });
    expect(got.index_templates[0].index_template.priority).toBe(10);
    await t.client.indices.deleteIndexTemplate({ name: 'taxi-low' });
    expect(await t.client.indices.existsIndexTemplate({ name: 'taxi-low' })).toBe(false);
  });

  it('maps unmapped fields with Elasticsearch dynamic rules', async () => {
    await t.client.index({ index: 'dyn', document: { s: 'hello world', n: 3, f: 1.5, b: true, d: '2024-05-01T10:00:00Z', o: { inner: 'x' }, list: [1, 2], nothing: null } });
    const props = (await t.client.indices.getMapping({ index: 'dyn' })).dyn.mappings.properties!;
    expect(props.s).toEqual({ type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } });
    expect(props.n).toEqual({ type: 'long' });
    expect(props.f).toEqual({ type: 'float' });
    expect(props.b).toEqual({ type: 'boolean' });
    expect(props.d).toEqual({ type: 'date' });
    expect(props.o).toEqual({ properties: { inner: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } } } });
    expect(props.list).toEqual({ type: 'long' });
    expect(props.nothing).toBeUndefined();
    const conflict = await esError(t.client.index({ index: 'dyn', document: { n: 'three' } }));
    expect(conflict.type).toBe('document_parsing_exception');
  });

  it('puts mappings, refusing type changes and honouring dynamic: strict', async () => {
    await t.client.indices.create({ index: 'strict', mappings: { dynamic: 'strict', properties: { a: { type: 'keyword' } } } });
    const unknown = await esError(t.client.index({ index: 'strict', document: { b: 1 } }));
    expect(unknown.type).toBe('strict_dynamic_mapping_exception');
    await t.client.indices.putMapping({ index: 'strict', properties: { b: { type: 'integer' }, where: { type: 'geo_point' }, kids: { type: 'nested', properties: { name: { type: 'keyword' } } } } });
    await t.client.index({ index: 'strict', document: { a: 'x', b: 1, where: { lat: 1, lon: 2 }, kids: [{ name: 'k' }] } });
    const change = await esError(t.client.indices.putMapping({ index: 'strict', properties: { b: { type: 'keyword' } } }));
    expect([change.type, change.reason]).toEqual(['illegal_argument_exception', 'mapper [b] cannot be changed from type [integer] to [keyword]']);
    const badType = await esError(t.client.indices.create({ index: 'bad-type', mappings: { properties: { x: { type: 'nonsense' as 'keyword' } } } }));
    expect(badType.type).toBe('mapper_parsing_exception');
  });

  it('manages aliases and resolves them in searches and writes', async () => {
    await t.client.indices.create({ index: 'logs-1' });
    await t.client.indices.create({ index: 'logs-2' });
    await t.client.indices.updateAliases({ actions: [{ add: { index: 'logs-1', alias: 'logs' } }, { add: { index: 'logs-2', alias: 'logs', is_write_index: true } }] });
    await t.client.index({ index: 'logs', id: 'w', document: { m: 1 }, refresh: true });
    expect((await t.client.get({ index: 'logs-2', id: 'w' })).found).toBe(true);
    expect(Object.keys(await t.client.indices.getAlias({ name: 'logs' })).sort()).toEqual(['logs-1', 'logs-2']);
    expect(await t.client.indices.existsAlias({ name: 'logs' })).toBe(true);
    await t.client.indices.deleteAlias({ index: 'logs-2', name: 'logs' });
    const noWriter = await esError(t.client.index({ index: 'logs-3-alias-check', document: {} }).then(() => t.client.indices.putAlias({ index: 'logs-3-alias-check', name: 'logs' })).then(() => t.client.index({ index: 'logs', document: {} })));
    expect(noWriter.type).toBe('illegal_argument_exception');
  });

  it('creates, checks, gets and deletes indices with Elasticsearch errors', async () => {
    expect((await t.client.indices.create({ index: 'life' })).acknowledged).toBe(true);
    expect((await esError(t.client.indices.create({ index: 'life' }))).type).toBe('resource_already_exists_exception');
    expect((await esError(t.client.indices.create({ index: 'Upper' }))).type).toBe('invalid_index_name_exception');
    expect(await t.client.indices.exists({ index: 'life' })).toBe(true);
    expect(Object.keys(await t.client.indices.get({ index: 'life' }))).toEqual(['life']);
    await t.client.indices.delete({ index: 'life' });
    expect(await t.client.indices.exists({ index: 'life' })).toBe(false);
    const missing = await esError(t.client.indices.delete({ index: 'life' }));
    expect([missing.status, missing.type]).toEqual([404, 'index_not_found_exception']);
    const unknown = await fetch(`${t.es.url}/_no_such_api`);
    expect(unknown.status).toBe(400);
  });

  it('runs fault hooks before operations', async () => {
    const faulty = await startElasticsearch({ port: 0, faults: (op) => (op === 'bulk' ? new Error('injected bulk failure') : undefined) });
    const client = new Client({ node: faulty.url });
    try {
      await client.indices.create({ index: 'ok' });
      const err = await esError(client.bulk({ operations: [{ index: { _index: 'ok' } }, { a: 1 }] }));
      expect(err.status).toBe(500);
      expect(err.reason).toBe('injected bulk failure');
    } finally {
      await client.close();
      await faulty.close();
    }
  });
});

describe('snapshots to a data dir', () => {
  it('appends changes between snapshots and replays them, also for a re-created index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-emulator-'));
    try {
      const es = await startElasticsearch({ port: 0, dataDir: dir, snapshotIntervalMs: 20 });
      const c = new Client({ node: es.url });
      const tick = () => new Promise((r) => setTimeout(r, 120));
      await c.index({ index: 'log', id: '1', document: { v: 1 } });
      await tick();
      await c.index({ index: 'log', id: '1', document: { v: 2 } });
      await c.index({ index: 'log', id: '2', document: { v: 1 } });
      await tick();
      await c.delete({ index: 'log', id: '2' });
      await tick();
      await c.indices.delete({ index: 'log' });
      await c.index({ index: 'log', id: '3', document: { v: 3 } });
      await c.close();
      await es.close();
      const again = await startElasticsearch({ port: 0, dataDir: dir });
      const c2 = new Client({ node: again.url });
      try {
        const all = await c2.search({ index: 'log' });
        expect(all.hits.hits.map((h) => [h._id, h._source])).toEqual([['3', { v: 3 }]]);
      } finally {
        await c2.close();
        await again.close();
      }
      const once = await startElasticsearch({ port: 0, dataDir: dir, snapshotIntervalMs: 20 });
      const c3 = new Client({ node: once.url });
      await c3.index({ index: 'log', id: '1', document: { v: 10 } });
      await tick();
      await c3.delete({ index: 'log', id: '3' });
      await c3.close();
      await once.close();
      const last = await startElasticsearch({ port: 0, dataDir: dir });
      const c4 = new Client({ node: last.url });
      try {
        expect((await c4.search({ index: 'log' })).hits.hits.map((h) => [h._id, h._source])).toEqual([['1', { v: 10 }]]);
        expect((await c4.get({ index: 'log', id: '1' }))._version).toBe(1);
      } finally {
        await c4.close();
        await last.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps indices, documents, mappings, aliases and templates across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-emulator-'));
    try {
      const first = await startElasticsearch({ port: 0, dataDir: dir });
      const c1 = new Client({ node: first.url });
      await c1.indices.putIndexTemplate({ name: 'keep', index_patterns: ['keep-*'], template: { mappings: { properties: { k: { type: 'keyword' } } } } });
      await c1.indices.create({ index: 'keep-1', aliases: { kept: {} } });
      await c1.bulk({ operations: [{ index: { _index: 'keep-1', _id: 'a' } }, { k: 'x', n: 1 }, { index: { _index: 'keep-1', _id: 'b' } }, { k: 'y', n: 2 }] });
      await c1.index({ index: 'keep-1', id: 'a', document: { k: 'x', n: 10 } });
      await c1.delete({ index: 'keep-1', id: 'b' });
      await c1.close();
      await first.close();

      const second = await startElasticsearch({ port: 0, dataDir: dir });
      const c2 = new Client({ node: second.url });
      try {
        expect(await c2.get({ index: 'kept', id: 'a' })).toMatchObject({ _version: 2, _source: { k: 'x', n: 10 } });
        expect((await c2.count({ index: 'keep-1' })).count).toBe(1);
        expect((await c2.indices.getMapping({ index: 'keep-1' }))['keep-1'].mappings.properties?.k).toEqual({ type: 'keyword' });
        expect((await c2.indices.getIndexTemplate({ name: 'keep' })).index_templates).toHaveLength(1);
        expect((await c2.search({ index: 'keep-1', query: { term: { k: 'x' } } })).hits.hits[0]._id).toBe('a');
      } finally {
        await c2.close();
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
