/**
 * The one adapter between HTTP and the handlers. Handlers receive an {@link EsRequest} and return
 * an {@link EsResponse} (or throw an {@link EsError}); this file alone reads bodies, picks the
 * content type the client asked for (`compatible-with=9` vendored JSON or plain JSON), adds the
 * `X-Elastic-Product: Elasticsearch` header the official client insists on, applies
 * `filter_path`, and renders errors in Elasticsearch's envelope. It never lets a handler failure
 * take the server down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { EsError, notXContent } from './errors';
import { applyFilterPath } from './filter-path';

/** A parsed request, as handlers see it. */
export interface EsRequest {
  readonly method: string;
  readonly path: string;
  /** Path parameters from the route pattern (`{index}`, `{id}`, ...), URI-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query-string parameters (last value wins). */
  readonly query: Readonly<Record<string, string>>;
  /** Raw body text ('' when none). */
  readonly text: string;
  /** The body parsed as one JSON object; undefined when the body is empty. Throws a 400 when malformed. */
  json(): Record<string, unknown> | undefined;
}

/** What a handler returns. */
export interface EsResponse {
  readonly status?: number;
  /** JSON body (omitted for HEAD). */
  readonly body?: unknown;
  /** Plain-text body (`_cat` APIs without `format=json`). */
  readonly text?: string;
}

/** Builds an {@link EsRequest} from the raw pieces. */
export function makeRequest(opts: { method: string; path: string; params: Record<string, string>; query: Record<string, string>; text: string }): EsRequest {
  let parsed: Record<string, unknown> | undefined | null = null;
  return {
    ...opts,
    json() {
      if (parsed !== null) return parsed;
      if (opts.text.trim() === '') return (parsed = undefined);
      let value: unknown;
      try {
        value = JSON.parse(opts.text);
      } catch (err) {
        throw notXContent((err as Error).message);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw notXContent(`request body must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
      }
      return (parsed = value as Record<string, unknown>);
    },
  };
}

/** Reads the whole request body as UTF-8 text, inflating it when the client compressed it (`compression: true`). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
      try {
        if (encoding.includes('gzip')) resolve(gunzipSync(raw).toString('utf8'));
        else if (encoding.includes('deflate')) resolve(inflateSync(raw).toString('utf8'));
        else resolve(raw.toString('utf8'));
      } catch (err) {
        reject(notXContent(`cannot decompress the ${encoding} request body: ${(err as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}

/** Renders any thrown value as Elasticsearch renders its errors. */
export function errorResponse(err: unknown): EsResponse {
  if (err instanceof EsError) return { status: err.status, body: { error: err.toJSON(), status: err.status } };
  const message = err instanceof Error ? err.message : String(err);
  const status = 500;
  return { status, body: { error: { root_cause: [{ type: 'exception', reason: message }], type: 'exception', reason: message }, status } };
}

/** Writes a handler's response, with the headers the official client checks. */
export function writeResponse(req: IncomingMessage, res: ServerResponse, out: EsResponse, query: Record<string, string>): void {
  const status = out.status ?? 200;
  const accept = String(req.headers.accept ?? '');
  const vendored = accept.includes('application/vnd.elasticsearch+json');
  // Answer in the compatibility version asked for (v9 clients say 9, v8 clients 8).
  const compat = /compatible-with=(\d+)/.exec(accept)?.[1] ?? '9';
  const headers: Record<string, string> = { 'X-Elastic-Product': 'Elasticsearch' };
  let payload = '';
  if (out.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=UTF-8';
    payload = out.text;
  } else if (out.body !== undefined) {
    headers['content-type'] = vendored ? `application/vnd.elasticsearch+json;compatible-with=${compat}` : 'application/json';
    const body = query.filter_path && status < 400 ? applyFilterPath(out.body, query.filter_path) : out.body;
    payload = query.pretty !== undefined && query.pretty !== 'false' ? JSON.stringify(body, null, 2) + '\n' : JSON.stringify(body);
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}
