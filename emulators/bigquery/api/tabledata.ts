/**
 * tabledata.insertAll (streaming inserts, with `insertId` de-duplication, `skipInvalidRows` and
 * `ignoreUnknownValues`) and tabledata.list (paged with `maxResults` / `pageToken` / `startIndex`,
 * `selectedFields`).
 */
import { BigQueryError, invalid } from '../errors';
import { ok, type Reply, type Req, type Route } from '../http';
import { tableKey } from '../catalog';
import { duckTypeOf, lit, q, rowOf, timestampFormat, type Field } from '../types';
import type { Warehouse } from '../warehouse';

/** A row that cannot be stored: which field and why. */
class RowError extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(message);
  }
}

/** How many insertIds are remembered per table (BigQuery keeps them about a minute). */
const DEDUP_WINDOW = 100_000;

/** The DuckDB literal for a JSON value in a field. */
export function valueLiteral(field: Field, value: unknown, path = field.name): string {
  if (value === null || value === undefined) {
    if (field.mode === 'REQUIRED') throw new RowError(path, `Missing required field: ${path}.`);
    return `CAST(NULL AS ${duckTypeOf(field)})`;
  }
  if (field.mode === 'REPEATED') {
    if (!Array.isArray(value)) throw new RowError(path, `Array specified for non-repeated field: ${path}.`);
    const inner = { ...field, mode: 'NULLABLE' as const };
    return `CAST([${value.map((v) => valueLiteral(inner, v, path)).join(', ')}] AS ${duckTypeOf(field)})`;
  }
  const type = field.type.toUpperCase();
  const bad = (): never => {
    throw new RowError(path, `Cannot convert value to ${type.toLowerCase()}: ${JSON.stringify(value)?.slice(0, 100)} (field ${path}).`);
  };
  switch (type) {
    case 'RECORD':
    case 'STRUCT': {
      if (typeof value !== 'object' || Array.isArray(value)) bad();
      const obj = value as Record<string, unknown>;
      const entries = (field.fields ?? []).map((f) => `${lit(f.name)}: ${valueLiteral(f, obj[f.name], `${path}.${f.name}`)}`);
      return `CAST({${entries.join(', ')}} AS ${duckTypeOf({ ...field, mode: 'NULLABLE' })})`;
    }
    case 'INTEGER':
    case 'INT64':
      if (!/^-?\d+$/.test(String(value)) || typeof value === 'boolean') bad();
      return `CAST(${lit(String(value))} AS BIGINT)`;
    case 'FLOAT':
    case 'FLOAT64':
    case 'NUMERIC':
    case 'BIGNUMERIC':
      if (typeof value === 'boolean' || typeof value === 'object' || !Number.isFinite(Number(value)) && !['NaN', 'Infinity', '-Infinity'].includes(String(value))) bad();
      return `CAST(${lit(String(value))} AS ${duckTypeOf(field)})`;
    case 'BOOLEAN':
    case 'BOOL':
      if (![true, false, 'true', 'false', 'TRUE', 'FALSE'].includes(value as never)) bad();
      return String(value).toLowerCase();
    case 'TIMESTAMP':
      if (typeof value === 'number') return `make_timestamptz(${Math.round(value * 1e6)}::BIGINT)`;
      if (typeof value !== 'string') bad();
      return `CAST(${lit(String(value).replace(/ UTC$/i, '+00'))} AS TIMESTAMPTZ)`;
    case 'BYTES':
      return `from_base64(${lit(String(value))})`;
    case 'JSON':
      return `CAST(${lit(typeof value === 'string' ? value : JSON.stringify(value))} AS JSON)`;
    default:
      if (typeof value === 'object') bad();
      return `CAST(${lit(String(value))} AS ${duckTypeOf(field)})`;
  }
}

/** The tabledata routes. */
export function tabledataRoutes(wh: Warehouse): Route[] {
  const path = '/projects/{projectId}/datasets/{datasetId}/tables/{tableId}';
  const seen = new Map<string, Set<string>>();
  const insertAll = async (req: Req): Promise<Reply> => {
    const { projectId, datasetId, tableId } = req.params;
    const meta = await wh.table(projectId, datasetId, tableId);
    if (meta.type !== 'TABLE') throw invalid(`Cannot add rows to a table of type ${meta.type}: ${projectId}:${datasetId}.${tableId}`);
    const fields = await wh.schemaOf(datasetId, tableId);
    const rows: { insertId?: string; json: Record<string, unknown> }[] = req.body?.rows ?? [];
    const ids = seen.get(tableKey(datasetId, tableId)) ?? new Set<string>();
    seen.set(tableKey(datasetId, tableId), ids);
    const tuples: string[] = [];
    const insertErrors: unknown[] = [];
    rows.forEach((row, index) => {
      if (row.insertId && ids.has(row.insertId)) return;
      try {
        const json = row.json ?? {};
        if (!req.body.ignoreUnknownValues) {
          const unknown = Object.keys(json).find((k) => !fields.some((f) => f.name === k));
          if (unknown) throw new RowError(unknown, `no such field: ${unknown}.`);
        }
        tuples.push(`(${fields.map((f) => valueLiteral(f, json[f.name])).join(', ')})`);
        if (row.insertId) ids.add(row.insertId);
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        insertErrors.push({ index, errors: [{ reason: 'invalid', location: e.location, debugInfo: '', message: e.message }] });
      }
    });
    if (insertErrors.length && !req.body.skipInvalidRows) {
      return ok({ kind: 'bigquery#tableDataInsertAllResponse', insertErrors });
    }
    if (tuples.length) {
      try {
        await wh.engine.query(`INSERT INTO ${q(datasetId)}.${q(tableId)} (${fields.map((f) => q(f.name)).join(', ')}) VALUES ${tuples.join(', ')}`);
      } catch (e) {
        if (!(e instanceof BigQueryError)) throw e;
        throw invalid(`Invalid row: ${e.message}`);
      }
    }
    if (ids.size > DEDUP_WINDOW) seen.set(tableKey(datasetId, tableId), new Set([...ids].slice(-DEDUP_WINDOW / 2)));
    return ok({ kind: 'bigquery#tableDataInsertAllResponse', ...(insertErrors.length && { insertErrors }) });
  };
  const list = async (req: Req): Promise<Reply> => {
    const { projectId, datasetId, tableId } = req.params;
    const meta = await wh.table(projectId, datasetId, tableId);
    if (meta.type === 'VIEW') throw invalid(`Cannot list a table of type VIEW.`);
    const qs = req.query;
    const start = Number(qs.get('pageToken') ?? qs.get('startIndex') ?? 0);
    const max = qs.get('maxResults') ? Number(qs.get('maxResults')) : 100_000;
    const selected = qs.get('selectedFields')?.split(',').map((s) => s.trim()).filter(Boolean);
    const cols = selected?.length ? selected.map(q).join(', ') : '*';
    const name = `${q(datasetId)}.${q(tableId)}`;
    const total = Number((await wh.engine.query(`SELECT count(*) FROM ${name}`)).rows[0][0]);
    const r = await wh.engine.query(`SELECT ${cols} FROM ${name} LIMIT ${max} OFFSET ${start}`);
    const format = timestampFormat({ useInt64Timestamp: qs.get('formatOptions.useInt64Timestamp') ?? undefined, timestampOutputFormat: qs.get('formatOptions.timestampOutputFormat') ?? undefined });
    const end = start + r.rows.length;
    return ok({
      kind: 'bigquery#tableDataList',
      etag: `"${meta.lastModifiedTime}"`,
      totalRows: String(total),
      rows: r.rows.map((row) => rowOf(row, format)),
      ...(end < total && { pageToken: String(end) }),
    });
  };
  return [
    { method: 'POST', path: `${path}/insertAll`, op: 'tabledata.insertAll', handle: insertAll },
    { method: 'GET', path: `${path}/data`, op: 'tabledata.list', handle: list },
  ];
}
