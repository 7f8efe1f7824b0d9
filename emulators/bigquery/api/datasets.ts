/**
 * datasets.insert / get / list / patch / update / delete. A dataset is a DuckDB schema; its
 * description, labels and location are kept in the catalog. `deleteContents=true` drops the tables
 * with it, as BigQuery does; without it a non-empty dataset answers 400 `resourceInUse`.
 */
import { nowMs, type DatasetMeta } from '../catalog';
import { BigQueryError, duplicate, invalid } from '../errors';
import { ok, type Reply, type Req, type Route } from '../http';
import { q } from '../types';
import type { Warehouse } from '../warehouse';

const ID = /^[A-Za-z0-9_]{1,1024}$/;

/** A dataset resource as BigQuery answers it. */
export function datasetResource(d: DatasetMeta): Record<string, unknown> {
  return {
    kind: 'bigquery#dataset',
    etag: `"${d.lastModifiedTime}"`,
    id: `${d.projectId}:${d.datasetId}`,
    selfLink: `/bigquery/v2/projects/${d.projectId}/datasets/${d.datasetId}`,
    datasetReference: { projectId: d.projectId, datasetId: d.datasetId },
    location: d.location,
    creationTime: d.creationTime,
    lastModifiedTime: d.lastModifiedTime,
    ...(d.description !== undefined && { description: d.description }),
    ...(d.friendlyName !== undefined && { friendlyName: d.friendlyName }),
    ...(d.labels && { labels: d.labels }),
    ...(d.defaultTableExpirationMs && { defaultTableExpirationMs: d.defaultTableExpirationMs }),
    type: 'DEFAULT',
  };
}

function applyPatch(d: DatasetMeta, body: Record<string, unknown>): void {
  if ('description' in body) d.description = body.description as string;
  if ('friendlyName' in body) d.friendlyName = body.friendlyName as string;
  if ('labels' in body) d.labels = body.labels as Record<string, string>;
  if ('defaultTableExpirationMs' in body) d.defaultTableExpirationMs = body.defaultTableExpirationMs as string;
  d.lastModifiedTime = nowMs();
}

/** The dataset routes. */
export function datasetRoutes(wh: Warehouse): Route[] {
  const base = '/projects/{projectId}/datasets';
  const insert = async (req: Req): Promise<Reply> => {
    const { projectId } = req.params;
    const datasetId: unknown = req.body?.datasetReference?.datasetId;
    if (typeof datasetId !== 'string' || !ID.test(datasetId)) {
      throw invalid(`Invalid dataset ID "${String(datasetId)}". Dataset IDs must be alphanumeric (plus underscores) and must be at most 1024 characters long.`);
    }
    if ((await wh.datasetIds()).includes(datasetId)) throw duplicate(`Dataset ${projectId}:${datasetId}`);
    await wh.engine.query(`CREATE SCHEMA ${q(datasetId)}`);
    const now = nowMs();
    const meta: DatasetMeta = { projectId, datasetId, location: req.body.location ?? wh.location, creationTime: now, lastModifiedTime: now };
    applyPatch(meta, req.body);
    wh.catalog.datasets.set(datasetId, meta);
    wh.catalog.save();
    return ok(datasetResource(meta));
  };
  const patch = async (req: Req): Promise<Reply> => {
    const meta = await wh.dataset(req.params.projectId, req.params.datasetId);
    applyPatch(meta, req.body ?? {});
    wh.catalog.save();
    return ok(datasetResource(meta));
  };
  return [
    { method: 'POST', path: base, op: 'datasets.insert', handle: insert },
    {
      method: 'GET',
      path: base,
      op: 'datasets.list',
      handle: async (req) => {
        const { projectId } = req.params;
        const ids = await wh.datasetIds();
        const metas = await Promise.all(ids.map((id) => wh.dataset(projectId, id)));
        return ok({
          kind: 'bigquery#datasetList',
          etag: `"${ids.length}"`,
          datasets: metas.map((d) => ({
            kind: 'bigquery#dataset',
            id: `${projectId}:${d.datasetId}`,
            datasetReference: { projectId, datasetId: d.datasetId },
            location: d.location,
            ...(d.labels && { labels: d.labels }),
          })),
        });
      },
    },
    { method: 'GET', path: `${base}/{datasetId}`, op: 'datasets.get', handle: async (req) => ok(datasetResource(await wh.dataset(req.params.projectId, req.params.datasetId))) },
    { method: 'PATCH', path: `${base}/{datasetId}`, op: 'datasets.patch', handle: patch },
    { method: 'PUT', path: `${base}/{datasetId}`, op: 'datasets.update', handle: patch },
    {
      method: 'DELETE',
      path: `${base}/{datasetId}`,
      op: 'datasets.delete',
      handle: async (req) => {
        const { projectId, datasetId } = req.params;
        await wh.dataset(projectId, datasetId);
        const rels = await wh.relations(datasetId);
        if (rels.length && req.query.get('deleteContents') !== 'true') {
          throw new BigQueryError(400, 'resourceInUse', `Dataset ${projectId}:${datasetId} is still in use`);
        }
        await wh.engine.query(`DROP SCHEMA ${q(datasetId)} CASCADE`);
        wh.catalog.dropDataset(datasetId);
        wh.models.dropDataset(datasetId);
        return { status: 204 };
      },
    },
  ];
}
