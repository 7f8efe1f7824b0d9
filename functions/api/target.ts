/**
 * The `api` target (HTTP, shared by every pipeline): serves {@link route} with the pipelines of
 * `PIPELINES` and BigQuery from the environment; renders errors as JSON (`{ error, ... }`), 4xx
 * for the caller's mistakes, 502 when BigQuery (or Elasticsearch, for search) fails.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { dashboardHandler } from '../../dashboard';
import { Invocation } from '../shared/counters';
import { list } from '../shared/env';
import { createLogger } from '../shared/log';
import type { Runtime } from '../runtime';
import { budgetDir } from './budget';
import { ApiError } from './params';
import { route, type ApiOptions } from './routes';
import type { SearchIndex } from './search';
import { bigqueryWarehouse } from './warehouse';

/** Builds the HTTP handler; `options` overrides the environment (tests). */
export function apiTarget(rt: Runtime, options?: Partial<ApiOptions>): (req: Request, res: Response) => Promise<void> {
  const log = createLogger({ fields: { component: 'api' } });
  let resolved: ApiOptions | undefined;
  const opts = (): ApiOptions =>
    (resolved ??= {
      pipelines: options?.pipelines ?? (list(rt.env, 'PIPELINES').length ? list(rt.env, 'PIPELINES') : []).map((id) => rt.definitions.get(id)),
      warehouse: options?.warehouse ?? bigqueryWarehouse(rt.clients.bigquery(), rt.env.BIGQUERY_LOCATION || undefined),
      now: options?.now,
      budgetDir: options?.budgetDir ?? budgetDir(rt.env),
      search: options?.search ?? (rt.env.ELASTICSEARCH_URL ? (rt.clients.elasticsearch() as unknown as SearchIndex) : undefined),
    });
  return async (req, res) => {
    if (dashboardHandler(req, res)) return; // GET / and /static/…: the live dashboard (dashboard/)
    const inv = new Invocation('api', log);
    const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://api.local');
    let status = 200;
    let body: unknown;
    try {
      ({ status, body } = await route(opts(), req.method ?? 'GET', url));
    } catch (err) {
      if (err instanceof ApiError) {
        status = err.status;
        body = { error: err.message, ...err.details };
      } else {
        inv.add('errors', 1);
        status = 502;
        body = { error: `the ${/\/(search|live)$/.test(url.pathname) ? 'search' : 'warehouse'} query failed: ${(err as Error).message}` };
        log.error('api query failed', { path: url.pathname, error: err });
      }
    }
    const text = JSON.stringify(body);
    inv.add('bytesOut', Buffer.byteLength(text));
    inv.end({ path: url.pathname, status });
    res.status(status).set('content-type', 'application/json; charset=utf-8').set('cache-control', 'no-store').send(text);
  };
}
