/**
 * Routing and the one wire adapter. Handlers receive a parsed {@link Req} and return a
 * {@link Reply}; {@link makeHandler} renders JSON and BigQuery's error envelope. Paths are accepted
 * bare (`/projects/...`, what `BIGQUERY_EMULATOR_HOST` gives the client) and under `/bigquery/v2`
 * (what `apiEndpoint` gives it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BigQueryError, invalid, unimplementedError } from './errors';

/** A parsed request. */
export interface Req {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body, `{}` when empty. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What a handler returns. `body` undefined answers 204-style empty. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

/** One operation: method, path template with `{name}` segments, BigQuery's operation name. */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly op: string;
  handle(req: Req): Promise<Reply> | Reply;
}

/** A route answering 501 for an operation listed in UNSUPPORTED.md. */
export const unimplemented = (method: string, path: string, op: string): Route => ({
  method,
  path,
  op,
  handle: () => {
    throw unimplementedError(op);
  },
});

/** Short-hand for a 200 reply. */
export const ok = (body: unknown): Reply => ({ status: 200, body });

function match(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    if (t[i].startsWith('{')) {
      if (!p[i]) return undefined;
      params[t[i].slice(1, -1)] = decodeURIComponent(p[i]);
    } else if (t[i] !== p[i]) return undefined;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalid(`request body is not JSON: ${(e as Error).message}`);
  }
}

/** Called on unexpected (non-BigQueryError) failures. */
export type ErrorLogger = (op: string, error: Error) => void;

/** Builds the node:http request listener over the routes. */
export function makeHandler(routes: readonly Route[], onError: ErrorLogger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = url.pathname.replace(/\/+$/, '');
    if (path.startsWith('/bigquery/v2/')) path = path.slice('/bigquery/v2'.length);
    const method = req.method ?? 'GET';
    let reply: Reply;
    let op = `${method} ${path}`;
    try {
      let found: { route: Route; params: Record<string, string> } | undefined;
      for (const route of routes) {
        if (route.method !== method) continue;
        const params = match(route.path, path);
        if (params) {
          found = { route, params };
          break;
        }
      }
      if (!found) throw new BigQueryError(404, 'notFound', `Not found: URL ${method} ${url.pathname}`);
      op = found.route.op;
      const body = method === 'GET' || method === 'DELETE' ? {} : await readBody(req);
      reply = await found.route.handle({ method, path, params: found.params, query: url.searchParams, body });
    } catch (e) {
      const err = e instanceof BigQueryError ? e : new BigQueryError(500, 'internalError', (e as Error).message);
      if (!(e instanceof BigQueryError)) onError(op, e as Error);
      reply = { status: err.code, body: err.toBody() };
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status === 200 ? 204 : reply.status);
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
}
