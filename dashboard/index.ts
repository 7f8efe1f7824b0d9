/**
 * The live dashboard's static files, served by the `api` function (ARCHITECTURE §4: the dashboard
 * and the API share port 8080 locally and the function's URL in the cloud). The page itself is
 * plain HTML, CSS and JavaScript modules in `dashboard/public/` with no build step and no external
 * asset; it talks to the API with relative URLs, so it works under the function's path prefix.
 *
 * Routes: `GET|HEAD /` and `/index.html` → `index.html`; `GET|HEAD /static/<file>` → that file of
 * `public/`. Everything else is left to the caller (the handler returns false).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** Content type per file extension; anything else is not served. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Only same-origin scripts, styles, images and requests: the page must work offline, so an
 * external asset would be a bug, and this header makes the browser refuse it.
 */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Where `public/` is: beside this file when run from the sources (tsx, jest), and two levels up
 * from `dist/dashboard/` when run from the tsc build (tsc does not copy non-TS files).
 */
export function publicDir(): string {
  const candidates = [join(__dirname, 'public'), join(__dirname, '..', '..', 'dashboard', 'public')];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0]!;
}

const ROOT = publicDir();

/** Resolves a request path to a file under `public/`, or undefined (unknown route, traversal). */
export function resolveDashboardFile(urlPath: string, root: string = ROOT): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch (err) {
    if (err instanceof URIError) return undefined; // malformed percent-encoding: not one of our files
    throw err;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  let rel: string;
  if (path === '/' || path === '' || path === '/index.html') rel = 'index.html';
  else if (path.startsWith('/static/')) rel = path.slice('/static/'.length);
  else return undefined;
  if (!rel || rel.split('/').some((seg) => seg === '..' || seg === '.' || seg === '' || seg.startsWith('.'))) return undefined;
  if (!CONTENT_TYPES[extname(rel)]) return undefined;
  const base = resolve(root);
  const file = resolve(base, rel);
  if (!file.startsWith(base + sep)) return undefined;
  return file;
}

/**
 * Serves the dashboard's files. Returns true when it answered the request (200, 304 is not
 * used: files are small and sent with `no-cache` so a redeploy shows at once), false when the
 * path is not the dashboard's so the caller goes on routing (the API, 404).
 */
export function dashboardHandler(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const file = resolveDashboardFile(req.url ?? '/');
  if (!file) return false;
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return false;
    throw err;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file)]!);
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
