/**
 * `GET /` (a 9.x-compatible info answer), `_cluster/health`, `_cat/indices`, `_cat/count`,
 * `_cat/aliases` and `_stats`. The single
 * emulated node holds every shard, so health is green (see UNSUPPORTED.md).
 */
import { flag, type Route } from './route';

/** The version this emulator answers as. */
export const VERSION = {
  number: '9.1.0',
  build_flavor: 'default',
  build_type: 'tributary-emulator',
  build_hash: '0000000000000000000000000000000000000000',
  build_date: '2025-07-01T00:00:00.000Z',
  build_snapshot: false,
  lucene_version: '10.2.2',
  minimum_wire_compatibility_version: '8.19.0',
  minimum_index_compatibility_version: '8.0.0',
};

const info: Route = {
  methods: ['GET', 'HEAD'], path: '/', op: 'info',
  handle: (_req, ctx) => ({ body: { name: ctx.nodeName, cluster_name: ctx.clusterName, cluster_uuid: 'tributary-local-cluster', version: VERSION, tagline: 'You Know, for Search' } }),
};

const health = (withIndex: boolean): Route => ({
  methods: ['GET'], path: withIndex ? '/_cluster/health/{index}' : '/_cluster/health', op: 'cluster.health',
  handle(req, ctx) {
    const indices = ctx.cluster.resolve(req.params.index, { allowNoIndices: true });
    const shards = indices.length;
    const body: Record<string, unknown> = {
      cluster_name: ctx.clusterName, status: 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1,
      active_primary_shards: shards, active_shards: shards, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0,
      unassigned_primary_shards: 0, delayed_unassigned_shards: 0, number_of_pending_tasks: 0, number_of_in_flight_fetch: 0,
      task_max_waiting_in_queue_millis: 0, active_shards_percent_as_number: 100.0,
    };
    if (req.query.level === 'indices') {
      body.indices = Object.fromEntries(indices.map((i) => [i.name, { status: 'green', number_of_shards: 1, number_of_replicas: Number(i.settings.number_of_replicas ?? 1), active_primary_shards: 1, active_shards: 1, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0, unassigned_primary_shards: 0 }]));
    }
    return { body };
  },
});

const catIndices = (withIndex: boolean): Route => ({
  methods: ['GET'], path: withIndex ? '/_cat/indices/{index}' : '/_cat/indices', op: 'cat.indices',
  handle(req, ctx) {
    const indices = ctx.cluster.resolve(req.params.index, { allowNoIndices: true });
    let rows = indices.map((i) => {
      const bytes = i.sources.reduce((n, s) => n + s.length, 0);
      const size = req.query.bytes === 'b' ? String(bytes) : bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)}mb` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)}kb` : `${bytes}b`;
      return {
        health: 'green', status: 'open', index: i.name, uuid: i.uuid, pri: '1', rep: String(i.settings.number_of_replicas ?? '1'),
        'docs.count': String(i.visibleCount), 'docs.deleted': String(i.visibleUpTo - i.visibleCount), 'store.size': size, 'pri.store.size': size, 'dataset.size': size,
      } as Record<string, string>;
    });
    if (req.query.s) {
      const [col, dir] = req.query.s.split(':');
      rows = rows.sort((a, b) => (a[col] < b[col] ? -1 : a[col] > b[col] ? 1 : 0) * (dir === 'desc' ? -1 : 1));
    }
    return catTable(req.query, ['health', 'status', 'index', 'uuid', 'pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size', 'dataset.size'], rows);
  },
});

/** Renders `_cat` rows as JSON (`format=json`) or an aligned text table (`v` adds the header). */
function catTable(query: Record<string, string>, columns: string[], rows: Array<Record<string, string>>) {
  const cols = query.h ? query.h.split(',') : columns;
  if (query.format === 'json') return { body: rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null]))) };
  const table = rows.map((r) => cols.map((c) => r[c] ?? ''));
  if (flag(query.v)) table.unshift(cols);
  const widths = cols.map((_c, i) => Math.max(0, ...table.map((r) => r[i].length)));
  return { text: table.map((r) => r.map((v, i) => v.padEnd(widths[i])).join(' ').trimEnd() + '\n').join('') };
}

const catCount = (withIndex: boolean): Route => ({
  methods: ['GET'], path: withIndex ? '/_cat/count/{index}' : '/_cat/count', op: 'cat.count',
  handle(req, ctx) {
    const count = ctx.cluster.resolve(req.params.index, { allowNoIndices: true }).reduce((n, i) => n + i.visibleCount, 0);
    const now = Date.now();
    return catTable(req.query, ['epoch', 'timestamp', 'count'], [{ epoch: String(Math.floor(now / 1000)), timestamp: new Date(now).toISOString().slice(11, 19), count: String(count) }]);
  },
});

const catAliases: Route = {
  methods: ['GET'], path: '/_cat/aliases', op: 'cat.aliases',
  handle(req, ctx) {
    const rows = [...ctx.cluster.indices.values()].flatMap((i) => [...i.aliases].map(([alias, def]) => ({
      alias, index: i.name, filter: '-', 'routing.index': '-', 'routing.search': '-', is_write_index: def.is_write_index === undefined ? '-' : String(def.is_write_index),
    })));
    return catTable(req.query, ['alias', 'index', 'filter', 'routing.index', 'routing.search', 'is_write_index'], rows);
  },
};

const stats = (withIndex: boolean): Route => ({
  methods: ['GET'], path: withIndex ? '/{index}/_stats' : '/_stats', op: 'indices.stats',
  handle(req, ctx) {
    const indices = ctx.cluster.resolve(req.params.index, { allowNoIndices: true });
    const of = (list: typeof indices) => {
      const count = list.reduce((n, i) => n + i.visibleCount, 0);
      const deleted = list.reduce((n, i) => n + i.visibleUpTo - i.visibleCount, 0);
      const bytes = list.reduce((n, i) => n + i.sources.reduce((m, src) => m + src.length, 0), 0);
      const block = { docs: { count, deleted }, store: { size_in_bytes: bytes, reserved_in_bytes: 0 }, indexing: { index_total: list.reduce((n, i) => n + i.ids.length, 0) } };
      return { primaries: block, total: block };
    };
    return { body: {
      _shards: { total: indices.length, successful: indices.length, failed: 0 },
      _all: of(indices),
      indices: Object.fromEntries(indices.map((i) => [i.name, { uuid: i.uuid, health: 'green', status: 'open', ...of([i]) }])),
    } };
  },
});

/** Info, health, cat and stats routes. */
export const INFO_ROUTES: Route[] = [info, health(false), health(true), catIndices(false), catIndices(true), catCount(false), catCount(true), catAliases, stats(false), stats(true)];
