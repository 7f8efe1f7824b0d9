/**
 * Two small pipeline definitions that exercise every source kind and model type, for testing
 * the constructs independently of the real pipelines in `pipelines/`.
 */
import type { PipelineDefinition } from '../../pipelines/types';
import type { JsonSchema } from '../../schemas/types';
import type { BqField } from '../constructs/warehouse';

const enriched = (extra: Record<string, unknown>): JsonSchema => ({
  type: 'object',
  required: ['event_id', 'event_time'],
  properties: { event_id: { type: 'string' }, event_time: { type: 'string', format: 'date-time' }, value: { type: 'number' }, ...extra },
});

const base = {
  description: 'fixture',
  schema: { type: 'object' },
  eventId: (e: Record<string, unknown>) => String(e.id),
  rules: [],
  enrich: (e: Record<string, unknown>) => e as never,
  timeField: 'event_time',
  filterFields: [],
  index: { shards: 1, replicas: 0, refreshInterval: '1s' },
  batching: { index: { count: 500, bytes: 5_000_000, ageMs: 5_000 }, lake: { count: 10_000, bytes: 64_000_000, ageMs: 120_000 } },
  workload: { eventsPerSecond: 10, avgEventBytes: 300, retentionDays: 30 },
} as const;

export const ALPHA: PipelineDefinition = {
  ...base,
  id: 'alpha',
  title: 'Alpha',
  enrichedSchema: enriched({ region: { type: 'string' }, count: { type: 'integer' } }),
  partitionKeys: ['region'],
  kpis: [{ name: 'daily_value', description: 'value per day', schedule: 'every 24 hours', scanDays: 3 }],
  models: [{ name: 'segments', type: 'KMEANS', description: 'clusters', features: ['value'], options: { num_clusters: 4 }, schedule: 'every 24 hours', trainDays: 30 }],
  sources: [
    { kind: 'files', formats: ['csv', 'ndjson'] },
    { kind: 'postgres', table: 'orders', watermarkColumn: 'updated_at', schedule: 'every 5 minutes' },
    { kind: 'replay', formats: ['ndjson'], timestampField: 'event_time' },
  ],
};

export const BETA: PipelineDefinition = {
  ...base,
  id: 'beta',
  title: 'Beta',
  enrichedSchema: enriched({ symbol: { type: 'string' } }),
  partitionKeys: ['symbol'],
  kpis: [{ name: 'per_minute', description: 'per minute', schedule: 'every 15 minutes', scanDays: 1 }],
  models: [
    { name: 'price', type: 'LINEAR_REG', description: 'price', features: ['value'], label: 'value', options: {}, schedule: 'every 24 hours', trainDays: 7 },
    { name: 'forecast', type: 'ARIMA_PLUS', description: 'forecast', timeSeries: { timestampCol: 'event_time', dataCol: 'value', idCol: 'symbol', horizon: 24 }, options: {}, schedule: 'every 24 hours', trainDays: 14 },
  ],
  sources: [{ kind: 'poller', apis: ['cryptocompare', 'finnhub'], schedule: '* * * * *' }, { kind: 'generator' }],
};

/** A minimal JSON Schema → BigQuery mapping for the fixtures (the real one is schemas/derive.ts). */
export function fixtureBigQuerySchema(schema: JsonSchema): BqField[] {
  const props = (schema.properties ?? {}) as Record<string, { type?: string; format?: string }>;
  const required = new Set((schema.required ?? []) as string[]);
  const type = (p: { type?: string; format?: string }) =>
    p.format === 'date-time' ? 'TIMESTAMP' : p.type === 'integer' ? 'INT64' : p.type === 'number' ? 'FLOAT64' : p.type === 'boolean' ? 'BOOL' : 'STRING';
  return Object.entries(props).map(([name, p]) => ({ name, type: type(p), mode: required.has(name) ? 'REQUIRED' : 'NULLABLE' }));
}
