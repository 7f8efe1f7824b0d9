/**
 * Usage derived from the pipelines' declared workloads (`PipelineDefinition.workload`, KPI
 * `scanDays`, model `trainDays`, batching) and from the graph itself (memory, schedules,
 * lifecycle rules, drain deadlines). Every figure that is not declared is an assumption in
 * {@link ASSUMPTIONS}, printed with the report's README; override any of them per resource
 * with a usage file.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphResource, ResourceGraph } from '../graph';
import { kafkaTopic, lakeBucket, landingBucket, pubsubSubscription, pubsubTopic } from '../../pipelines/naming';
import type { PipelineDefinition } from '../../pipelines/types';
import { CONSUMERS, functionName, functionSourceBucket, scheduledQueryName, sharedFunctionName } from '../names';
import { GIB, TIB } from './catalog';
import { resolvedConfig } from './estimate';
import { block, HOURS_PER_MONTH, SECONDS_PER_MONTH } from './pricers/util';
import { runsPerMonth } from './schedule';
import type { UsageValues } from './types';

/** What the budget assumes where nothing is declared. */
export const ASSUMPTIONS = {
  /** Enriched event size / raw event size. */
  enrichedSizeFactor: 1.3,
  /** Share of raw events that fail validation. */
  quarantineFraction: 0.01,
  /** Parquet bytes in the lake / JSON bytes of the same events. */
  parquetRatio: 0.3,
  /** Enrich function time per event (ms). */
  enrichDurationMs: 50,
  /** Poller and PostgreSQL extractor time per run (ms). */
  sourceDurationMs: 3000,
  /** Files dropped a month per pipeline that takes files, their size, and ingest time per file. */
  fileDropsPerMonth: 3000,
  avgFileBytes: 10 * 2 ** 20,
  ingestDurationMs: 5000,
  /** API requests a month and time per request. */
  apiRequestsPerMonth: 100_000,
  apiDurationMs: 300,
  /** Cloud Run request log plus our structured log lines, bytes per invocation. */
  logBytesPerInvocation: 1024,
  /** Publisher client batching window (s): messages per publish request = rate × window, 1..100. */
  publishBatchWindowSeconds: 0.01,
  /** A drain pulls about once a second, up to 1,000 messages per pull. */
  pullIntervalSeconds: 1,
  /** Lake objects per flush (one per partition value written). */
  partitionsPerFlush: 1,
  /** Secret reads per function a month (one per instance start, about one an hour). */
  secretAccessesPerFunction: HOURS_PER_MONTH,
  /** Days Kafka keeps `<id>.raw` when the topic does not say. */
  kafkaRetentionDays: 7,
  /** Days of silver a prediction query reads (ML.FORECAST reads only the model). */
  predictScanDays: 1,
  /** Events a second one drain instance keeps up with. */
  drainEventsPerSecondPerInstance: 1000,
} as const;

/** Options of {@link workloadUsage}. */
export interface WorkloadOptions {
  readonly graph: ResourceGraph;
  readonly pipelines: readonly PipelineDefinition[];
  /** Multiplier on every declared event rate (sensitivity). @default 1 */
  readonly factor?: number;
  /** Folder of the stack JSON (asset sizes are read from there). */
  readonly stackDir?: string;
}

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Monthly flows of one pipeline. */
interface Flows {
  readonly p: PipelineDefinition;
  readonly eps: number;
  readonly events: number;
  readonly rawBytes: number;
  readonly enrichedBytes: number;
  readonly quarantined: number;
}

function flows(p: PipelineDefinition, factor: number): Flows {
  const eps = p.workload.eventsPerSecond * factor;
  const events = eps * SECONDS_PER_MONTH;
  return { p, eps, events, rawBytes: p.workload.avgEventBytes, enrichedBytes: p.workload.avgEventBytes * ASSUMPTIONS.enrichedSizeFactor, quarantined: events * ASSUMPTIONS.quarantineFraction };
}

/** Usage per resource address derived from the declared workloads. */
export function workloadUsage(opts: WorkloadOptions): Map<string, UsageValues> {
  const { graph } = opts;
  const factor = opts.factor ?? 1;
  const out = new Map<string, UsageValues>();
  const byName = new Map<string, GraphResource>();
  const configs = new Map<string, Readonly<Record<string, unknown>>>();
  for (const r of graph.resources()) {
    const c = resolvedConfig(graph, r);
    configs.set(r.address, c);
    const name = r.type === 'google_bigquery_data_transfer_config' ? c.display_name : r.type === 'google_managed_kafka_topic' ? c.topic_id : c.name;
    if (typeof name === 'string') byName.set(`${r.type}:${name}`, r);
  }
  const find = (type: string, name: string) => byName.get(`${type}:${name}`);
  const set = (r: GraphResource | undefined, u: Record<string, number | boolean | string>) => {
    if (r) out.set(r.address, { ...(out.get(r.address) ?? {}), ...u });
  };
  const scheduledRuns = (fn: string): number => {
    const job = find('google_cloud_scheduler_job', fn);
    const schedule = job && configs.get(job.address)?.schedule;
    return typeof schedule === 'string' ? runsPerMonth(schedule) : 0;
  };
  const fnEnv = (r: GraphResource | undefined) => (block(r && configs.get(r.address)?.service_config)?.environment_variables ?? {}) as Record<string, string>;
  const F = opts.pipelines.map((p) => flows(p, factor));
  const lake = { storage: 0, nearline: 0, classA: 0, classB: 0, transitions: 0 };
  // The lake bucket by the naming rule (`<project>-lake`), with its lifecycle rules.
  const provider = graph.json.provider?.google as { project?: string }[] | { project?: string } | undefined;
  const project = (Array.isArray(provider) ? provider[0] : provider)?.project ?? '';
  const lakeR = find('google_storage_bucket', lakeBucket(project));
  const rules = (lakeR && (configs.get(lakeR.address)?.lifecycle_rule as LifecycleRule[] | undefined)) ?? [];
  const nearlineAge = ruleAge(rules, 'bronze/', 'SetStorageClass') ?? Infinity;
  const quarantineAge = ruleAge(rules, 'quarantine/', 'Delete') ?? Infinity;

  for (const f of F) {
    const id = f.p.id;
    const topicU = (messages: number, bytes: number) => ({ monthly_messages: messages, avg_message_bytes: bytes, messages_per_request: clamp(Math.floor((messages / SECONDS_PER_MONTH) * ASSUMPTIONS.publishBatchWindowSeconds), 1, 100) });
    const pullU = (messages: number, bytes: number) => ({ monthly_messages: messages, avg_message_bytes: bytes, messages_per_request: clamp(Math.floor((messages / SECONDS_PER_MONTH) * ASSUMPTIONS.pullIntervalSeconds), 1, 1000) });
    const enriched = f.events - f.quarantined;
    const qBytes = f.rawBytes + 200;
    set(find('google_pubsub_topic', pubsubTopic(id, 'raw')), topicU(f.events, f.rawBytes));
    set(find('google_pubsub_topic', pubsubTopic(id, 'enriched')), { monthly_messages: enriched, avg_message_bytes: f.enrichedBytes, messages_per_request: 1 });
    set(find('google_pubsub_topic', pubsubTopic(id, 'quarantine')), { monthly_messages: f.quarantined, avg_message_bytes: qBytes, messages_per_request: 1 });
    set(find('google_pubsub_topic', pubsubTopic(id, 'dead-letter')), { monthly_messages: 0 });
    set(find('google_pubsub_subscription', pubsubSubscription(id, 'raw', CONSUMERS.enrich)), { monthly_messages: f.events, avg_message_bytes: f.rawBytes, messages_per_request: 1 });
    set(find('google_pubsub_subscription', pubsubSubscription(id, 'raw', CONSUMERS.lake)), pullU(f.events, f.rawBytes));
    set(find('google_pubsub_subscription', pubsubSubscription(id, 'enriched', CONSUMERS.index)), pullU(enriched, f.enrichedBytes));
    set(find('google_pubsub_subscription', pubsubSubscription(id, 'enriched', CONSUMERS.lake)), pullU(enriched, f.enrichedBytes));
    set(find('google_pubsub_subscription', pubsubSubscription(id, 'quarantine', CONSUMERS.lake)), pullU(f.quarantined, qBytes));
    set(find('google_pubsub_subscription', pubsubSubscription(id, 'dead-letter', CONSUMERS.audit)), { monthly_messages: 0 });

    const log = ASSUMPTIONS.logBytesPerInvocation;
    set(find('google_cloudfunctions2_function', functionName(id, 'enrich')), { monthly_function_invocations: f.events, request_duration_ms: ASSUMPTIONS.enrichDurationMs, log_bytes_per_invocation: log });
    const instances = Math.ceil(f.eps / ASSUMPTIONS.drainEventsPerSecondPerInstance) || 1;
    for (const role of ['drain-index', 'drain-lake'] as const) {
      const fn = find('google_cloudfunctions2_function', functionName(id, role));
      const deadline = Number(fnEnv(fn).DRAIN_DEADLINE_MS ?? 50_000);
      set(fn, { monthly_function_invocations: scheduledRuns(functionName(id, role)) * instances, request_duration_ms: deadline, log_bytes_per_invocation: log });
    }
    set(find('google_cloudfunctions2_function', functionName(id, 'drain-index')), { monthly_outbound_data_gb: (enriched * f.enrichedBytes) / GIB });
    for (const role of ['poll-quotes', 'pg-source'] as const) {
      set(find('google_cloudfunctions2_function', functionName(id, role)), { monthly_function_invocations: scheduledRuns(functionName(id, role)), request_duration_ms: ASSUMPTIONS.sourceDurationMs, log_bytes_per_invocation: log });
    }
    const takesFiles = f.p.sources.some((s) => s.kind === 'files');
    const files = takesFiles ? ASSUMPTIONS.fileDropsPerMonth * factor : 0;
    set(find('google_cloudfunctions2_function', functionName(id, 'ingest-file')), { monthly_function_invocations: files, request_duration_ms: ASSUMPTIONS.ingestDurationMs, log_bytes_per_invocation: log });

    // Kafka keeps <id>.raw for its retention.ms (or the assumption).
    const kt = find('google_managed_kafka_topic', kafkaTopic(id));
    const retentionMs = Number((kt && (configs.get(kt.address)?.configs as Record<string, string> | undefined)?.['retention.ms']) ?? ASSUMPTIONS.kafkaRetentionDays * 86_400_000);
    set(kt, { storage_gb: ((f.events / DAYS_PER_MONTH) * f.rawBytes * (retentionMs / 86_400_000)) / GIB, monthly_written_gb: (f.events * f.rawBytes) / GIB });

    // The lake: bronze (raw), silver (enriched), quarantine, written by the lake drain.
    const keep = f.p.workload.retentionDays;
    const perDay = (events: number, bytes: number) => ((events / DAYS_PER_MONTH) * bytes * ASSUMPTIONS.parquetRatio) / GIB;
    const bronzeDay = perDay(f.events, f.rawBytes);
    lake.storage += bronzeDay * Math.min(keep, nearlineAge) + perDay(enriched, f.enrichedBytes) * keep + perDay(f.quarantined, qBytes) * Math.min(keep, quarantineAge);
    lake.nearline += bronzeDay * Math.max(0, keep - nearlineAge);
    const drainRuns = scheduledRuns(functionName(id, 'drain-lake'));
    const objects = (messages: number, bytes: number) => Math.min(messages, Math.max(drainRuns, messages / f.p.batching.lake.count, (messages * bytes) / f.p.batching.lake.bytes) * ASSUMPTIONS.partitionsPerFlush);
    const silverObjects = objects(enriched, f.enrichedBytes);
    const bronzeObjects = objects(f.events, f.rawBytes);
    lake.classA += bronzeObjects + silverObjects + objects(f.quarantined, qBytes);
    if (keep > nearlineAge) lake.transitions += bronzeObjects;
    // Scheduled queries read silver through the external table: a list per 1,000 objects (Class A), a read per object (Class B).
    const silverDay = ((enriched / DAYS_PER_MONTH) * f.enrichedBytes) / TIB;
    const reads = (days: number, runs: number) => (silverObjects / DAYS_PER_MONTH) * days * runs;
    const viewSql = silverViewSql(graph, configs, id);
    const query = (name: string, days: number) => {
      const r = find('google_bigquery_data_transfer_config', name);
      const config = r && configs.get(r.address);
      const schedule = config?.schedule;
      const runs = typeof schedule === 'string' ? runsPerMonth(schedule) : DAYS_PER_MONTH;
      const fraction = columnFraction(f.p, `${String((block(config?.params) ?? {}).query ?? '')}\n${viewSql}`);
      set(r, { monthly_runs: runs, tb_per_run: silverDay * days * fraction, tables_referenced: 1 });
      lake.classB += reads(days, runs);
      lake.classA += Math.ceil((silverObjects / DAYS_PER_MONTH) * days / 1000) * runs;
    };
    for (const k of f.p.kpis) query(scheduledQueryName(id, 'kpi', k.name), k.scanDays);
    for (const m of f.p.models) {
      query(scheduledQueryName(id, 'model', m.name), m.trainDays);
      const predict = find('google_bigquery_data_transfer_config', scheduledQueryName(id, 'predict', m.name));
      const sql = String((block(predict && configs.get(predict.address)?.params) ?? {}).query ?? '');
      query(scheduledQueryName(id, 'predict', m.name), m.type === 'ARIMA_PLUS' || /ML\.FORECAST/i.test(sql) ? 0 : ASSUMPTIONS.predictScanDays);
    }
  }

  // Everything produced to Kafka passes the PSC endpoint twice: produced, and consumed by the bridge.
  for (const r of graph.resources('google_managed_kafka_cluster')) set(r, { monthly_psc_data_gb: F.reduce((s, f) => s + (2 * f.events * f.rawBytes) / GIB, 0) });
  set(lakeR, { storage_gb: lake.storage, nearline_storage_gb: lake.nearline, monthly_class_a_operations: lake.classA, monthly_class_b_operations: lake.classB, monthly_lifecycle_transitions: lake.transitions });
  const files = F.filter((f) => f.p.sources.some((s) => s.kind === 'files')).length * ASSUMPTIONS.fileDropsPerMonth * factor;
  set(find('google_storage_bucket', landingBucket(project)), { storage_gb: (files * ASSUMPTIONS.avgFileBytes) / GIB, monthly_class_a_operations: files, monthly_class_b_operations: files });
  set(find('google_storage_bucket', functionSourceBucket(project)), { storage_gb: 0 });
  for (const r of graph.resources('google_storage_bucket_object')) {
    const source = r.config.source;
    const file = opts.stackDir && typeof source === 'string' ? join(opts.stackDir, source) : undefined;
    set(r, { object_size_bytes: file && existsSync(file) ? statSync(file).size : 20 * 2 ** 20 });
  }
  set(find('google_cloudfunctions2_function', sharedFunctionName('api')), { monthly_function_invocations: ASSUMPTIONS.apiRequestsPerMonth, request_duration_ms: ASSUMPTIONS.apiDurationMs, log_bytes_per_invocation: ASSUMPTIONS.logBytesPerInvocation });
  const bridge = find('google_cloudfunctions2_function', sharedFunctionName('bridge'));
  set(bridge, { monthly_function_invocations: scheduledRuns(sharedFunctionName('bridge')), request_duration_ms: Number(fnEnv(bridge).DRAIN_DEADLINE_MS ?? 50_000), log_bytes_per_invocation: ASSUMPTIONS.logBytesPerInvocation });

  // Secrets: read by each function that mounts them.
  const readers = new Map<string, number>();
  for (const fn of graph.resources('google_cloudfunctions2_function')) {
    const secrets = (block(configs.get(fn.address)?.service_config)?.secret_environment_variables ?? []) as { secret?: string }[];
    for (const s of secrets) if (s.secret) readers.set(s.secret, (readers.get(s.secret) ?? 0) + 1);
  }
  for (const r of graph.resources('google_secret_manager_secret')) {
    set(r, { active_secret_versions: 1, monthly_access_operations: (readers.get(String(configs.get(r.address)?.secret_id)) ?? 0) * ASSUMPTIONS.secretAccessesPerFunction });
  }
  return out;
}

/** The SQL of the `silver.<id>` view (its dedup reads `event_id`), or '' when absent. */
function silverViewSql(graph: ResourceGraph, configs: ReadonlyMap<string, Readonly<Record<string, unknown>>>, id: string): string {
  for (const r of graph.resources('google_bigquery_table')) {
    const c = configs.get(r.address);
    if (c?.dataset_id === 'silver' && c.table_id === id) return String((block(c.view) ?? {}).query ?? '');
  }
  return '';
}

/**
 * Share of silver's bytes a query reads: BigQuery reads only the Parquet columns a query
 * references (through views too), and the hive partition keys (`dt`, `partitionKeys`) are in
 * the path, not the files. Columns are weighted equally.
 */
export function columnFraction(p: PipelineDefinition, sql: string): number {
  const hive = new Set(['dt', ...p.partitionKeys]);
  const columns = Object.keys((p.enrichedSchema.properties ?? {}) as Record<string, unknown>).filter((c) => !hive.has(c));
  if (!columns.length) return 1;
  const used = columns.filter((c) => new RegExp(`\\b${c.replace(/[^\w]/g, '\\$&')}\\b`).test(sql));
  return Math.max(1, used.length) / columns.length;
}

interface LifecycleRule {
  readonly action?: { readonly type?: string };
  readonly condition?: { readonly age?: number; readonly matches_prefix?: readonly string[] };
}

/** Age (days) of the lifecycle rule of `type` that applies to `prefix`. */
function ruleAge(rules: readonly LifecycleRule[], prefix: string, type: string): number | undefined {
  const r = rules.find((x) => x.action?.type === type && (x.condition?.matches_prefix ?? []).some((m) => prefix.startsWith(m)));
  return r?.condition?.age;
}
