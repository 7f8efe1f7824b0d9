/**
 * Loads `@polyglot-sql/sdk` (WebAssembly, initialised once) and transpiles GoogleSQL to DuckDB.
 */
import { invalidQuery } from '../errors';

type Polyglot = typeof import('@polyglot-sql/sdk');

let loaded: Promise<Polyglot> | undefined;

/** The initialised SDK. */
export function polyglot(): Promise<Polyglot> {
  loaded ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const p = require('@polyglot-sql/sdk') as Polyglot;
    await p.init();
    return p;
  })();
  return loaded;
}

/** Transpiled statements by input text (parameters are placeholders here, so repeated queries hit). */
const cache = new Map<string, string[]>();
const CACHE_SIZE = 500;

/** GoogleSQL → DuckDB statements, cached by text; a parse failure is BigQuery's `invalidQuery`. */
export async function transpile(sql: string): Promise<string[]> {
  const hit = cache.get(sql);
  if (hit) return hit;
  const out = await transpileUncached(sql);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(sql, out);
  return out;
}

async function transpileUncached(sql: string): Promise<string[]> {
  const p = await polyglot();
  const r = p.transpile(sql, 'bigquery' as never, 'duckdb' as never);
  if (!r.success || !r.sql) throw invalidQuery(`Syntax error: ${r.error ?? 'could not parse the query'}`);
  return r.sql;
}
