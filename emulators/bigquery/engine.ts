/**
 * The DuckDB behind the emulator: one database (a file under dataDir, or memory), one connection,
 * statements run one at a time in arrival order (so a job's statements never interleave with
 * another's). Session time zone is UTC so TIMESTAMPTZ values never take the host's zone.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { invalidQuery } from './errors';
import { MACROS } from './sql/macros';

/** A materialised result. */
export interface ResultSet {
  readonly names: string[];
  readonly types: DuckDBType[];
  readonly rows: DuckDBValue[][];
}

/** A failure DuckDB reported, turned into BigQuery's `invalidQuery` with its position when DuckDB gave one. */
export function duckError(e: unknown, sql?: string): Error {
  const message = (e as Error).message ?? String(e);
  const first = message.split('\n')[0];
  let where = '';
  const lineMatch = /LINE (\d+):/.exec(message);
  if (lineMatch && sql !== undefined) {
    const caret = message.split('\n').find((l) => /^\s*\^\s*$/.test(l));
    const lineText = message.split('\n').find((l) => l.startsWith(`LINE ${lineMatch[1]}:`));
    if (caret && lineText) where = ` at [${lineMatch[1]}:${caret.indexOf('^') - lineText.indexOf(':') - 1}]`;
  }
  return invalidQuery(`${first.replace(/^(\w+ )?Error: /, '')}${where}`);
}

/** The database and its single connection. */
export class Engine {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Opens the database at `path` (`:memory:` for none). */
  static async open(path: string): Promise<Engine> {
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    for (const m of MACROS) await conn.run(m);
    return new Engine(instance, conn);
  }

  /** Runs `fn` with the connection once every earlier call has finished. */
  exclusive<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const next = this.chain.then(() => fn(this.conn));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Runs one statement and reads every row; DuckDB errors become `invalidQuery`. */
  query(sql: string): Promise<ResultSet> {
    return this.exclusive((conn) => this.queryOn(conn, sql));
  }

  /** {@link query} on a connection already held through {@link exclusive}. */
  async queryOn(conn: DuckDBConnection, sql: string): Promise<ResultSet> {
    try {
      const reader = await conn.runAndReadAll(sql);
      return { names: reader.columnNames(), types: reader.columnTypes(), rows: reader.getRows() as DuckDBValue[][] };
    } catch (e) {
      throw duckError(e, sql);
    }
  }

  /** Closes the connection and database. */
  async close(): Promise<void> {
    await this.chain;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
