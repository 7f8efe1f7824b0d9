/**
 * The Elasticsearch emulator: a REST server the official `@elastic/elasticsearch` client (v9)
 * talks to unchanged through `ELASTICSEARCH_URL`. Runs in process
 * (`await startElasticsearch({ port: 0 })`) and alone (`tributary emulators --only elasticsearch`).
 * What it does not implement answers 501 and is listed in UNSUPPORTED.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALIAS_ROUTES } from './api/aliases';
import { BULK_ROUTES } from './api/bulk';
import { DOCUMENT_ROUTES } from './api/documents';
import { INDEX_ROUTES } from './api/indices';
import { INFO_ROUTES } from './api/info';
import type { ApiContext } from './api/route';
import { SEARCH_ROUTES } from './api/search';
import { TEMPLATE_ROUTES } from './api/templates';
import type { EmulatorHandle, EmulatorOptions, FaultHook } from '../common/types';
import { EsError } from './errors';
import { errorResponse, makeRequest, readBody, writeResponse, type EsResponse } from './http';
import { loadSnapshot, saveSnapshot, type SnapshotState } from './persistence';
import { Router } from './router';
import { ScrollRegistry } from './search/scroll';
import { Cluster } from './store/cluster';
import type { EsIndex } from './store/es-index';

/** Options of {@link startElasticsearch}. */
export interface ElasticsearchOptions extends EmulatorOptions {
  /** Called before every operation (`op` is the client API name, e.g. `bulk`, `indices.create`). @default undefined */
  readonly faults?: FaultHook;
  /** How often a data dir snapshot is taken when something changed, in ms. @default 5000 */
  readonly snapshotIntervalMs?: number;
  /** Structured log sink. @default JSON lines on stdout for errors only */
  readonly log?: (entry: { severity: string; message: string; [k: string]: unknown }) => void;
}

/** A running emulator, with its state for tests and tools. */
export interface ElasticsearchHandle extends EmulatorHandle {
  readonly cluster: Cluster;
}

/** The default local port (ARCHITECTURE §4). */
export const ELASTICSEARCH_PORT = 9200;

const ROUTES = [...INFO_ROUTES, ...TEMPLATE_ROUTES, ...ALIAS_ROUTES, ...BULK_ROUTES, ...SEARCH_ROUTES, ...DOCUMENT_ROUTES, ...INDEX_ROUTES];

/** Parses `1s`, `500ms`, `2m`; -1 disables. */
function intervalMs(v: string | undefined): number {
  if (v === undefined) return 1000;
  const m = /^(-?\d+)(ms|s|m|h)?$/.exec(v);
  if (!m) return 1000;
  const n = Number(m[1]);
  if (n < 0) return -1;
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 'ms'] ?? 1);
}

/** Starts the emulator; resolves once it listens. */
export async function startElasticsearch(options: ElasticsearchOptions = {}): Promise<ElasticsearchHandle> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((e) => { if (e.severity === 'ERROR') process.stdout.write(`${JSON.stringify({ ...e, component: 'elasticsearch-emulator' })}\n`); });
  const cluster = options.dataDir ? loadSnapshot(options.dataDir) : new Cluster();
  const snapshot: SnapshotState = { metaVersion: cluster.metaVersion };
  const router = new Router(ROUTES);
  const lastRefresh = new WeakMap<EsIndex, number>();
  const ctx: ApiContext = {
    cluster,
    nodeName: 'tributary-es',
    clusterName: 'tributary-local',
    scrolls: new ScrollRegistry(),
    refreshAfterWrite(indices, refresh) {
      if (refresh === undefined || refresh === 'false') return false;
      // wait_for waits for the next refresh; refreshing now gives the same visibility sooner.
      for (const i of indices) i.refresh();
      return refresh !== 'wait_for';
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    let out: EsResponse;
    try {
      const text = await readBody(req);
      const method = req.method ?? 'GET';
      const match = router.match(method, url.pathname);
      if (match.kind === 'none') {
        out = { status: 400, body: { error: `no handler found for uri [${url.pathname}] and method [${method}]`, status: 400 } };
      } else if (match.kind === 'method') {
        out = { status: 405, body: { error: `Incorrect HTTP method for uri [${url.pathname}] and method [${method}], allowed: [${match.allowed.join(', ')}]`, status: 405 } };
      } else {
        const request = makeRequest({ method, path: url.pathname, params: match.params, query, text });
        const fault = options.faults ? await options.faults(match.route.op, request) : undefined;
        // An injected fault answers like any other error, without being logged as a bug.
        out = fault ? errorResponse(fault) : await match.route.handle(request, ctx);
      }
    } catch (err) {
      out = errorResponse(err);
      if (!(err instanceof EsError)) log({ severity: 'ERROR', message: 'request failed', path: url.pathname, error: err instanceof Error ? err.stack : String(err) });
    }
    writeResponse(req, res, out, query);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log({ severity: 'ERROR', message: 'could not write response', error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) res.writeHead(500, { 'X-Elastic-Product': 'Elasticsearch' });
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? ELASTICSEARCH_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const refresher = setInterval(() => {
    const now = Date.now();
    for (const index of cluster.indices.values()) {
      if (!index.needsRefresh) continue;
      const every = intervalMs(index.settings.refresh_interval);
      if (every < 0) continue;
      if (now - (lastRefresh.get(index) ?? 0) >= every) {
        index.refresh();
        lastRefresh.set(index, now);
      }
    }
  }, 250);
  refresher.unref();

  const persist = (): void => {
    if (options.dataDir) saveSnapshot(cluster, options.dataDir, snapshot);
  };
  const snapshotter = options.dataDir
    ? setInterval(() => {
        try {
          persist();
        } catch (err) {
          log({ severity: 'ERROR', message: 'snapshot failed', dataDir: options.dataDir, error: (err as Error).message });
        }
      }, options.snapshotIntervalMs ?? 5000)
    : undefined;
  snapshotter?.unref();

  return {
    host,
    port,
    url: `http://${host}:${port}`,
    cluster,
    async close() {
      clearInterval(refresher);
      if (snapshotter) clearInterval(snapshotter);
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      persist();
    },
  };
}
