/**
 * Data quality and stage health of a pipeline, as the API can see them: it reads BigQuery only,
 * so what it reports is what landed in the warehouse (bronze, silver, quarantine, gold, ml).
 * Dead-lettered messages (retries ran out) are kept in quarantine by the lake drain with rule
 * `dead_letter`, so they are counted among the quarantined and reported apart as `deadLettered`.
 *
 * - `GET /api/<id>/quality?from&to`: valid events (silver) and quarantined ones by rule, over
 *   whole UTC days (`dt` partitions) from `from` to `to`; default the last 7 days.
 * - `GET /api/<id>/stages`: per stage table, rows and newest time (bronze, silver, quarantine:
 *   since yesterday; gold and ml: the whole table) and `ok` / `empty` / `missing` (not built
 *   yet) / `error`.
 */
import { kpiTable, predictionTable } from '../../pipelines/naming';
import { DEAD_LETTER_RULE } from '../drain-lake/rows';
import type { AnyPipeline } from '../runtime';
import { ApiError, checkKnown, parseTime } from './params';
import type { ApiOptions, ApiResponse } from './routes';
import { ident } from './warehouse';

const DAY = 86_400_000;
/** Default span of the quality report. */
export const QUALITY_DAYS = 7;

/** Where the dead-letter count comes from. */
export const deadLetterNote = (id: string): string =>
  `messages whose deliveries ran out, kept in quarantine.${id} with rule ${DEAD_LETTER_RULE} once the lake drain has run`;

/** True when a warehouse error says the table (or dataset) does not exist: BigQuery's "Not found", the emulator's "does not exist". */
export const isMissingTable = (err: unknown): boolean => /not ?found|does not exist/i.test((err as Error)?.message ?? '');

const day = (d: Date) => d.toISOString().slice(0, 10);
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** `GET /api/<id>/quality`. */
export async function quality(opts: ApiOptions, p: AnyPipeline, q: URLSearchParams): Promise<ApiResponse> {
  checkKnown(q, ['from', 'to']);
  const now = (opts.now ?? (() => new Date()))();
  const to = q.has('to') ? parseTime('to', q.get('to')!) : now;
  const from = q.has('from') ? parseTime('from', q.get('from')!) : new Date(to.getTime() - (QUALITY_DAYS - 1) * DAY);
  if (day(from) > day(to)) throw new ApiError(400, `from (${day(from)}) must not be after to (${day(to)})`);
  const params = { from_dt: day(from), to_dt: day(to) };
  const inRange = 'dt BETWEEN DATE(@from_dt) AND DATE(@to_dt)';
  const [valid, rules] = await Promise.all([
    opts.warehouse.query(`SELECT COUNT(*) AS n FROM ${ident('silver')}.${ident(p.id)} WHERE ${inRange}`, params),
    opts.warehouse.query(`SELECT rule, COUNT(*) AS n FROM ${ident('quarantine')}.${ident(p.id)} WHERE ${inRange} GROUP BY rule ORDER BY n DESC, rule`, params),
  ]);
  const byRule = rules.map((r) => ({ rule: String(r.rule), count: num(r.n) }));
  return {
    status: 200,
    body: {
      pipeline: p.id,
      from: params.from_dt,
      to: params.to_dt,
      valid: num(valid[0]?.n),
      quarantined: byRule.reduce((n, r) => n + r.count, 0),
      rules: byRule,
      deadLettered: byRule.find((r) => r.rule === DEAD_LETTER_RULE)?.count ?? 0,
      deadLetterNote: deadLetterNote(p.id),
    },
  };
}

/** One stage of {@link stages}. */
export interface StageHealth {
  readonly stage: string;
  readonly table: string;
  /** `missing`: the table does not exist yet (a KPI or model not built yet); `error`: any other failure. */
  readonly status: 'ok' | 'empty' | 'missing' | 'error';
  readonly rows?: number;
  readonly newest?: string | null;
  readonly error?: string;
}

/** `GET /api/<id>/stages`. */
export async function stages(opts: ApiOptions, p: AnyPipeline, q: URLSearchParams): Promise<ApiResponse> {
  checkKnown(q, []);
  const now = (opts.now ?? (() => new Date()))();
  const since = { since_dt: day(new Date(now.getTime() - DAY)) };
  const recent = 'WHERE dt >= DATE(@since_dt)';
  const checks: { stage: string; dataset: string; table: string; newest?: string; where?: string }[] = [
    { stage: 'bronze', dataset: 'bronze', table: p.id, newest: 'publish_time', where: recent },
    { stage: 'silver', dataset: 'silver', table: p.id, newest: p.timeField, where: recent },
    { stage: 'quarantine', dataset: 'quarantine', table: p.id, newest: 'received_at', where: recent },
    ...p.kpis.map((k) => ({ stage: `gold ${k.name}`, dataset: 'gold', table: kpiTable(p.id, k.name) })),
    ...p.models.map((m) => ({ stage: `ml ${m.name}`, dataset: 'ml', table: predictionTable(p.id, m.name) })),
  ];
  const out = await Promise.all(
    checks.map(async (c): Promise<StageHealth> => {
      const table = `${c.dataset}.${c.table}`;
      const select = `COUNT(*) AS n${c.newest ? `, MAX(${ident(c.newest)}) AS newest` : ''}`;
      try {
        const [r] = await opts.warehouse.query(`SELECT ${select} FROM ${ident(c.dataset)}.${ident(c.table)} ${c.where ?? ''}`.trim(), c.where ? since : {});
        const rows = num(r?.n);
        return { stage: c.stage, table, status: rows > 0 ? 'ok' : 'empty', rows, ...(c.newest ? { newest: r?.newest == null ? null : String(r.newest) } : {}) };
      } catch (err) {
        return { stage: c.stage, table, status: isMissingTable(err) ? 'missing' : 'error', error: (err as Error).message.slice(0, 300) };
      }
    }),
  );
  return { status: 200, body: { pipeline: p.id, since: since.since_dt, stages: out } };
}
