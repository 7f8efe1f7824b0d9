import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Storage, type Bucket } from '@google-cloud/storage';
import { Client } from 'pg';
import { startGcs, type GcsHandle } from '../../emulators/gcs';
import { memoryPublisher } from '../shared/publisher';
import { extract, quoteIdent, type ExtractOptions } from './pg-source';
import { gcsStateStore, WatermarkConflictError } from './watermark';

describe('pgSource against PostgreSQL (PGlite behind pglite-socket, reached with pg)', () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let client: Client;
  let gcs: GcsHandle;
  let lake: Bucket;
  beforeAll(async () => {
    db = await PGlite.create();
    server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    client = new Client({ host, port: Number(port), user: 'postgres', database: 'postgres' });
    await client.connect();
    await client.query(`CREATE TABLE orders (order_id text PRIMARY KEY, quantity integer, amount numeric(10,2), updated_at timestamptz NOT NULL)`);
    gcs = await startGcs({ port: 0 });
    [lake] = await new Storage({ apiEndpoint: gcs.url, projectId: 'p' }).createBucket('p-lake');
  }, 60_000);
  afterAll(async () => {
    await client.end();
    await server.stop();
    await db.close();
    await gcs.close();
  });

  const insert = (id: string, at: string) => client.query(`INSERT INTO orders VALUES ($1, 2, 9.99, $2)`, [id, at]);
  const options = (over: Partial<ExtractOptions> = {}): ExtractOptions => ({
    db: client,
    table: 'orders',
    column: 'updated_at',
    store: gcsStateStore(lake, 'state/retail/pg-source.json'),
    publisher: memoryPublisher(),
    topic: 'retail-raw',
    pageSize: 3,
    annotate: (row) => void (row.record_type = 'order_line'),
    ...over,
  });
  const ids = (p: ReturnType<typeof memoryPublisher>) => (p.sent.get('retail-raw') ?? []).map((m) => JSON.parse(m.data.toString()).order_id);

  it('extracts in pages, takes every row sharing a page-end value, and keeps the watermark in the lake across runs', async () => {
    // microsecond timestamps, and three rows sharing one value across the page boundary
    await insert('o1', '2026-11-22 10:00:00.000001+00');
    await insert('o2', '2026-11-22 10:00:00.000002+00');
    await insert('o3', '2026-11-22 10:00:00.000003+00');
    await insert('o4', '2026-11-22 10:00:00.000003+00');
    await insert('o5', '2026-11-22 10:00:00.000003+00');
    await insert('o6', '2026-11-22 10:00:01+00');
    const first = memoryPublisher();
    const s1 = await extract(options({ publisher: first }));
    expect(s1).toMatchObject({ from: null, published: 6, stoppedBy: 'caught-up' });
    expect(ids(first).sort()).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    const row = JSON.parse(first.sent.get('retail-raw')![0].data.toString());
    expect(row).toEqual({ order_id: 'o1', quantity: 2, amount: '9.99', updated_at: '2026-11-22T10:00:00.000Z', record_type: 'order_line' });

    const [stored] = await lake.file('state/retail/pg-source.json').download();
    expect(JSON.parse(stored.toString())).toMatchObject({ table: 'orders', column: 'updated_at', watermark: '2026-11-22 10:00:01+00', rowsTotal: 6 });

    const idle = memoryPublisher();
    expect(await extract(options({ publisher: idle }))).toMatchObject({ published: 0 });
    await insert('o7', '2026-11-22 10:00:01.5+00');
    await client.query(`UPDATE orders SET quantity = 5, updated_at = '2026-11-22 10:00:02+00' WHERE order_id = 'o2'`);
    const next = memoryPublisher();
    expect(await extract(options({ publisher: next }))).toMatchObject({ from: '2026-11-22 10:00:01+00', published: 2 });
    expect(ids(next)).toEqual(['o7', 'o2']);
  });

  it('refuses table and column names that are not plain identifiers (no SQL through configuration)', async () => {
    expect(quoteIdent('table', 'public.orders')).toBe('"public"."orders"');
    await expect(extract(options({ table: 'orders; DROP TABLE orders' }))).rejects.toThrow(/not a plain identifier/);
    await expect(extract(options({ column: 'updated_at" --' }))).rejects.toThrow(/not a plain identifier/);
    expect((await client.query('SELECT count(*)::int AS n FROM orders')).rows[0].n).toBe(7);
  });

  it('does not move a watermark another run moved meanwhile', async () => {
    const store = gcsStateStore(lake, 'state/retail/conflict.json');
    const { version } = await store.read();
    await store.write({ table: 'orders', column: 'updated_at', watermark: 'a', updatedAt: '', rowsTotal: 1 }, version);
    await expect(store.write({ table: 'orders', column: 'updated_at', watermark: 'b', updatedAt: '', rowsTotal: 1 }, version)).rejects.toBeInstanceOf(WatermarkConflictError);
  });
});
