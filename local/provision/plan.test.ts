import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceGraph, type TerraformJson } from '../../infra/graph';
import { synthesize } from '../../infra/synth';
import { ALPHA, BETA, fixtureBigQuerySchema } from '../../infra/test-fixtures/pipelines';
import { FIXTURE_SQL } from '../../infra/test-fixtures/synth';
import { NO_LOCAL_EFFECT, planFromGraph, UnsupportedResourceTypeError } from './plan';

const out = mkdtempSync(join(tmpdir(), 'tributary-plan-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const [dev] = synthesize({
  definitions: { pipelines: [ALPHA, BETA], toBigQuerySchema: fixtureBigQuerySchema },
  outdir: out,
  environments: ['dev'],
  env: {},
  sqlRoot: FIXTURE_SQL,
});
const ports = new Map<string, number>();
const graph = ResourceGraph.fromFile(dev.file, {
  project: 'tributary-dev',
  functionUrl: (r) => {
    if (!ports.has(r.address)) ports.set(r.address, 9000 + ports.size);
    return `http://127.0.0.1:${ports.get(r.address)}`;
  },
});
const plan = planFromGraph(graph, 'tributary-dev');

describe('planFromGraph', () => {
  it('turns every resource into a step or a listed skip', () => {
    const provisioned = graph.resources().filter((r) => !(r.type in NO_LOCAL_EFFECT)).length;
    const steps =
      plan.kafkaTopics.length + plan.topics.length + plan.subscriptions.length + plan.buckets.length + plan.datasets.length +
      plan.tables.length + plan.functions.length + plan.schedulerJobs.length + plan.scheduledQueries.length + plan.secrets.length;
    expect(steps).toBe(provisioned);
    expect(plan.skipped.length + steps).toBe(graph.resources().length);
  });

  it('points push subscriptions at the local function host with the topic path functions-framework expects', () => {
    const enrich = plan.subscriptions.find((s) => s.name === 'alpha-raw-enrich')!;
    const fn = plan.functions.find((f) => f.name === 'alpha-enrich')!;
    const port = ports.get(fn.address);
    expect(enrich.pushEndpoint).toBe(`http://127.0.0.1:${port}/projects/tributary-dev/topics/alpha-raw`);
    expect(enrich).toMatchObject({ topic: 'alpha-raw', deadLetterTopic: 'alpha-dead-letter', maxDeliveryAttempts: 5, minimumBackoffSeconds: 10, maximumBackoffSeconds: 600 });
    expect(plan.subscriptions.find((s) => s.name === 'alpha-enriched-lake')?.pushEndpoint).toBeUndefined();
  });

  it('gives each function its target, signature, plain env and secret ids', () => {
    const drain = plan.functions.find((f) => f.name === 'alpha-drain-index')!;
    expect(drain).toMatchObject({ target: 'drainIndex', signature: 'http', role: 'drain-index', pipeline: 'alpha' });
    expect(drain.env).toMatchObject({ PIPELINE: 'alpha', SUBSCRIPTION: 'alpha-enriched-index' });
    expect(drain.secretEnv).toEqual({ ELASTICSEARCH_URL: 'elasticsearch-url', ELASTICSEARCH_API_KEY: 'elasticsearch-api-key' });
    const ingest = plan.functions.find((f) => f.target === 'ingestFile')!;
    expect(ingest.trigger).toEqual({ eventType: 'google.cloud.storage.object.v1.finalized', bucket: 'tributary-dev-landing' });
  });

  it('decodes scheduler bodies and reads scheduled queries with their SQL', () => {
    const job = plan.schedulerJobs.find((j) => j.name === 'alpha-drain-lake')!;
    expect(job).toMatchObject({ schedule: '* * * * *', method: 'POST', body: '{}' });
    expect(job.uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const kpi = plan.scheduledQueries.find((q) => q.name === 'alpha kpi daily_value')!;
    expect(kpi.query).toMatch(/^CREATE OR REPLACE TABLE gold\.alpha_daily_value/);
  });

  it('maps external tables to the REST shape with hive partitioning', () => {
    const q = plan.tables.find((t) => t.dataset === 'quarantine' && t.table === 'alpha')!;
    expect(q.resource).toMatchObject({
      externalDataConfiguration: { sourceFormat: 'PARQUET', sourceUris: ['gs://tributary-dev-lake/quarantine/alpha/*'], hivePartitioningOptions: { mode: 'CUSTOM' } },
    });
    expect((q.resource.schema as { fields: unknown[] }).fields.length).toBeGreaterThan(0);
    expect(plan.tables.find((t) => t.dataset === 'silver' && t.table === 'alpha')?.resource.view).toMatchObject({ useLegacySql: false });
  });

  it('refuses a resource type it does not know instead of ignoring it', () => {
    const json: TerraformJson = { resource: { google_sql_database_instance: { db: { name: 'x' } } } };
    expect(() => planFromGraph(new ResourceGraph(json, { project: 'p' }), 'p')).toThrow(UnsupportedResourceTypeError);
  });
});
