/**
 * Index APIs: create, get, exists, delete, `_mapping` get/put, `_settings` get/put, `_refresh`.
 */
import { EsError, illegalArgument, indexNotFound } from '../errors';
import type { EsRequest } from '../http';
import { flattenSettings, type Cluster } from '../store/cluster';
import type { EsIndex } from '../store/es-index';
import { Mapping } from '../store/mapping';
import { flag, type Route } from './route';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Resolves `{index}` honouring ignore_unavailable / allow_no_indices. */
export function resolveFor(req: EsRequest, cluster: Cluster, index = req.params.index): EsIndex[] {
  return cluster.resolve(index, {
    ignoreUnavailable: flag(req.query.ignore_unavailable),
    allowNoIndices: req.query.allow_no_indices === undefined ? true : flag(req.query.allow_no_indices),
  });
}

/** Nested settings as `GET _settings` shows them. */
export function settingsJson(index: EsIndex): Json {
  const out: Json = {
    ...Object.fromEntries(Object.entries(index.settings).map(([k, v]) => [k, v])),
    provided_name: index.name, creation_date: String(index.createdAt), uuid: index.uuid, version: { created: '9009000' },
  };
  // Expand dotted keys into objects (`routing.allocation.x` → nested).
  const nested: Json = {};
  for (const [k, v] of Object.entries(out)) {
    const parts = k.split('.');
    let node = nested;
    for (const p of parts.slice(0, -1)) node = (node[p] = isObj(node[p]) ? node[p] : {}) as Json;
    node[parts[parts.length - 1]] = v;
  }
  return { index: nested };
}

const aliasesJson = (index: EsIndex): Json => Object.fromEntries(index.aliases);

const create: Route = {
  methods: ['PUT'], path: '/{index}', op: 'indices.create',
  handle(req, ctx) {
    const body = req.json() ?? {};
    const index = ctx.cluster.createIndex(req.params.index, body);
    return { body: { acknowledged: true, shards_acknowledged: true, index: index.name } };
  },
};

const exists: Route = {
  methods: ['HEAD'], path: '/{index}', op: 'indices.exists',
  handle(req, ctx) {
    try {
      const found = ctx.cluster.resolve(req.params.index, { allowNoIndices: false });
      return { status: found.length ? 200 : 404 };
    } catch (err) {
      if (err instanceof EsError && err.status === 404) return { status: 404 };
      throw err;
    }
  },
};

const get: Route = {
  methods: ['GET'], path: '/{index}', op: 'indices.get',
  handle(req, ctx) {
    const indices = resolveFor(req, ctx.cluster);
    if (indices.length === 0 && !req.params.index.includes('*')) throw indexNotFound(req.params.index);
    return { body: Object.fromEntries(indices.map((i) => [i.name, { aliases: aliasesJson(i), mappings: i.mapping.toJSON(), settings: settingsJson(i) }])) };
  },
};

const del: Route = {
  methods: ['DELETE'], path: '/{index}', op: 'indices.delete',
  handle(req, ctx) {
    const names = req.params.index.split(',');
    for (const n of names) {
      if (n === '_all' || n === '*' || (n.includes('*') && !n.startsWith('-'))) {
        throw illegalArgument(`Wildcard expressions or all indices are not allowed (action.destructive_requires_name is true): [${req.params.index}]`);
      }
      if (!ctx.cluster.indices.has(n) && ctx.cluster.aliasTargets(n).length) {
        throw illegalArgument(`The provided expression [${n}] matches an alias, specify the corresponding concrete indices instead.`);
      }
    }
    const indices = resolveFor(req, ctx.cluster);
    ctx.cluster.deleteIndices(indices);
    return { body: { acknowledged: true } };
  },
};

const getMapping = (withIndex: boolean): Route => ({
  methods: ['GET'], path: withIndex ? '/{index}/_mapping' : '/_mapping', op: 'indices.get_mapping',
  handle(req, ctx) {
    return { body: Object.fromEntries(resolveFor(req, ctx.cluster).map((i) => [i.name, { mappings: i.mapping.toJSON() }])) };
  },
});

const putMapping: Route = {
  methods: ['PUT', 'POST'], path: '/{index}/_mapping', op: 'indices.put_mapping',
  handle(req, ctx) {
    const body = req.json();
    if (!body) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: mapping source is missing;' });
    const indices = resolveFor(req, ctx.cluster);
    if (!indices.length) throw indexNotFound(req.params.index);
    // Validate on copies first so a failure changes no index.
    for (const i of indices) {
      const probe = new Mapping();
      probe.merge(i.mapping.toJSON());
      probe.merge(body);
    }
    for (const i of indices) i.mapping.merge(body);
    ctx.cluster.metaVersion++;
    return { body: { acknowledged: true } };
  },
};

const refresh = (withIndex: boolean): Route => ({
  methods: ['POST', 'GET'], path: withIndex ? '/{index}/_refresh' : '/_refresh', op: 'indices.refresh',
  handle(req, ctx) {
    const indices = resolveFor(req, ctx.cluster);
    for (const i of indices) i.refresh();
    return { body: { _shards: { total: indices.length * 2, successful: indices.length, failed: 0 } } };
  },
});

const getSettings = (withIndex: boolean): Route => ({
  methods: ['GET'], path: withIndex ? '/{index}/_settings' : '/_settings', op: 'indices.get_settings',
  handle(req, ctx) {
    return { body: Object.fromEntries(resolveFor(req, ctx.cluster).map((i) => [i.name, { settings: settingsJson(i) }])) };
  },
});

const DYNAMIC_SETTINGS = new Set(['number_of_replicas', 'refresh_interval', 'max_result_window', 'blocks.write', 'blocks.read_only', 'auto_expand_replicas']);

const putSettings: Route = {
  methods: ['PUT'], path: '/{index}/_settings', op: 'indices.put_settings',
  handle(req, ctx) {
    const body = req.json();
    if (!body) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no settings to update;' });
    const flat = flattenSettings(isObj(body.settings) ? body.settings : body);
    const bad = Object.keys(flat).filter((k) => !DYNAMIC_SETTINGS.has(k));
    if (bad.length) throw illegalArgument(`Can't update non dynamic settings [[${bad.map((k) => `index.${k}`).join(', ')}]] for open indices`);
    for (const i of resolveFor(req, ctx.cluster)) Object.assign(i.settings, flat);
    ctx.cluster.metaVersion++;
    return { body: { acknowledged: true } };
  },
};


/** Index routes. */
export const INDEX_ROUTES: Route[] = [create, exists, get, del, getMapping(false), getMapping(true), putMapping, refresh(false), refresh(true), getSettings(false), getSettings(true), putSettings];
