/**
 * models.get / list / patch / delete over the trained BigQuery ML models (../ml/store.ts).
 */
import { nowMs } from '../catalog';
import { notFound } from '../errors';
import { ok, type Route } from '../http';
import type { ModelRecord } from '../ml/store';
import type { Warehouse } from '../warehouse';

/** A model resource as BigQuery answers it. */
export function modelResource(m: ModelRecord, projectId: string): Record<string, unknown> {
  const label = m.state.kind === 'LINEAR_REG' ? m.state.label : undefined;
  return {
    etag: `"${m.lastModifiedTime}"`,
    modelReference: { projectId, datasetId: m.datasetId, modelId: m.modelId },
    creationTime: m.creationTime,
    lastModifiedTime: m.lastModifiedTime,
    modelType: m.modelType,
    location: 'US',
    trainingRuns: [
      {
        trainingOptions: m.options,
        startTime: new Date(Number(m.creationTime)).toISOString(),
        results: m.trainingInfo.map((t) => ({ index: t.iteration, loss: t.loss, durationMs: String(t.durationMs) })),
      },
    ],
    featureColumns: m.inputColumns.filter((c) => c.name !== label).map((c) => ({ name: c.name, type: { typeKind: c.type === 'INTEGER' ? 'INT64' : c.type === 'FLOAT' ? 'FLOAT64' : c.type } })),
    ...(label && { labelColumns: [{ name: `predicted_${label}`, type: { typeKind: 'FLOAT64' } }] }),
    ...(m.description !== undefined && { description: m.description }),
    ...(m.labels && { labels: m.labels }),
  };
}

/** The model routes. */
export function modelRoutes(wh: Warehouse): Route[] {
  const base = '/projects/{projectId}/datasets/{datasetId}/models';
  const get = (projectId: string, datasetId: string, modelId: string): ModelRecord => {
    const m = wh.models.get(datasetId, modelId);
    if (!m) throw notFound(`Model ${projectId}:${datasetId}.${modelId}`);
    return m;
  };
  return [
    {
      method: 'GET',
      path: base,
      op: 'models.list',
      handle: async (req) => {
        await wh.dataset(req.params.projectId, req.params.datasetId);
        return ok({ models: wh.models.list(req.params.datasetId).map((m) => modelResource(m, req.params.projectId)) });
      },
    },
    { method: 'GET', path: `${base}/{modelId}`, op: 'models.get', handle: (req) => ok(modelResource(get(req.params.projectId, req.params.datasetId, req.params.modelId), req.params.projectId)) },
    {
      method: 'PATCH',
      path: `${base}/{modelId}`,
      op: 'models.patch',
      handle: (req) => {
        const m = get(req.params.projectId, req.params.datasetId, req.params.modelId);
        if ('description' in (req.body ?? {})) m.description = req.body.description;
        if ('labels' in (req.body ?? {})) m.labels = req.body.labels;
        m.lastModifiedTime = nowMs();
        wh.models.put(m);
        return ok(modelResource(m, req.params.projectId));
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{modelId}`,
      op: 'models.delete',
      handle: (req) => {
        get(req.params.projectId, req.params.datasetId, req.params.modelId);
        wh.models.delete(req.params.datasetId, req.params.modelId);
        return { status: 204 };
      },
    },
  ];
}
