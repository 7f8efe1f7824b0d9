/**
 * The one adapter between HTTP and the handlers. Handlers receive a {@link GcsRequest} and return
 * a {@link GcsResponse} (or throw a GcsError); this file alone matches routes, strips the
 * `/storage/v1`, `/upload/storage/v1` and `/download/storage/v1` prefixes (the Node client sends
 * `STORAGE_EMULATOR_HOST` verbatim as its base URL, so bare paths are served too), runs fault
 * hooks, and writes JSON, media streams and Google's error envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FaultHook } from '../common/types';
import { badRequest, GcsError, notFound, notImplemented } from './errors';
import { InterruptUpload } from './faults';
import type { Logger } from './log';
import { InvalidNameError } from './paths';
import { isSendable } from './store/file-bytes';

/** Which API surface a request came in on. */
export type Surface = 'json' | 'upload' | 'download';

/** A parsed request as handlers see it. */
export interface GcsRequest {
  readonly method: string;
  readonly surface: Surface;
  /** Path parameters, URI-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters (last value wins). */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  /** The raw request, for streaming bodies. */
  readonly raw: IncomingMessage;
  /** `http://host:port` as the client reached the emulator. */
  readonly baseUrl: string;
  /** A fault hook's {@link InterruptUpload}, for the upload handler to act out. */
  interrupt?: InterruptUpload;
  /** Reads the body as one JSON object (undefined when empty); 400 when malformed. */
  json(): Promise<Record<string, unknown> | undefined>;
}

/** What a handler returns. */
export interface GcsResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A media body, streamed. */
  readonly stream?: Readable;
}

/** One route: method, path pattern (`/b/{bucket}/o/{object}`), surface, operation name, handler. */
export interface Route {
  readonly method: string;
  readonly surface: Surface;
  readonly pattern: string;
  /** The operation's name, as fault hooks and UNSUPPORTED.md use it (e.g. `objects.insert`). */
  readonly op: string;
  handle(req: GcsRequest): Promise<GcsResponse>;
}

const PREFIXES: readonly [string, Surface][] = [
  ['/upload/storage/v1', 'upload'],
  ['/download/storage/v1', 'download'],
  ['/storage/v1', 'json'],
];

function splitSurface(path: string): { surface: Surface; rest: string } {
  for (const [prefix, surface] of PREFIXES) {
    if (path === prefix || path.startsWith(prefix + '/')) return { surface, rest: path.slice(prefix.length) || '/' };
  }
  return { surface: 'json', rest: path };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (err) {
    throw badRequest(`Malformed percent-encoding in path segment ${JSON.stringify(segment)}: ${(err as Error).message}`);
  }
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w.startsWith('{') && w.endsWith('}')) params[w.slice(1, -1)] = got[i];
    else if (w !== got[i]) return undefined;
  }
  // Decode only once the route matched (a malformed segment elsewhere must not 400 every route).
  for (const k of Object.keys(params)) params[k] = decode(params[k]);
  return params;
}

/** Reads a whole small body (JSON requests). Large media never goes through here. */
async function readText(req: IncomingMessage, limit = 16 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw badRequest(`Request body larger than ${limit} bytes; send media through the upload endpoints.`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Builds the request handler for a route list. */
export function makeHandler(opts: { routes: readonly Route[]; faults?: FaultHook; log: Logger }): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void dispatch(req, res, opts).catch((err: unknown) => {
      opts.log('ERROR', 'failed writing a response', { error: String(err), url: req.url });
      res.destroy();
    });
  };
}

async function dispatch(req: IncomingMessage, res: ServerResponse, opts: { routes: readonly Route[]; faults?: FaultHook; log: Logger }): Promise<void> {
  let out: GcsResponse;
  try {
    out = await route(req, opts);
  } catch (err) {
    out = errorResponse(err, opts.log);
    // Unread request bodies would otherwise stall keep-alive connections.
    if (!req.complete) req.resume();
  }
  await write(req, res, out);
}

async function route(req: IncomingMessage, opts: { routes: readonly Route[]; faults?: FaultHook }): Promise<GcsResponse> {
  // Split by hand: `new URL()` reads a path starting with `//` as a host name.
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const pathname = q < 0 ? raw : raw.slice(0, q);
  const { surface, rest } = splitSurface(pathname);
  const method = (req.method ?? 'GET').toUpperCase();
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : raw.slice(q + 1))) query[k] = v;
  const methodMatches = (r: Route): boolean => r.method === method || (method === 'HEAD' && r.method === 'GET');
  let found: { route: Route; params: Record<string, string> } | undefined;
  let pathKnown = false;
  for (const r of opts.routes) {
    if (r.surface !== surface) continue;
    const params = match(r.pattern, rest);
    if (!params) continue;
    pathKnown = true;
    if (methodMatches(r)) {
      found = { route: r, params };
      break;
    }
  }
  if (!found) {
    if (pathKnown) throw new GcsError(405, 'methodNotAllowed', `Method ${method} is not allowed on ${pathname}.`);
    throw notFound(`Not Found: no Cloud Storage JSON API operation at ${method} ${pathname}`);
  }
  let bodyText: Promise<string> | undefined;
  const request: GcsRequest = {
    method,
    surface,
    params: found.params,
    query,
    headers: req.headers,
    raw: req,
    baseUrl: `http://${req.headers.host ?? 'localhost'}`,
    async json() {
      const text = await (bodyText ??= readText(req));
      if (text.trim() === '') return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw badRequest(`Request body is not valid JSON: ${(err as Error).message}`, 'parseError');
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest('Request body must be a JSON object.', 'parseError');
      return value as Record<string, unknown>;
    },
  };
  // Encryption keys cannot be honoured here; storing the bytes in clear instead would be a lie.
  if (req.headers['x-goog-encryption-key'] || req.headers['x-goog-copy-source-encryption-key'] || query.kmsKeyName || query.destinationKmsKeyName) {
    throw notImplemented('Customer-supplied and Cloud KMS encryption keys');
  }
  if (opts.faults) {
    const injected = await opts.faults(found.route.op, request);
    if (injected instanceof InterruptUpload) request.interrupt = injected;
    else if (injected instanceof Error) throw injected;
  }
  return found.route.handle(request);
}

/** Renders any thrown value in Google's envelope. Unknown errors are 500s and logged. */
export function errorResponse(err: unknown, log: Logger): GcsResponse {
  if (err instanceof GcsError) return { status: err.status, body: err.toJSON(), headers: err.headers };
  if (err instanceof InvalidNameError) return { status: 400, body: badRequest(err.message).toJSON() };
  const message = err instanceof Error ? err.message : String(err);
  log('ERROR', 'request failed inside the emulator', { error: message, stack: err instanceof Error ? err.stack : undefined });
  return { status: 500, body: new GcsError(500, 'backendError', message).toJSON() };
}

async function write(req: IncomingMessage, res: ServerResponse, out: GcsResponse): Promise<void> {
  const status = out.status ?? 200;
  for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
  if (out.stream) {
    res.writeHead(status);
    if (req.method === 'HEAD') {
      out.stream.destroy();
      res.end();
      return;
    }
    try {
      // Files write themselves through reused buffers; other streams are piped.
      await (isSendable(out.stream) ? out.stream.sendTo(res) : pipeline(out.stream, res));
    } catch (err) {
      // The client went away mid-download (or the file vanished): nothing more can be sent.
      if (!res.destroyed) res.destroy(err as Error);
    }
    return;
  }
  if (out.body === undefined || status === 204 || status === 304) {
    if (status !== 204 && status !== 304 && !res.hasHeader('Content-Length')) res.setHeader('Content-Length', '0');
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(out.body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** A route for an operation the emulator leaves out: answers 501 `notImplemented`. */
export function unimplemented(method: string, surface: Surface, pattern: string, op: string): Route {
  return { method, surface, pattern, op, handle: async () => Promise.reject(notImplemented(`${op} (${method} ${pattern})`)) };
}
