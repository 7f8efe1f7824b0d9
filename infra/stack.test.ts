import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest'; // the matchers' types
import { checkStack } from './checks';
import { ResourceGraph } from './graph';
import { SECRET_ENV } from './constructs/secrets';
import { ALPHA, BETA } from './test-fixtures/pipelines';
import { grantsOf, resourcesOf, synthFixture } from './test-fixtures/synth';

Testing.setupJest();

const ctx = { pipelines: [ALPHA, BETA], publicApi: false, kafka: true };
const base = synthFixture();
const graph = new ResourceGraph(base.json, { project: 'tributary-test' });
const byName = (type: string, name: string) => {
  const r = graph.resources(type).find((x) => graph.resolve(x.config.name) === name);
  if (!r) throw new Error(`no ${type} named ${name}`);
  return graph.resolved(r);
};
const sorted = (gs: { role: string; on: string }[]) => gs.map((g) => `${g.role} on ${g.on}`).sort();

describe('the stack built from the fixture pipelines', () => {
  it('passes every policy check', () => {
    expect(checkStack(base.json, ctx)).toEqual([]);
  });

  it('gives each function its own service account named after it', () => {
    expect(base.text).toHaveResourceWithProperties(ServiceAccount, { account_id: 'alpha-enrich' });
    expect(base.text).toHaveResourceWithProperties(ServiceAccount, { account_id: 'beta-poll-quotes' });
    const emails = graph.resources('google_cloudfunctions2_function').map((f) => (graph.resolved(f).service_config as { service_account_email: string }).service_account_email);
    expect(emails).toContain('alpha-enrich@tributary-test.iam.gserviceaccount.com');
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('lets enrich publish only to its enriched and quarantine topics', () => {
    expect(sorted(grantsOf(base.json, 'alpha-enrich'))).toEqual(['roles/pubsub.publisher on alpha-enriched', 'roles/pubsub.publisher on alpha-quarantine']);
  });

  it('lets the lake drain pull its three subscriptions and the dead letters, and only create lake objects', () => {
    expect(sorted(grantsOf(base.json, 'alpha-drain-lake'))).toEqual([
      'roles/pubsub.subscriber on alpha-dead-letter-lake',
      'roles/pubsub.subscriber on alpha-enriched-lake',
      'roles/pubsub.subscriber on alpha-quarantine-lake',
      'roles/pubsub.subscriber on alpha-raw-lake',
      'roles/storage.objectCreator on tributary-test-lake',
    ]);
  });

  it('lets the index drain pull one subscription, quarantine rejected documents and read the Elasticsearch secrets', () => {
    expect(sorted(grantsOf(base.json, 'alpha-drain-index'))).toEqual([
      'roles/pubsub.publisher on alpha-quarantine',
      'roles/pubsub.subscriber on alpha-enriched-index',
      'roles/secretmanager.secretAccessor on elasticsearch-api-key',
      'roles/secretmanager.secretAccessor on elasticsearch-url',
    ]);
  });

  it('gives source functions what their source needs (ingestFile also creates its report in the lake)', () => {
    expect(sorted(grantsOf(base.json, 'alpha-ingest-file'))).toEqual([
      'roles/pubsub.publisher on alpha-raw',
      'roles/storage.objectCreator on tributary-test-lake',
      'roles/storage.objectViewer on tributary-test-landing',
    ]);
    expect(sorted(grantsOf(base.json, 'beta-poll-quotes'))).toEqual([
      'roles/pubsub.publisher on beta-raw',
      'roles/secretmanager.secretAccessor on cryptocompare-api-key',
      'roles/secretmanager.secretAccessor on finnhub-api-key',
    ]);
    expect(sorted(grantsOf(base.json, 'alpha-pg-source'))).toContain('roles/secretmanager.secretAccessor on postgres-url');
    expect(graph.resources('google_cloudfunctions2_function').map((f) => f.config.name)).not.toContain('beta-ingest-file');
  });

  it('feeds enrich through an authenticated push subscription with dead-lettering', () => {
    const sub = byName('google_pubsub_subscription', 'alpha-raw-enrich') as Record<string, any>;
    expect(sub.push_config.push_endpoint).toBe('https://europe-west1-tributary-test.cloudfunctions.net/alpha-enrich/projects/tributary-test/topics/alpha-raw');
    expect(sub.push_config.oidc_token.service_account_email).toBe('tributary-pubsub-push@tributary-test.iam.gserviceaccount.com');
    expect(sub.dead_letter_policy).toEqual({ dead_letter_topic: 'projects/tributary-test/topics/alpha-dead-letter', max_delivery_attempts: 5 });
    expect(sub.retry_policy).toEqual({ minimum_backoff: '10s', maximum_backoff: '600s' });
  });

  it('sets drain ack deadlines above the batch age', () => {
    expect(base.text).toHaveResourceWithProperties(PubsubSubscription, { name: 'alpha-raw-lake', ack_deadline_seconds: 180 });
    expect(base.text).toHaveResourceWithProperties(PubsubSubscription, { name: 'alpha-enriched-index', ack_deadline_seconds: 65 });
  });

  it('lets the Pub/Sub service agent dead-letter', () => {
    const members = graph.resources('google_pubsub_topic_iam_member').map((r) => graph.resolved(r)).filter((r) => r.topic === 'alpha-dead-letter');
    expect(members).toEqual([expect.objectContaining({ role: 'roles/pubsub.publisher', member: 'serviceAccount:service-000000000000@gcp-sa-pubsub.iam.gserviceaccount.com' })]);
  });

  it('calls drains and pollers from Cloud Scheduler with an OIDC token', () => {
    const job = byName('google_cloud_scheduler_job', 'alpha-drain-lake') as Record<string, any>;
    expect(job.schedule).toBe('* * * * *');
    expect(job.http_target.oidc_token.service_account_email).toBe('tributary-scheduler@tributary-test.iam.gserviceaccount.com');
    expect(job.http_target.uri).toBe('https://europe-west1-tributary-test.cloudfunctions.net/alpha-drain-lake');
    expect(base.text).toHaveResourceWithProperties(CloudSchedulerJob, { schedule: '*/5 * * * *' });
  });

  it('passes each function the environment of the contract', () => {
    const env = (name: string) => (byName('google_cloudfunctions2_function', name).service_config as { environment_variables: Record<string, string> }).environment_variables;
    expect(env('alpha-drain-lake')).toEqual({
      GOOGLE_CLOUD_PROJECT: 'tributary-test',
      PIPELINE: 'alpha',
      LAKE_BUCKET: 'tributary-test-lake',
      BRONZE_SUBSCRIPTION: 'alpha-raw-lake',
      DEAD_LETTER_SUBSCRIPTION: 'alpha-dead-letter-lake',
      SILVER_SUBSCRIPTION: 'alpha-enriched-lake',
      QUARANTINE_SUBSCRIPTION: 'alpha-quarantine-lake',
      PARTITION_KEYS: 'region',
      TIME_FIELD: 'event_time',
      DRAIN_DEADLINE_MS: '50000',
      BATCH_COUNT: '10000',
      BATCH_BYTES: '64000000',
      BATCH_AGE_MS: '120000',
    });
    expect(env('alpha-enrich')).toMatchObject({ ENRICHED_TOPIC: 'alpha-enriched', QUARANTINE_TOPIC: 'alpha-quarantine' });
    const secrets = (byName('google_cloudfunctions2_function', 'alpha-drain-index').service_config as { secret_environment_variables: { key: string; secret: string }[] }).secret_environment_variables;
    expect(secrets.map((s) => `${s.key}=${s.secret}`)).toEqual(['ELASTICSEARCH_URL=elasticsearch-url', 'ELASTICSEARCH_API_KEY=elasticsearch-api-key']);
  });

  it('keeps buckets private with lifecycle rules on bronze and quarantine', () => {
    expect(base.text).toHaveResourceWithProperties(StorageBucket, { name: 'tributary-test-lake', uniform_bucket_level_access: true, public_access_prevention: 'enforced' });
    const lake = byName('google_storage_bucket', 'tributary-test-lake') as Record<string, any>;
    expect(lake.lifecycle_rule).toEqual([
      { condition: { age: 30, matches_prefix: ['bronze/'] }, action: { type: 'SetStorageClass', storage_class: 'NEARLINE' } },
      { condition: { age: 90, matches_prefix: ['quarantine/'] }, action: { type: 'Delete' } },
    ]);
  });

  it('defines hive-partitioned external tables without the partition columns, and the dedup view', () => {
    const tables = graph.resources('google_bigquery_table').map((t) => graph.resolved(t) as Record<string, any>);
    const silver = tables.find((t) => t.dataset_id === 'silver' && t.table_id === 'alpha_lake')!;
    expect(silver.external_data_configuration.hive_partitioning_options).toEqual({
      mode: 'CUSTOM',
      source_uri_prefix: 'gs://tributary-test-lake/silver/alpha/{dt:DATE}/{region:STRING}',
      require_partition_filter: false,
    });
    expect(JSON.parse(silver.schema).map((f: { name: string }) => f.name)).toEqual(['event_id', 'event_time', 'value', 'count']);
    const view = tables.find((t) => t.dataset_id === 'silver' && t.table_id === 'alpha')!;
    expect(view.view.query).toMatch(/PARTITION BY event_id/);
  });

  it('schedules KPI, training and prediction queries with the definition numbers filled in', () => {
    const queries = graph.resources('google_bigquery_data_transfer_config').map((t) => graph.resolved(t) as Record<string, any>);
    expect(queries.map((q) => q.display_name).sort()).toEqual([
      'alpha kpi daily_value', 'alpha model segments', 'alpha predict segments',
      'beta kpi per_minute', 'beta model forecast', 'beta model price', 'beta predict forecast', 'beta predict price',
    ]);
    const kpi = queries.find((q) => q.display_name === 'alpha kpi daily_value')!;
    expect(kpi).toMatchObject({ data_source_id: 'scheduled_query', schedule: 'every 24 hours', service_account_name: 'tributary-queries@tributary-test.iam.gserviceaccount.com' });
    expect(kpi.params.query).toContain('INTERVAL 3 DAY');
    const forecast = queries.find((q) => q.display_name === 'beta model forecast')!;
    expect(forecast.params.query).toContain("time_series_id_col = 'symbol'");
    for (const q of queries) expect(q.params.query).not.toContain('{{');
  });

  it('keeps no secret value: a canary in the environment never reaches the JSON', () => {
    const canary = 'canary-7f3e9b21-do-not-leak';
    const env = Object.fromEntries(Object.values(SECRET_ENV).map((k) => [k, canary]));
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(synthFixture({ env }).text).not.toContain(canary);
    } finally {
      process.env = saved;
    }
    expect(resourcesOf(base.json, 'google_secret_manager_secret').map(([, s]) => s.secret_id)).toHaveLength(Object.keys(SECRET_ENV).length);
    expect(resourcesOf(base.json, 'google_secret_manager_secret_version')).toEqual([]);
  });

  it('makes each resource wait for the APIs its type needs', () => {
    const topic = graph.resources('google_pubsub_topic')[0];
    expect(topic.config.depends_on).toEqual([expect.stringMatching(/^\$\{google_project_service\.services_pubsub_[^.]+\}$/)]);
    expect(graph.resolve(topic.config.depends_on)).toEqual([expect.objectContaining({ service: 'pubsub.googleapis.com' })]);
    expect(graph.resolved(topic)).not.toHaveProperty('depends_on');
  });

  it('alerts on dead letters, consumer lag and function errors per pipeline', () => {
    const policies = graph.resources('google_monitoring_alert_policy').map((r) => graph.resolved(r) as Record<string, any>);
    const alpha = policies.filter((p) => p.user_labels['tributary-pipeline'] === 'alpha');
    expect(alpha.map((p) => p.conditions[0].condition_threshold.filter.match(/metric\.type = "([^"]+)"/)[1]).sort()).toEqual([
      'pubsub.googleapis.com/subscription/num_undelivered_messages',
      'pubsub.googleapis.com/subscription/oldest_unacked_message_age',
      'run.googleapis.com/request_count',
    ]);
    expect(alpha.find((p) => /5xx/.test(p.conditions[0].condition_threshold.filter))!.conditions[0].condition_threshold.filter).toContain('one_of("alpha-enrich", "alpha-drain-index", "alpha-drain-lake", "alpha-ingest-file", "alpha-pg-source")');
    const withChannel = synthFixture({ config: { alertEmail: 'oncall@example.com' } });
    expect(resourcesOf(withChannel.json, 'google_monitoring_notification_channel').map(([, c]) => c.labels)).toEqual([{ email_address: 'oncall@example.com' }]);
    expect(resourcesOf(withChannel.json, 'google_monitoring_alert_policy').every(([, p]) => (p.notification_channels as string[]).length === 1)).toBe(true);
  });

  it('exposes the bucket names and the API and dashboard URLs as outputs', () => {
    expect(graph.resolve(base.json.output)).toEqual({
      lake_bucket: expect.objectContaining({ value: 'tributary-test-lake' }),
      landing_bucket: expect.objectContaining({ value: 'tributary-test-landing' }),
      api_url: expect.objectContaining({ value: 'https://europe-west1-tributary-test.cloudfunctions.net/tributary-api' }),
      dashboard_url: expect.objectContaining({ value: 'https://europe-west1-tributary-test.cloudfunctions.net/tributary-api/' }),
    });
  });
});
