/**
 * Shared set-up for the emulator's tests: an emulator on a free port and an official client
 * pointed at it, both closed after the suite.
 */
import { Client, errors } from '@elastic/elasticsearch';
import { startElasticsearch, type ElasticsearchHandle, type ElasticsearchOptions } from './index';

/** A started emulator and a client, filled in by beforeAll. */
export interface TestServer {
  es: ElasticsearchHandle;
  client: Client;
}

/** Starts an emulator and a client for the enclosing describe block. */
export function useEmulator(options: ElasticsearchOptions = {}): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    server.es = await startElasticsearch({ port: 0, ...options });
    server.client = new Client({ node: server.es.url });
  });
  afterAll(async () => {
    await server.client.close();
    await server.es.close();
  });
  return server;
}

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
