/**
 * Function host: runs one Cloud Function locally under the real
 * `@google-cloud/functions-framework`, in a child process, from the TypeScript sources (through
 * tsx), with the environment the resource graph gives it. A crash is logged and the process
 * restarted with backoff, as Cloud Run would start a new instance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import type { Logger } from '../functions/shared/log';

/** What to run. */
export interface FunctionHostOptions {
  /** Name for logs, e.g. `taxi-enrich`. */
  readonly name: string;
  /** functions-framework target (the entry point), e.g. `enrich`. */
  readonly target: string;
  readonly signature: 'http' | 'cloudevent';
  readonly port: number;
  /** Environment of the function (from the graph plus emulator endpoints); added to a clean base. */
  readonly env: Readonly<Record<string, string>>;
  /** Module that registers the targets. @default functions/index.ts */
  readonly source?: string;
  readonly log: Logger;
  /** Called with every line the function writes to stdout (Cloud Logging JSON). */
  readonly onLine?: (line: string) => void;
  /** Longest wait between restarts. @default 10000 */
  readonly maxBackoffMs?: number;
}

const ROOT = join(__dirname, '..');
const FF_MAIN = join(dirname(require.resolve('@google-cloud/functions-framework')), 'main.js');
const TSX_CJS = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cjs', 'index.cjs');

/** Waits until something accepts TCP connections on the port, or the timeout passes. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing is listening on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A supervised function process. */
export class FunctionHost {
  private child?: ChildProcess;
  private stopping = false;
  private backoff = 500;
  /** Times the process was restarted after a crash. */
  restarts = 0;

  constructor(private readonly opts: FunctionHostOptions) {}

  /** Base URL of the function. */
  get url(): string {
    return `http://127.0.0.1:${this.opts.port}`;
  }

  /** Process id of the running function (for crash tests), if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves once it accepts connections. */
  async start(timeoutMs = 30_000): Promise<void> {
    this.stopping = false;
    this.spawn();
    await waitForPort(this.opts.port, timeoutMs);
  }

  private spawn(): void {
    const { opts } = this;
    const args = [
      '--require', TSX_CJS, FF_MAIN,
      `--target=${opts.target}`, `--signature-type=${opts.signature}`, `--port=${opts.port}`,
      `--source=${opts.source ?? join(ROOT, 'functions', 'index.ts')}`,
    ];
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...opts.env };
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const lines = (stream: NodeJS.ReadableStream, sink: (l: string) => void) => {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line) sink(line);
        }
      });
    };
    lines(child.stdout!, (l) => opts.onLine?.(l));
    lines(child.stderr!, (l) => opts.log.warn(l, { function: opts.name, stream: 'stderr' }));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      this.restarts++;
      opts.log.error('function process exited; restarting', { function: opts.name, code, signal, restartInMs: this.backoff });
      const wait = this.backoff;
      this.backoff = Math.min(this.backoff * 2, opts.maxBackoffMs ?? 10_000);
      setTimeout(() => {
        if (this.stopping) return;
        this.spawn();
        waitForPort(opts.port, 30_000).then(
          () => (this.backoff = 500),
          (err: Error) => opts.log.error('restarted function did not come up', { function: opts.name, error: err }),
        );
      }, wait).unref();
    });
  }

  /** Stops the process (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => (clearTimeout(kill), resolve()));
      child.kill('SIGTERM');
    });
  }
}
