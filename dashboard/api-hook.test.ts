import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiTarget } from '../functions/api/target';
import type { Runtime } from '../functions/runtime';
import { iot } from '../pipelines/iot';

describe('the api function serves the dashboard', () => {
  let server: Server;
  let base: string;
  beforeAll(() => {
    const rt = { env: {}, definitions: {} as Runtime['definitions'], clients: {} as Runtime['clients'] } as Runtime;
    const warehouse = { query: async () => [] };
    ff.http('apiWithDashboard', apiTarget(rt, { pipelines: [iot] as never, warehouse }));
    server = getTestServer('apiWithDashboard').listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('answers / with the page and /static/ with its assets, under the functions framework', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const app = await fetch(`${base}/static/app.js`);
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('still routes the API', async () => {
    const res = await fetch(`${base}/api/pipelines`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { pipelines: { id: string }[] }).pipelines.map((p) => p.id)).toEqual(['iot']);
    expect((await fetch(`${base}/static/../package.json`)).status).toBe(404);
  });
});
