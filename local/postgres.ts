/**
 * The local PostgreSQL: PGlite (a real PostgreSQL compiled to WebAssembly) behind its wire
 * protocol server, so `pg` and the `pgSource` function reach it with an ordinary connection
 * string. With a data dir the database survives restarts.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';

/** A running local PostgreSQL. */
export interface LocalPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly db: PGlite;
  close(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface PostgresOptions {
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** Database directory; in memory when unset. */
  readonly dataDir?: string;
  /** Concurrent client connections. @default 8 */
  readonly maxConnections?: number;
}

/** Starts PGlite and its socket server. */
export async function startPostgres(opts: PostgresOptions = {}): Promise<LocalPostgres> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir);
  const server = new PGLiteSocketServer({ db, port: opts.port ?? 0, host: '127.0.0.1', maxConnections: opts.maxConnections ?? 8 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:<port>"
  const port = Number(conn.split(':').pop());
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    db,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
