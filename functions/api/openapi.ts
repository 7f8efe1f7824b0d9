/** The API's OpenAPI 3.1 document, generated from the served pipelines (one path set per pipeline). */
import type { AnyPipeline } from '../runtime';
import { filterKinds } from './params';
import { QUALITY_DAYS } from './quality';

const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const errors = { '400': json('invalid parameter: the message names the allowed ones', { $ref: '#/components/schemas/Error' }), '404': json('unknown pipeline, KPI or model', { $ref: '#/components/schemas/Error' }) };
const limit = (max: number, dflt: number) => ({ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: max, default: dflt } });

/** Builds the document. */
export function openApi(pipelines: readonly AnyPipeline[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/healthz': { get: { summary: 'liveness', responses: { '200': json('ok') } } },
    '/api/pipelines': { get: { summary: 'the served pipelines with their filters, KPIs and models', responses: { '200': json('pipelines') } } },
    '/api/budget': {
      get: {
        summary: 'the latest `tributary budget --format json` report (newest *.json in BUDGET_REPORTS_DIR, default .tributary/budget), as written',
        responses: { '200': json('{ file, modified, report: BudgetReport }, or { report: null, message } (how to write one) when there is none') },
      },
    },
    '/api/openapi.json': { get: { summary: 'this document', responses: { '200': json('OpenAPI 3.1') } } },
  };
  for (const p of pipelines) {
    const filters = [...filterKinds(p)].map(([name, kind]) => ({ name, in: 'query', required: false, schema: { type: kind }, description: `equals filter on ${name}` }));
    paths[`/api/${p.id}/events`] = {
      get: {
        summary: `${p.title}: enriched events from silver, newest first`,
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'inclusive; default: 24 h before to' },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'exclusive; default: now' },
          ...filters,
          limit(1000, 100),
          { name: 'pageToken', in: 'query', schema: { type: 'string' }, description: 'nextPageToken of the previous page (same parameters)' },
        ],
        responses: { '200': json('a page of events'), ...errors },
      },
    };
    paths[`/api/${p.id}/kpis/{kpi}`] = {
      get: {
        summary: `${p.title}: a gold KPI table`,
        parameters: [{ name: 'kpi', in: 'path', required: true, schema: { type: 'string', enum: p.kpis.map((k) => k.name) } }, limit(1000, 1000)],
        responses: { '200': json('{ rows }, or { built: false, message, rows: [] } before its scheduled query first ran'), ...errors },
      },
    };
    paths[`/api/${p.id}/models/{model}`] = {
      get: {
        summary: `${p.title}: a model's predictions, forecasts or centroids`,
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string', enum: p.models.map((m) => m.name) } }, limit(1000, 1000)],
        responses: { '200': json('{ forecasts | predictions | centroids }, or { built: false, message } with empty arrays before the model was first trained'), ...errors },
      },
    };
    paths[`/api/${p.id}/quality`] = {
      get: {
        summary: `${p.title}: data-quality report: valid events (silver) and quarantined ones by rule, over whole UTC days`,
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: `first day (UTC); default: ${QUALITY_DAYS - 1} days before to` },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'last day (UTC), inclusive; default: today' },
        ],
        responses: { '200': json('{ valid, quarantined, rules: [{ rule, count }], deadLettered, deadLetterNote }: dead letters are quarantined with rule dead_letter by the lake drain'), ...errors },
      },
    };
    paths[`/api/${p.id}/stages`] = {
      get: {
        summary: `${p.title}: health of each stage the warehouse shows (bronze, silver, quarantine since yesterday; gold KPI and ml tables)`,
        responses: { '200': json('{ stages: [{ stage, table, status: ok | empty | missing | error, rows, newest, error }] }'), ...errors },
      },
    };
    paths[`/api/${p.id}/search`] = {
      get: {
        summary: `${p.title}: the newest indexed documents matching q (Elasticsearch, seconds behind enrich)`,
        parameters: [{ name: 'q', in: 'query', schema: { type: 'string', maxLength: 500 }, description: 'simple query string over all fields; empty: everything' }, limit(50, 1000)],
        responses: { '200': json('{ total, count, hits }'), '503': json('Error: the api function has no ELASTICSEARCH_URL'), ...errors },
      },
    };
    paths[`/api/${p.id}/live`] = {
      get: {
        summary: `${p.title}: documents indexed and the newest event time in the index`,
        responses: { '200': json('{ indexed, newest }'), '503': json('Error: the api function has no ELASTICSEARCH_URL'), ...errors },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tributary query API', version: '1.0.0', description: 'Read-only access to silver events, gold KPIs and ML outputs. Every value is bound as a query parameter.' },
    paths,
    components: { schemas: { Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, allowed: { type: 'array', items: { type: 'string' } } } } } },
  };
}
