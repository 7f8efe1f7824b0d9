import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPostgres } from './postgres';

describe('local PostgreSQL (PGlite over the wire protocol)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-pg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves pg clients and keeps rows across a restart with a data dir', async () => {
    let pg = await startPostgres({ dataDir: dir });
    let client = new Client({ connectionString: pg.url });
    await client.connect();
    await client.query('CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)');
    await client.query('INSERT INTO orders VALUES ($1, $2), ($3, $4)', [1, '2026-01-01T00:00:00Z', 2, '2026-01-02T00:00:00Z']);
    await client.end();
    await pg.close();

    pg = await startPostgres({ dataDir: dir });
    client = new Client({ connectionString: pg.url });
    await client.connect();
    const { rows } = await client.query('SELECT id FROM orders WHERE updated_at > $1 ORDER BY id', ['2026-01-01T12:00:00Z']);
    expect(rows).toEqual([{ id: 2 }]);
    await client.end();
    await pg.close();
  });
});
