/**
 * The retail pipeline's other sources in `tributary up` (ARCHITECTURE §6: CSV, JSON, log files
 * and a PostgreSQL table): order lines inserted into the local PostgreSQL table that `pgSource`
 * extracts incrementally, and CSV files of orders dropped in the landing bucket, which the
 * storage trigger hands to `ingestFile`. Both come from the retail generator.
 */
import type { Storage } from '@google-cloud/storage';
import { Client } from 'pg';
import { ORDER_COLUMNS } from '../pipelines/generators/retail-files';
import { retailGenerator } from '../pipelines/generators/retail';
import { landingBucket } from '../pipelines/naming';

/** The table `pgSource` reads (the retail definition's postgres source: `orders`, watermark `updated_at`). */
export const ORDERS_DDL = `CREATE TABLE IF NOT EXISTS orders (
  order_id text NOT NULL,
  line_no integer NOT NULL,
  customer_id text NOT NULL,
  product_id text NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(12, 2) NOT NULL,
  currency text NOT NULL,
  ordered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (order_id, line_no)
)`;

type OrderLine = Record<(typeof ORDER_COLUMNS)[number], string | number>;

/** Clean order lines of the generator (defects are the Kafka producer's job), in windows like `live.ts`. */
function* orderLines(seed: number): Generator<OrderLine> {
  for (let window = 0; ; window++) {
    const start = new Date(Date.now() - 86_400_000);
    for (const s of retailGenerator.generate({ count: 2_000, seed: seed * 7_919 + window, start, defectRate: 0 })) {
      if (s.event.record_type === 'order_line') yield s.event as unknown as OrderLine;
    }
  }
}

/** Options of {@link startRetailFeed}. */
export interface RetailFeedOptions {
  readonly postgresUrl?: string;
  readonly storage?: Storage;
  readonly project: string;
  /** Order lines per second into PostgreSQL. @default 2 */
  readonly rowsPerSecond?: number;
  /** Seconds between CSV drops (each of 50 lines). @default 60 */
  readonly fileEverySeconds?: number;
  readonly seed?: number;
  readonly onError: (err: Error) => void;
}

/** Starts feeding; resolves to a stop function. */
export async function startRetailFeed(opts: RetailFeedOptions): Promise<{ stop(): Promise<void>; rows(): number; files(): number }> {
  const timers: NodeJS.Timeout[] = [];
  let rows = 0;
  let files = 0;
  let db: Client | undefined;
  if (opts.postgresUrl) {
    db = new Client({ connectionString: opts.postgresUrl });
    await db.connect();
    await db.query(ORDERS_DDL);
    const lines = orderLines(opts.seed ?? 1);
    const perTick = Math.max(1, Math.round(opts.rowsPerSecond ?? 2));
    timers.push(
      setInterval(() => {
        const batch = Array.from({ length: perTick }, () => lines.next().value as OrderLine);
        const values = batch.flatMap((l) => ORDER_COLUMNS.map((c) => l[c]));
        const tuples = batch.map((_, i) => `(${ORDER_COLUMNS.map((_c, j) => `$${i * ORDER_COLUMNS.length + j + 1}`).join(', ')})`);
        db!.query(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values).then(
          (r) => void (rows += r.rowCount ?? 0),
          (err: Error) => opts.onError(err),
        );
      }, 1_000),
    );
  }
  if (opts.storage) {
    const lines = orderLines((opts.seed ?? 1) + 1);
    const bucket = opts.storage.bucket(landingBucket(opts.project));
    timers.push(
      setInterval(() => {
        const batch = Array.from({ length: 50 }, () => lines.next().value as OrderLine);
        const csv = [ORDER_COLUMNS.join(','), ...batch.map((l) => ORDER_COLUMNS.map((c) => String(l[c])).join(','))].join('\n') + '\n';
        bucket.file(`retail/orders-${Date.now()}.csv`).save(csv, { contentType: 'text/csv' }).then(
          () => void files++,
          (err: Error) => opts.onError(err),
        );
      }, (opts.fileEverySeconds ?? 60) * 1000),
    );
  }
  for (const t of timers) t.unref();
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await db?.end();
    },
    rows: () => rows,
    files: () => files,
  };
}
