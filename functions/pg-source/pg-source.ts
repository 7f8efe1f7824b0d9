/**
 * pgSource (HTTP, on the postgres source's schedule): incremental extraction of one PostgreSQL
 * table. Reads rows whose watermark column is past the stored watermark, in pages ordered by that
 * column, publishes each row as JSON to `<id>-raw`, then stores the new watermark. Publishing
 * comes before storing, so a crash republishes (at-least-once; event_id deduplicates).
 *
 * Pages end on a change of the watermark value: rows that share the last value are all taken in
 * the same page, so a `>` comparison on the next run misses none of them. The watermark is kept
 * as PostgreSQL's own text of the value (`::text`), so microsecond timestamps round-trip exactly.
 */
import type { Logger } from '../shared/log';
import type { Publisher } from '../shared/publisher';
import type { StateStore } from './watermark';

/** The part of `pg.Client` the extraction uses. */
export interface Queryable {
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** A table or column name that is not a plain SQL identifier. */
export class IdentifierError extends Error {
  constructor(what: string, value: string) {
    super(`${what} ${JSON.stringify(value)} is not a plain identifier (letters, digits, _; optionally schema.table): set PGSOURCE_TABLE / PGSOURCE_WATERMARK_COLUMN to the names as created`);
    this.name = 'IdentifierError';
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Quotes `schema.table` or `column` as SQL identifiers, refusing anything but plain names. */
export function quoteIdent(what: string, name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) throw new IdentifierError(what, name);
  return parts.map((p) => `"${p}"`).join('.');
}

/** Options of {@link extract}. */
export interface ExtractOptions {
  readonly db: Queryable;
  readonly table: string;
  readonly column: string;
  readonly store: StateStore;
  readonly publisher: Publisher;
  readonly topic: string;
  /** Rows per page (a page may grow to take every row sharing its last value). @default 1000 */
  readonly pageSize?: number;
  /** Stop starting pages after this time (ms since epoch). @default Infinity */
  readonly deadline?: number;
  /** Adds fields to each row before publishing (e.g. retail `record_type`). */
  readonly annotate?: (row: Record<string, unknown>) => void;
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** What one run did. */
export interface ExtractSummary {
  from: string | null;
  to: string | null;
  published: number;
  pages: number;
  stoppedBy: 'caught-up' | 'deadline';
}

const WM = '__tributary_watermark';

/** Runs one incremental extraction. */
export async function extract(opts: ExtractOptions): Promise<ExtractSummary> {
  const table = quoteIdent('table', opts.table);
  const col = quoteIdent('column', opts.column);
  const pageSize = opts.pageSize ?? 1_000;
  const now = opts.now ?? (() => new Date());
  const { state, version } = await opts.store.read();
  let watermark = state && state.table === opts.table && state.column === opts.column ? state.watermark : null;
  const from = watermark;
  const summary: ExtractSummary = { from, to: from, published: 0, pages: 0, stoppedBy: 'caught-up' };

  const select = `SELECT t.*, (t.${col})::text AS "${WM}" FROM ${table} t`;
  const toMessage = (row: Record<string, unknown>) => {
    const { [WM]: _wm, ...rest } = row;
    opts.annotate?.(rest);
    return { data: Buffer.from(JSON.stringify(rest, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))), attributes: { source: `postgres:${opts.table}` } };
  };

  while (Date.now() < (opts.deadline ?? Infinity)) {
    const page =
      watermark === null
        ? await opts.db.query<Record<string, unknown>>(`${select} WHERE t.${col} IS NOT NULL ORDER BY t.${col} LIMIT $1`, [pageSize])
        : await opts.db.query<Record<string, unknown>>(`${select} WHERE t.${col} > $1 ORDER BY t.${col} LIMIT $2`, [watermark, pageSize]);
    let rows = page.rows;
    if (rows.length === 0) break;
    if (rows.length === pageSize) {
      // take every row sharing the last value, so the next `>` starts after all of them
      const last = rows[rows.length - 1][WM] as string;
      const ties = await opts.db.query<Record<string, unknown>>(`${select} WHERE t.${col} = $1`, [last]);
      rows = [...rows.filter((r) => r[WM] !== last), ...ties.rows];
    }
    await opts.publisher.publish(opts.topic, rows.map(toMessage));
    watermark = rows[rows.length - 1][WM] as string;
    summary.published += rows.length;
    summary.pages++;
    if (page.rows.length < pageSize) break;
  }
  if (Date.now() >= (opts.deadline ?? Infinity)) summary.stoppedBy = 'deadline';
  summary.to = watermark;
  if (summary.published > 0) {
    await opts.store.write({ table: opts.table, column: opts.column, watermark, updatedAt: now().toISOString(), rowsTotal: (state?.rowsTotal ?? 0) + summary.published }, version);
  }
  opts.log?.info('pgSource extracted', { ...summary });
  return summary;
}
