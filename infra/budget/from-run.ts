/**
 * Usage measured by a local run (`tributary up --duration S` writes `<dir>/counters.json`),
 * scaled from the run's duration to a 730-hour month. The format is in infra/budget/README.md;
 * the status `tributary up` writes today (per-pipeline counts, per-job runs) is read too.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceGraph } from '../graph';
import { pubsubSubscription, pubsubTopic } from '../../pipelines/naming';
import { CONSUMERS, functionName } from '../names';
import { GIB, TIB } from './catalog';
import { resolvedConfig, resourceName } from './estimate';
import { SECONDS_PER_MONTH } from './pricers/util';
import type { UsageValues } from './types';

/** Counters of one Pub/Sub topic or subscription during the run. */
export interface MessageCounters {
  readonly messages: number;
  /** Bytes of all messages; absent: the declared average size is kept. */
  readonly bytes?: number;
  /** Publish or pull/push requests; absent: the declared batching is kept. */
  readonly requests?: number;
}

/** Counters of one function during the run. */
export interface FunctionCounters {
  readonly invocations: number;
  /** Sum of the invocations' durations (ms); absent: the declared duration is kept. */
  readonly totalDurationMs?: number;
  /** Bytes sent outside Google Cloud (Elasticsearch). */
  readonly outboundBytes?: number;
  /** Bytes of log written. */
  readonly logBytes?: number;
}

/** Counters of one bucket during the run. */
export interface BucketCounters {
  /** Objects written. */
  readonly objects: number;
  /** Bytes written. */
  readonly bytes: number;
  /** Class A and B operations (default: objects written, and 0). */
  readonly classA?: number;
  readonly classB?: number;
}

/** Counters of one scheduled query during the run. */
export interface QueryCounters {
  readonly runs: number;
  /** Bytes processed by all runs together. */
  readonly bytesProcessed: number;
}

/** `counters.json`. Names are cloud names: `taxi-raw`, `taxi-enrich`, `<project>-lake`, `taxi kpi revenue`. */
export interface RunCounters {
  readonly version: 1;
  /** Wall-clock length of the run the counters cover (s). */
  readonly durationSeconds: number;
  readonly startedAt?: string;
  readonly topics?: Readonly<Record<string, MessageCounters>>;
  readonly subscriptions?: Readonly<Record<string, MessageCounters>>;
  readonly functions?: Readonly<Record<string, FunctionCounters>>;
  readonly buckets?: Readonly<Record<string, BucketCounters>>;
  readonly queries?: Readonly<Record<string, QueryCounters>>;
  /** Days written data is kept, to turn bytes written into bytes stored. @default 30 */
  readonly retentionDays?: number;
}

/** A counters file that is missing or malformed. */
export class RunCountersError extends Error {
  constructor(where: string, detail: string) {
    super(`${where}: ${detail} (see infra/budget/README.md, "counters.json")`);
    this.name = 'RunCountersError';
  }
}

/** What `tributary up` writes (local/status.ts): per-pipeline counts and per-job runs. */
interface UpStatus {
  readonly durationSeconds: number;
  readonly pipelines: Readonly<Record<string, { produced?: number; bronze?: number; silver?: number; quarantined?: number; indexed?: number }>>;
  readonly invocations?: Readonly<Record<string, { runs: number; ms: number }>>;
}

/**
 * The counters `tributary up --duration S` writes: messages per pipeline stage and the runs of
 * each scheduled function. Sizes are not measured there, so the declared ones are kept.
 */
export function fromUpStatus(s: UpStatus): RunCounters {
  const topics: Record<string, MessageCounters> = {};
  const subscriptions: Record<string, MessageCounters> = {};
  const functions: Record<string, FunctionCounters> = {};
  for (const [id, c] of Object.entries(s.pipelines)) {
    const produced = c.produced ?? 0;
    topics[pubsubTopic(id, 'raw')] = { messages: produced };
    topics[pubsubTopic(id, 'enriched')] = { messages: c.silver ?? 0 };
    topics[pubsubTopic(id, 'quarantine')] = { messages: c.quarantined ?? 0 };
    subscriptions[pubsubSubscription(id, 'raw', CONSUMERS.enrich)] = { messages: produced };
    subscriptions[pubsubSubscription(id, 'raw', CONSUMERS.lake)] = { messages: c.bronze ?? 0 };
    subscriptions[pubsubSubscription(id, 'enriched', CONSUMERS.index)] = { messages: c.indexed ?? 0 };
    subscriptions[pubsubSubscription(id, 'enriched', CONSUMERS.lake)] = { messages: c.silver ?? 0 };
    subscriptions[pubsubSubscription(id, 'quarantine', CONSUMERS.lake)] = { messages: c.quarantined ?? 0 };
    functions[functionName(id, 'enrich')] = { invocations: produced };
  }
  for (const [job, r] of Object.entries(s.invocations ?? {})) functions[job] = { invocations: r.runs, totalDurationMs: r.ms };
  return { version: 1, durationSeconds: s.durationSeconds, topics, subscriptions, functions };
}

/** Reads `<dir>/counters.json` (or the file itself): this format, or what `tributary up` writes. */
export function readRunCounters(dirOrFile: string): RunCounters {
  const file = existsSync(dirOrFile) && statSync(dirOrFile).isDirectory() ? join(dirOrFile, 'counters.json') : dirOrFile;
  if (!existsSync(file)) throw new RunCountersError(file, 'no counters file; run `tributary up --duration S --data-dir DIR` first, then pass --from-run DIR');
  let doc: RunCounters | UpStatus;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as RunCounters | UpStatus;
  } catch (err) {
    throw new RunCountersError(file, `not JSON: ${(err as Error).message}`);
  }
  if (!('version' in doc) && doc.pipelines && typeof doc.pipelines === 'object') doc = fromUpStatus(doc);
  if (!('version' in doc) || doc.version !== 1) throw new RunCountersError(file, `version is ${JSON.stringify((doc as { version?: unknown }).version)}, expected 1`);
  if (!(doc.durationSeconds > 0)) throw new RunCountersError(file, `durationSeconds must be > 0, got ${JSON.stringify(doc.durationSeconds)}`);
  return doc;
}

/** Usage per address from run counters, scaled to a month. Names the graph lacks are ignored only if listed in `unmatched`. */
export function usageFromRun(run: RunCounters, graph: ResourceGraph): { usage: Map<string, UsageValues>; unmatched: string[] } {
  const scale = SECONDS_PER_MONTH / run.durationSeconds;
  const keep = run.retentionDays ?? 30;
  const usage = new Map<string, UsageValues>();
  const seen = new Set<string>();
  const names = new Map<string, string>();
  for (const r of graph.resources()) names.set(`${r.type}:${resourceName(r, resolvedConfig(graph, r))}`, r.address);
  const bucketByRole = new Map<string, string>();
  for (const r of graph.resources('google_storage_bucket')) bucketByRole.set(String(resolvedConfig(graph, r).name).split('-').pop() ?? '', r.address);

  const put = (type: string, name: string, u: UsageValues, fallback?: string) => {
    const address = names.get(`${type}:${name}`) ?? fallback;
    if (!address) return;
    seen.add(`${type}:${name}`);
    usage.set(address, u);
  };
  const messages = (c: MessageCounters): UsageValues => ({
    monthly_messages: c.messages * scale,
    ...(c.bytes !== undefined && c.messages ? { avg_message_bytes: c.bytes / c.messages } : {}),
    ...(c.requests ? { messages_per_request: c.messages / c.requests } : {}),
  });
  for (const [n, c] of Object.entries(run.topics ?? {})) put('google_pubsub_topic', n, messages(c));
  for (const [n, c] of Object.entries(run.subscriptions ?? {})) put('google_pubsub_subscription', n, messages(c));
  for (const [n, c] of Object.entries(run.functions ?? {})) {
    put('google_cloudfunctions2_function', n, {
      monthly_function_invocations: c.invocations * scale,
      ...(c.totalDurationMs !== undefined && c.invocations ? { request_duration_ms: c.totalDurationMs / c.invocations } : {}),
      ...(c.outboundBytes !== undefined ? { monthly_outbound_data_gb: (c.outboundBytes * scale) / GIB } : {}),
      ...(c.logBytes !== undefined && c.invocations ? { log_bytes_per_invocation: c.logBytes / c.invocations } : {}),
    });
  }
  for (const [n, c] of Object.entries(run.buckets ?? {})) {
    const bytesPerDay = (c.bytes / run.durationSeconds) * 86_400;
    put('google_storage_bucket', n, {
      storage_gb: (bytesPerDay * keep) / GIB,
      monthly_class_a_operations: (c.classA ?? c.objects) * scale,
      monthly_class_b_operations: (c.classB ?? 0) * scale,
    }, bucketByRole.get(n.split('-').pop() ?? ''));
  }
  for (const [n, c] of Object.entries(run.queries ?? {})) {
    put('google_bigquery_data_transfer_config', n, { monthly_queries_tb: (c.bytesProcessed * scale) / TIB, monthly_runs: c.runs * scale });
  }
  const all = [
    ...Object.keys(run.topics ?? {}).map((n) => `google_pubsub_topic:${n}`),
    ...Object.keys(run.subscriptions ?? {}).map((n) => `google_pubsub_subscription:${n}`),
    ...Object.keys(run.functions ?? {}).map((n) => `google_cloudfunctions2_function:${n}`),
    ...Object.keys(run.buckets ?? {}).map((n) => `google_storage_bucket:${n}`),
    ...Object.keys(run.queries ?? {}).map((n) => `google_bigquery_data_transfer_config:${n}`),
  ];
  return { usage, unmatched: all.filter((k) => !seen.has(k)) };
}
