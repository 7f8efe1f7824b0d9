/**
 * The control endpoint of a running `tributary up`: a loopback HTTP server whose address is
 * written to `<dataDir>/control.json`, so `tributary run <job>` in another terminal can run a
 * scheduler job or scheduled query now.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scheduler } from './scheduler';

const FILE = 'control.json';

/** Starts the control server for a scheduler and records its address in the data dir. */
export async function startControl(scheduler: Scheduler, dataDir: string): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/jobs') return reply(200, { jobs: scheduler.names() });
    const m = /^\/jobs\/(.+):run$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const name = decodeURIComponent(m[1]);
      if (!scheduler.names().includes(name)) return reply(404, { error: `no job named ${name}`, jobs: scheduler.names() });
      scheduler.runNow(name).then(
        (result) => reply(200, { job: name, result }),
        (err: Error) => reply(500, { job: name, error: err.message }),
      );
      return;
    }
    reply(404, { error: 'use GET /jobs or POST /jobs/<name>:run' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  writeFileSync(join(dataDir, FILE), JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }));
  return {
    close: async () => {
      rmSync(join(dataDir, FILE), { force: true });
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The control URL of the `up` running on this data dir. */
export function controlUrl(dataDir: string): string {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) throw new Error(`no tributary up is running with --data-dir ${dataDir} (no ${file}); start one with \`npm start\``);
  return (JSON.parse(readFileSync(file, 'utf8')) as { url: string }).url;
}
