/**
 * The local plan: what the synthesized resource graph (ARCHITECTURE §1) asks of the emulators
 * and the local runtime. Every resource type the stack can hold is either turned into a step
 * here or listed in {@link NO_LOCAL_EFFECT} with the reason; a type in neither is an error, so
 * a new construct in infra/ cannot be silently ignored by `tributary up`.
 *
 * The plan is pure data, built from the graph with `${…}` resolved; `apply.ts` carries it out
 * through the official clients.
 */
import type { GraphResource, ResourceGraph } from '../../infra/graph';

/** A Pub/Sub subscription as the graph declares it. */
export interface SubscriptionStep {
  readonly name: string;
  readonly topic: string;
  readonly ackDeadlineSeconds?: number;
  readonly deadLetterTopic?: string;
  readonly maxDeliveryAttempts?: number;
  readonly minimumBackoffSeconds?: number;
  readonly maximumBackoffSeconds?: number;
  /** Push endpoint (already pointing at the local function host) or undefined for pull. */
  readonly pushEndpoint?: string;
  readonly filter?: string;
  readonly enableMessageOrdering?: boolean;
  readonly retainAckedMessages?: boolean;
  readonly messageRetentionSeconds?: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** An Eventarc trigger from Cloud Storage: delivered locally by `local/eventarc.ts`. */
export interface StorageTriggerStep {
  readonly eventType: string;
  readonly bucket: string;
}

/** One function to host under the functions framework. */
export interface FunctionStep {
  /** Terraform address, e.g. `google_cloudfunctions2_function.pipeline-taxi_enrich_function_1A2B`. */
  readonly address: string;
  /** Function name, e.g. `taxi-enrich`. */
  readonly name: string;
  /** functions-framework target (`build_config.entry_point`). */
  readonly target: string;
  readonly signature: 'http' | 'cloudevent';
  /** Role label (`enrich`, `drain-index`, …) and pipeline label, when present. */
  readonly role?: string;
  readonly pipeline?: string;
  readonly env: Readonly<Record<string, string>>;
  /** Secret env: variable name → secret id (the local runtime supplies the values). */
  readonly secretEnv: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly trigger?: StorageTriggerStep;
}

/** A Cloud Scheduler HTTP job. */
export interface SchedulerJobStep {
  readonly name: string;
  readonly schedule: string;
  readonly timeZone: string;
  readonly uri: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Decoded request body. */
  readonly body: string;
  readonly attemptDeadlineSeconds: number;
}

/** A BigQuery scheduled query (data transfer config with `scheduled_query`). */
export interface ScheduledQueryStep {
  readonly name: string;
  readonly schedule: string;
  readonly query: string;
  readonly location?: string;
}

/** A BigQuery table, view or external table, in the REST API's shape. */
export interface TableStep {
  readonly dataset: string;
  readonly table: string;
  /** `tables.insert` body (tableReference filled in by apply). */
  readonly resource: Readonly<Record<string, unknown>>;
}

/** Everything `tributary up` creates and runs for one stack. */
export interface LocalPlan {
  readonly project: string;
  readonly kafkaTopics: readonly { readonly name: string; readonly partitions: number }[];
  readonly topics: readonly string[];
  readonly subscriptions: readonly SubscriptionStep[];
  readonly buckets: readonly string[];
  readonly datasets: readonly { readonly id: string; readonly location?: string }[];
  readonly tables: readonly TableStep[];
  readonly functions: readonly FunctionStep[];
  readonly schedulerJobs: readonly SchedulerJobStep[];
  readonly scheduledQueries: readonly ScheduledQueryStep[];
  /** Secret ids the stack declares (values come from the local runtime). */
  readonly secrets: readonly string[];
  /** Resources with nothing to do locally, with the reason. */
  readonly skipped: readonly { readonly address: string; readonly reason: string }[];
}

/**
 * Resource types that exist in the cloud but have no local counterpart, with the reason. The
 * emulators do not enforce IAM, and the rest is build, network or monitoring plumbing.
 */
export const NO_LOCAL_EFFECT: Readonly<Record<string, string>> = {
  google_project_service: 'APIs are always on in the emulators',
  google_project_iam_member: 'the emulators do not enforce IAM',
  google_service_account: 'functions run locally as the developer; the emulators do not check identities',
  google_service_account_iam_member: 'the emulators do not enforce IAM',
  google_pubsub_topic_iam_member: 'the emulators do not enforce IAM',
  google_pubsub_subscription_iam_member: 'the emulators do not enforce IAM',
  google_storage_bucket_iam_member: 'the emulators do not enforce IAM',
  google_bigquery_dataset_iam_member: 'the emulators do not enforce IAM',
  google_secret_manager_secret_iam_member: 'the emulators do not enforce IAM',
  google_cloud_run_v2_service_iam_member: 'the emulators do not enforce IAM',
  google_cloudfunctions2_function_iam_member: 'the emulators do not enforce IAM',
  google_storage_bucket_object: 'the function source archive: locally the functions run from the working tree',
  google_monitoring_alert_policy: 'no Cloud Monitoring locally; the console shows backlogs and errors instead',
  google_monitoring_notification_channel: 'no Cloud Monitoring locally',
  google_vpc_access_connector: 'no VPC locally: functions reach the local Kafka directly',
  google_managed_kafka_cluster: 'the local Kafka emulator is the cluster',
  google_managed_kafka_connect_cluster: 'locally the kafkajs bridge function does the bridging',
  google_managed_kafka_connector: 'locally the kafkajs bridge function does the bridging',
  google_secret_manager_secret_version: 'secret values come from the local runtime, never from the graph',
};

/** The graph holds a resource type the local runtime neither provisions nor explicitly skips. */
export class UnsupportedResourceTypeError extends Error {
  constructor(readonly types: readonly string[]) {
    super(
      `the resource graph holds types the local runtime does not know: ${types.join(', ')}; ` +
        'add a step for them in local/provision/plan.ts or list them in NO_LOCAL_EFFECT with the reason',
    );
    this.name = 'UnsupportedResourceTypeError';
  }
}

const PROVISIONED = new Set([
  'google_managed_kafka_topic',
  'google_pubsub_topic',
  'google_pubsub_subscription',
  'google_storage_bucket',
  'google_bigquery_dataset',
  'google_bigquery_table',
  'google_cloudfunctions2_function',
  'google_cloud_scheduler_job',
  'google_bigquery_data_transfer_config',
  'google_secret_manager_secret',
]);

const seconds = (d: unknown): number | undefined => {
  if (typeof d !== 'string' || d === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(d);
  return m ? Number(m[1]) : undefined;
};
const lastSegment = (s: unknown): string => String(s).split('/').pop() ?? String(s);
/** Terraform blocks may be written as an object or a one-element list. */
const block = (v: unknown): Record<string, unknown> | undefined =>
  (Array.isArray(v) ? (v[0] as Record<string, unknown> | undefined) : (v as Record<string, unknown> | undefined)) ?? undefined;
const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries((v as Record<string, unknown>) ?? {})) out[k] = String(x);
  return out;
};

/** Builds the plan for a resolved graph. */
export function planFromGraph(graph: ResourceGraph, project: string): LocalPlan {
  const unknown = [...new Set(graph.resources().map((r) => r.type))].filter((t) => !PROVISIONED.has(t) && !(t in NO_LOCAL_EFFECT));
  if (unknown.length) throw new UnsupportedResourceTypeError(unknown.sort());

  const of = (type: string) => graph.resources(type).map((r) => ({ r, c: graph.resolved(r) }));
  const skipped = graph.resources().filter((r) => r.type in NO_LOCAL_EFFECT).map((r) => ({ address: r.address, reason: NO_LOCAL_EFFECT[r.type] }));

  return {
    project,
    kafkaTopics: of('google_managed_kafka_topic').map(({ c }) => ({ name: String(c.topic_id), partitions: Number(c.partition_count ?? 1) })),
    topics: of('google_pubsub_topic').map(({ c }) => String(c.name)),
    subscriptions: of('google_pubsub_subscription').map(({ c }) => subscriptionStep(c)),
    buckets: of('google_storage_bucket').map(({ c }) => String(c.name)),
    datasets: of('google_bigquery_dataset').map(({ c }) => ({ id: String(c.dataset_id), location: c.location as string | undefined })),
    tables: of('google_bigquery_table').map(({ c }) => tableStep(c)),
    functions: of('google_cloudfunctions2_function').map(({ r, c }) => functionStep(r, c)),
    schedulerJobs: of('google_cloud_scheduler_job').map(({ c }) => schedulerStep(c)),
    scheduledQueries: of('google_bigquery_data_transfer_config')
      .filter(({ c }) => c.data_source_id === 'scheduled_query')
      .map(({ c }) => ({
        name: String(c.display_name),
        schedule: String(c.schedule ?? 'every 24 hours'),
        query: String(strings(c.params).query ?? ''),
        location: c.location as string | undefined,
      })),
    secrets: of('google_secret_manager_secret').map(({ c }) => String(c.secret_id)),
    skipped,
  };
}

function subscriptionStep(c: Record<string, unknown>): SubscriptionStep {
  const dlp = block(c.dead_letter_policy);
  const retry = block(c.retry_policy);
  const push = block(c.push_config);
  return {
    name: String(c.name),
    topic: lastSegment(c.topic),
    ackDeadlineSeconds: c.ack_deadline_seconds as number | undefined,
    deadLetterTopic: dlp?.dead_letter_topic ? lastSegment(dlp.dead_letter_topic) : undefined,
    maxDeliveryAttempts: dlp?.max_delivery_attempts as number | undefined,
    minimumBackoffSeconds: seconds(retry?.minimum_backoff),
    maximumBackoffSeconds: seconds(retry?.maximum_backoff),
    pushEndpoint: push?.push_endpoint as string | undefined,
    filter: (c.filter as string | undefined) || undefined,
    enableMessageOrdering: c.enable_message_ordering as boolean | undefined,
    retainAckedMessages: c.retain_acked_messages as boolean | undefined,
    messageRetentionSeconds: seconds(c.message_retention_duration),
    labels: strings(c.labels),
  };
}

function tableStep(c: Record<string, unknown>): TableStep {
  const resource: Record<string, unknown> = {};
  if (typeof c.schema === 'string') resource.schema = { fields: JSON.parse(c.schema) as unknown };
  const view = block(c.view);
  if (view) resource.view = { query: view.query, useLegacySql: view.use_legacy_sql ?? false };
  const ext = block(c.external_data_configuration);
  if (ext) {
    const hive = block(ext.hive_partitioning_options);
    resource.externalDataConfiguration = {
      sourceFormat: ext.source_format,
      sourceUris: ext.source_uris,
      autodetect: ext.autodetect ?? false,
      ...(hive ? { hivePartitioningOptions: { mode: hive.mode, sourceUriPrefix: hive.source_uri_prefix, requirePartitionFilter: hive.require_partition_filter ?? false } } : {}),
    };
  }
  if (c.description) resource.description = c.description;
  if (c.labels) resource.labels = strings(c.labels);
  return { dataset: String(c.dataset_id), table: String(c.table_id), resource };
}

function functionStep(r: GraphResource, c: Record<string, unknown>): FunctionStep {
  const build = block(c.build_config) ?? {};
  const service = block(c.service_config) ?? {};
  const labels = strings(c.labels);
  const secretEnv: Record<string, string> = {};
  for (const s of (service.secret_environment_variables as Record<string, unknown>[] | undefined) ?? []) secretEnv[String(s.key)] = lastSegment(s.secret);
  const trigger = block(c.event_trigger);
  let storage: StorageTriggerStep | undefined;
  if (trigger) {
    const eventType = String(trigger.event_type);
    if (!eventType.startsWith('google.cloud.storage.object.v1.')) {
      throw new UnsupportedResourceTypeError([`${r.type} with event_trigger ${eventType} (only Cloud Storage events are delivered locally)`]);
    }
    const filters = (trigger.event_filters as Record<string, unknown>[] | undefined) ?? [];
    const bucket = filters.find((f) => f.attribute === 'bucket')?.value;
    storage = { eventType, bucket: String(bucket) };
  }
  const signature = labels['tributary-signature'] ?? (trigger ? 'cloudevent' : 'http');
  return {
    address: r.address,
    name: String(c.name),
    target: String(build.entry_point),
    signature: signature === 'cloudevent' ? 'cloudevent' : 'http',
    role: labels['tributary-function'],
    pipeline: labels['tributary-pipeline'],
    env: strings(service.environment_variables),
    secretEnv,
    timeoutSeconds: Number(service.timeout_seconds ?? 60),
    trigger: storage,
  };
}

function schedulerStep(c: Record<string, unknown>): SchedulerJobStep {
  const http = block(c.http_target) ?? {};
  const body = typeof http.body === 'string' ? Buffer.from(http.body, 'base64').toString('utf8') : '';
  return {
    name: String(c.name),
    schedule: String(c.schedule),
    timeZone: String(c.time_zone ?? 'Etc/UTC'),
    uri: String(http.uri),
    method: String(http.http_method ?? 'POST'),
    headers: strings(http.headers),
    body,
    attemptDeadlineSeconds: seconds(c.attempt_deadline) ?? 180,
  };
}
