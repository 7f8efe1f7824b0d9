/**
 * tables.insert / get / list / patch / update / delete for native tables (a DuckDB table built
 * from the given schema), views (a DuckDB view over the translated GoogleSQL) and external tables
 * (a DuckDB view over the files, see ../external.ts).
 */
import { nowMs, tableKey, type TableMeta } from '../catalog';
import { duplicate, invalid } from '../errors';
import { createExternal } from '../external';
import { ok, type Reply, type Req, type Route } from '../http';
import { translate } from '../sql/translate';
import { duckTypeOf, q, type Field } from '../types';
import type { Warehouse } from '../warehouse';

const ID = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]{1,1024}$/u;

/** A table resource as BigQuery answers it. */
export async function tableResource(wh: Warehouse, t: TableMeta): Promise<Record<string, unknown>> {
  const fields = await wh.schemaOf(t.datasetId, t.tableId);
  const res: Record<string, unknown> = {
    kind: 'bigquery#table',
    etag: `"${t.lastModifiedTime}"`,
    id: `${t.projectId}:${t.datasetId}.${t.tableId}`,
    selfLink: `/bigquery/v2/projects/${t.projectId}/datasets/${t.datasetId}/tables/${t.tableId}`,
    tableReference: { projectId: t.projectId, datasetId: t.datasetId, tableId: t.tableId },
    schema: { fields },
    type: t.type,
    creationTime: t.creationTime,
    lastModifiedTime: t.lastModifiedTime,
    location: wh.location,
  };
  if (t.type === 'TABLE') {
    const r = await wh.engine.query(`SELECT count(*) FROM ${q(t.datasetId)}.${q(t.tableId)}`);
    res.numRows = String(r.rows[0][0]);
    res.numBytes = '0';
  }
  if (t.view) res.view = t.view;
  if (t.externalDataConfiguration) res.externalDataConfiguration = t.externalDataConfiguration;
  for (const k of ['description', 'friendlyName', 'labels', 'timePartitioning', 'clustering'] as const) if (t[k] !== undefined) res[k] = t[k];
  return res;
}

function applyPatch(t: TableMeta, body: Record<string, unknown>): void {
  for (const k of ['description', 'friendlyName', 'labels', 'timePartitioning', 'clustering'] as const) {
    if (k in body) (t as unknown as Record<string, unknown>)[k] = body[k];
  }
  t.lastModifiedTime = nowMs();
}

/** Adds columns a patch's schema has that the table lacks (BigQuery allows only additions). */
async function addColumns(wh: Warehouse, t: TableMeta, fields: Field[]): Promise<void> {
  const existing = new Set((await wh.schemaOf(t.datasetId, t.tableId)).map((f) => f.name.toLowerCase()));
  for (const f of fields) {
    if (existing.has(f.name.toLowerCase())) continue;
    if (f.mode === 'REQUIRED') throw invalid(`Provided Schema does not match Table ${t.projectId}:${t.datasetId}.${t.tableId}. Cannot add required field ${f.name}.`);
    await wh.engine.query(`ALTER TABLE ${q(t.datasetId)}.${q(t.tableId)} ADD COLUMN ${q(f.name)} ${duckTypeOf(f)}`);
  }
  t.schema = { fields };
}

/** The table routes. */
export function tableRoutes(wh: Warehouse): Route[] {
  const base = '/projects/{projectId}/datasets/{datasetId}/tables';
  const insert = async (req: Req): Promise<Reply> => {
    const { projectId, datasetId } = req.params;
    await wh.dataset(projectId, datasetId);
    const tableId: unknown = req.body?.tableReference?.tableId;
    if (typeof tableId !== 'string' || !ID.test(tableId)) throw invalid(`Invalid table ID "${String(tableId)}".`);
    if ((await wh.relations(datasetId)).some((r) => r.name === tableId)) throw duplicate(`Table ${projectId}:${datasetId}.${tableId}`);
    const now = nowMs();
    const name = `${q(datasetId)}.${q(tableId)}`;
    const fields: Field[] | undefined = req.body.schema?.fields;
    const meta: TableMeta = { projectId, datasetId, tableId, type: 'TABLE', creationTime: now, lastModifiedTime: now };
    if (req.body.view?.query) {
      if (req.body.view.useLegacySql === true) throw invalid('Legacy SQL views are not supported by the local BigQuery emulator; set useLegacySql: false');
      const [sql] = await translate(req.body.view.query);
      await wh.engine.query(`CREATE VIEW ${name} AS ${sql}`);
      meta.type = 'VIEW';
      meta.view = { query: req.body.view.query, useLegacySql: false };
    } else if (req.body.externalDataConfiguration) {
      meta.type = 'EXTERNAL';
      meta.externalDataConfiguration = req.body.externalDataConfiguration;
      meta.pendingFiles = !(await createExternal(wh, { datasetId, tableId, config: req.body.externalDataConfiguration, fields }));
    } else {
      const cols = (fields ?? []).map((f) => `${q(f.name)} ${duckTypeOf(f)}${f.mode === 'REQUIRED' ? ' NOT NULL' : ''}`);
      await wh.engine.query(`CREATE TABLE ${name} (${cols.length ? cols.join(', ') : '"_no_columns" BOOLEAN'})`);
    }
    if (fields) meta.schema = { fields };
    applyPatch(meta, req.body);
    wh.catalog.tables.set(tableKey(datasetId, tableId), meta);
    wh.catalog.save();
    return ok(await tableResource(wh, meta));
  };
  const patch = async (req: Req): Promise<Reply> => {
    const { projectId, datasetId, tableId } = req.params;
    const meta = await wh.table(projectId, datasetId, tableId);
    if (req.body?.schema?.fields && meta.type === 'TABLE') await addColumns(wh, meta, req.body.schema.fields);
    applyPatch(meta, req.body ?? {});
    wh.catalog.save();
    return ok(await tableResource(wh, meta));
  };
  return [
    { method: 'POST', path: base, op: 'tables.insert', handle: insert },
    {
      method: 'GET',
      path: base,
      op: 'tables.list',
      handle: async (req) => {
        const { projectId, datasetId } = req.params;
        await wh.dataset(projectId, datasetId);
        const rels = await wh.relations(datasetId);
        const metas = await Promise.all(rels.map((r) => wh.table(projectId, datasetId, r.name)));
        return ok({
          kind: 'bigquery#tableList',
          etag: `"${metas.length}"`,
          totalItems: metas.length,
          tables: metas.map((t) => ({
            kind: 'bigquery#table',
            id: `${projectId}:${datasetId}.${t.tableId}`,
            tableReference: { projectId, datasetId, tableId: t.tableId },
            type: t.type,
            creationTime: t.creationTime,
            ...(t.labels && { labels: t.labels }),
          })),
        });
      },
    },
    {
      method: 'GET',
      path: `${base}/{tableId}`,
      op: 'tables.get',
      handle: async (req) => ok(await tableResource(wh, await wh.table(req.params.projectId, req.params.datasetId, req.params.tableId))),
    },
    { method: 'PATCH', path: `${base}/{tableId}`, op: 'tables.patch', handle: patch },
    { method: 'PUT', path: `${base}/{tableId}`, op: 'tables.update', handle: patch },
    {
      method: 'DELETE',
      path: `${base}/{tableId}`,
      op: 'tables.delete',
      handle: async (req) => {
        const { projectId, datasetId, tableId } = req.params;
        const meta = await wh.table(projectId, datasetId, tableId);
        const rel = (await wh.relations(datasetId)).find((r) => r.name === tableId);
        await wh.engine.query(`DROP ${rel?.kind === 'VIEW' ? 'VIEW' : 'TABLE'} ${q(datasetId)}.${q(tableId)}`);
        wh.catalog.dropTable(meta.datasetId, meta.tableId);
        return { status: 204 };
      },
    },
  ];
}
