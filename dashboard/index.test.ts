import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardHandler, resolveDashboardFile } from './index';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (dashboardHandler(req, res)) return;
    res.statusCode = 404;
    res.end('not the dashboard');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('dashboardHandler', () => {
  it('serves the page at / with an HTML content type and a same-origin-only policy', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('static/app.js');
  });

  it.each([
    ['/static/app.js', 'text/javascript; charset=utf-8'],
    ['/static/chart.js', 'text/javascript; charset=utf-8'],
    ['/static/style.css', 'text/css; charset=utf-8'],
    ['/index.html?x=1', 'text/html; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it('answers HEAD without a body', async () => {
    const res = await fetch(`${base}/static/app.js`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('leaves API paths, unknown files and other methods to the caller', async () => {
    for (const path of ['/api/pipelines', '/healthz', '/static/missing.js', '/static/', '/other.html']) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    }
    expect((await fetch(`${base}/`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('refuses path traversal in every spelling', () => {
    for (const path of ['/static/../index.ts', '/static/%2e%2e/index.ts', '/static/..%2findex.ts', '/static/..%5cindex.ts', '/static/%2e%2e%2f%2e%2e%2fpackage.json', '/static//etc/passwd', '/static/.hidden.js', '/static/app.js%00.css', '/static/%E0%A4%A']) {
      expect(resolveDashboardFile(path)).toBeUndefined();
    }
  });

  it('refuses traversal over the wire too', async () => {
    // fetch normalizes `..` in paths, so send the raw request line through a socket-level client
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/static/..%2f..%2fpackage.json`, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });
});
