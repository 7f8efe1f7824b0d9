/**
 * Shared set-up for the emulator's tests: an emulator on a free port and an official client
 * pointed at it, both closed after the suite.
 */
import { Client, errors } from '@elastic/elasticsearch';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startElasticsearch, type ElasticsearchHandle, type ElasticsearchOptions } from './index';

/** A started emulator and a client, filled in by beforeAll. */
export interface TestServer {
  es: ElasticsearchHandle;
  client: Client;
}

/** Starts an emulator and a client for the enclosing describe block; `persistent` keeps state in a temporary data dir. */
export function useEmulator(options: ElasticsearchOptions & { persistent?: boolean } = {}): TestServer {
  const server = {} as TestServer;
  let dir: string | undefined;
  beforeAll(async () => {
    const { persistent, ...rest } = options;
    if (persistent) dir = mkdtempSync(join(tmpdir(), 'es-emulator-'));
    server.es = await startElasticsearch({ port: 0, ...rest, dataDir: dir ?? rest.dataDir, snapshotIntervalMs: persistent ? 50 : rest.snapshotIntervalMs });
    server.client = new Client({ node: server.es.url });
  });
  afterAll(async () => {
    await server.client.close();
    await server.es.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return server;
}

/** The two stores every document behaviour must hold for: memory only, and memory with data-dir snapshots. */
export const STORES: ReadonlyArray<[string, boolean]> = [['memory', false], ['data dir', true]];

/** Runs a call expected to fail and returns the Elasticsearch error (status and body). */
export async function esError(call: Promise<unknown>): Promise<{ status: number; type: string; reason: string; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (err) {
    if (!(err instanceof errors.ResponseError)) throw err;
    const body = err.meta.body as { error: { type: string; reason: string } };
    return { status: err.meta.statusCode ?? 0, type: body.error?.type, reason: body.error?.reason, body: err.meta.body as Record<string, unknown> };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
