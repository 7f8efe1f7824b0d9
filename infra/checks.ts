/**
 * Policy checks on a synthesized stack (plain walks over the Terraform JSON). The tests run them
 * on every synth, and `tributary synth` refuses to report success while any of them fails.
 * Each check returns the violations it found, each naming the resource and what to fix.
 */
import { kafkaTopic, pubsubSubscription, pubsubTopic, type TopicRole } from '../pipelines/naming';
import type { PipelineDefinition } from '../pipelines/types';
import { isForbiddenRole } from './constructs/iam';
import { pipelineTables } from './constructs/warehouse';
import { ResourceGraph, UnresolvedReferenceError, type TerraformJson } from './graph';
import { CONSUMERS, functionName, scheduledQueryName, sharedFunctionName, type PipelineFunctionRole } from './names';

/** One failed policy. */
export interface Violation {
  readonly check: string;
  /** Terraform address or name of the offending resource. */
  readonly resource: string;
  readonly message: string;
}

/** What the checks need beyond the JSON. */
export interface CheckContext {
  readonly pipelines: readonly PipelineDefinition[];
  /** Whether the stack was built with `publicApi`. */
  readonly publicApi: boolean;
  /** Whether the stack has Managed Kafka. */
  readonly kafka: boolean;
}

type Block = Record<string, unknown>;
const blocks = (json: TerraformJson, type: string): [string, Block][] => Object.entries(json.resource?.[type] ?? {}) as [string, Block][];
const first = (v: unknown): Block | undefined => (Array.isArray(v) ? (v[0] as Block | undefined) : (v as Block | undefined));
const REF = /^\$\{([a-z0-9_]+)\.([^.}]+)\.[^}]*\}$/;

/** Every function's `service_config.service_account_email` points at a service account no other function uses. */
export function checkFunctionAccounts(json: TerraformJson): Violation[] {
  const out: Violation[] = [];
  const owner = new Map<string, string>();
  for (const [name, fn] of blocks(json, 'google_cloudfunctions2_function')) {
    const address = `google_cloudfunctions2_function.${name}`;
    const email = first(fn.service_config)?.service_account_email;
    const m = typeof email === 'string' ? REF.exec(email) : null;
    if (!m || m[1] !== 'google_service_account') {
      out.push({ check: 'function-account', resource: address, message: `runs as ${JSON.stringify(email)}, not as its own google_service_account (the default compute account is an Editor)` });
      continue;
    }
    const sa = `${m[1]}.${m[2]}`;
    const other = owner.get(sa);
    if (other) out.push({ check: 'function-account', resource: address, message: `shares ${sa} with ${other}; every function needs its own account` });
    owner.set(sa, address);
  }
  return out;
}

const IAM = /_iam_(member|binding)$/;

/** No IAM grant of owner, editor or an administrator role, at any level. */
export function checkRoles(json: TerraformJson): Violation[] {
  const out: Violation[] = [];
  for (const type of Object.keys(json.resource ?? {}).filter((t) => IAM.test(t))) {
    for (const [name, b] of blocks(json, type)) {
      if (typeof b.role === 'string' && isForbiddenRole(b.role)) {
        out.push({ check: 'roles', resource: `${type}.${name}`, message: `grants ${b.role}; grant the narrow role the workload needs` });
      }
    }
  }
  for (const [name, b] of blocks(json, 'google_project_iam_policy')) out.push({ check: 'roles', resource: `google_project_iam_policy.${name}`, message: 'authoritative project policy; use *_iam_member grants' });
  return out;
}

/** No `allUsers` / `allAuthenticatedUsers`, except invoking the API when `publicApi` is on. */
export function checkPublicAccess(json: TerraformJson, ctx: Pick<CheckContext, 'publicApi'>): Violation[] {
  const out: Violation[] = [];
  const apiFunctions = new Set(blocks(json, 'google_cloudfunctions2_function').filter(([, b]) => b.name === sharedFunctionName('api')).map(([n]) => n));
  for (const type of Object.keys(json.resource ?? {}).filter((t) => IAM.test(t))) {
    for (const [name, b] of blocks(json, type)) {
      const members = [b.member, ...((b.members as unknown[]) ?? [])].filter((m): m is string => typeof m === 'string');
      if (!members.some((m) => m === 'allUsers' || m === 'allAuthenticatedUsers')) continue;
      const target = typeof b.name === 'string' ? REF.exec(b.name) : null;
      const isApiInvoker =
        type === 'google_cloud_run_v2_service_iam_member' && b.role === 'roles/run.invoker' && target?.[1] === 'google_cloudfunctions2_function' && apiFunctions.has(target[2]);
      if (ctx.publicApi && isApiInvoker) continue;
      out.push({ check: 'public-access', resource: `${type}.${name}`, message: `grants ${b.role} to ${members.join(', ')}${ctx.publicApi ? '; only the API invoker may be public' : '; set publicApi only if the API must be public'}` });
    }
  }
  return out;
}

/** Subscription names a function consumes: push targets and the `*SUBSCRIPTION*` env values. */
function consumedSubscriptions(json: TerraformJson): Set<string> {
  const names = new Set<string>();
  for (const [, fn] of blocks(json, 'google_cloudfunctions2_function')) {
    const env = (first(fn.service_config)?.environment_variables ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(env)) if (/SUBSCRIPTION$/.test(k)) names.add(v);
  }
  return names;
}

/** Every subscription that feeds a function (push, or named in its env) has a dead-letter policy. */
export function checkDeadLetters(json: TerraformJson): Violation[] {
  const out: Violation[] = [];
  const consumed = consumedSubscriptions(json);
  const subscriptions = blocks(json, 'google_pubsub_subscription');
  // A subscription on a dead-letter topic itself cannot dead-letter (it would point at its own topic).
  const deadLetterTopics = new Set(subscriptions.map(([, s]) => first(s.dead_letter_policy)?.dead_letter_topic).filter((t) => typeof t === 'string'));
  for (const [name, s] of subscriptions) {
    const feeds = first(s.push_config)?.push_endpoint !== undefined || consumed.has(String(s.name));
    if (!feeds) continue;
    const dl = first(s.dead_letter_policy);
    if (!deadLetterTopics.has(String(s.topic)) && (!dl || typeof dl.dead_letter_topic !== 'string' || !(Number(dl.max_delivery_attempts) >= 5))) {
      out.push({ check: 'dead-letter', resource: `google_pubsub_subscription.${name}`, message: `${s.name} feeds a function but has no dead-letter topic with max_delivery_attempts >= 5` });
    }
    if (!first(s.retry_policy)) out.push({ check: 'dead-letter', resource: `google_pubsub_subscription.${name}`, message: `${s.name} has no retry backoff (retry_policy)` });
  }
  return out;
}

/** Every bucket has uniform bucket-level access and enforced public access prevention. */
export function checkBuckets(json: TerraformJson): Violation[] {
  return blocks(json, 'google_storage_bucket')
    .filter(([, b]) => b.uniform_bucket_level_access !== true || b.public_access_prevention !== 'enforced')
    .map(([name, b]) => ({ check: 'bucket', resource: `google_storage_bucket.${name}`, message: `${b.name}: needs uniform_bucket_level_access = true and public_access_prevention = "enforced"` }));
}

/** Every `${…}` reference points at something that exists. */
export function checkReferences(json: TerraformJson): Violation[] {
  const seen = new Set<string>();
  return new ResourceGraph(json, { project: 'check' })
    .unresolved()
    .filter((e) => !seen.has(e.message) && seen.add(e.message))
    .map((e) => ({ check: 'reference', resource: e.expression, message: e.message }));
}

/** No secret material: no secret versions, and no credential-looking plain env var. */
export function checkSecrets(json: TerraformJson): Violation[] {
  const out: Violation[] = [];
  for (const [name] of blocks(json, 'google_secret_manager_secret_version')) {
    out.push({ check: 'secret', resource: `google_secret_manager_secret_version.${name}`, message: 'secret values are added with gcloud, never through Terraform (they would land in the JSON and the state)' });
  }
  for (const [name, fn] of blocks(json, 'google_cloudfunctions2_function')) {
    const env = (first(fn.service_config)?.environment_variables ?? {}) as Record<string, string>;
    for (const k of Object.keys(env)) {
      if (/(API_KEY|PASSWORD|SECRET|TOKEN|ELASTICSEARCH_URL|PGSOURCE_URL)$/.test(k)) {
        out.push({ check: 'secret', resource: `google_cloudfunctions2_function.${name}`, message: `${k} is a plain environment variable; pass it as a secret_environment_variables entry` });
      }
    }
  }
  return out;
}

/** Every pipeline has all its resources, found by name. */
export function checkPipelines(json: TerraformJson, ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const graph = new ResourceGraph(json, { project: 'check' });
  const value = (v: unknown): string => {
    try {
      return String(graph.resolve(v));
    } catch (err) {
      if (err instanceof UnresolvedReferenceError) return String(v); // reported by checkReferences
      throw err;
    }
  };
  const names = (type: string, key = 'name') => new Set(blocks(json, type).map(([, b]) => value(b[key])));
  const tables = new Set(blocks(json, 'google_bigquery_table').map(([, b]) => `${value(b.dataset_id)}.${b.table_id}`));
  const topics = names('google_pubsub_topic');
  const subs = names('google_pubsub_subscription');
  const fns = names('google_cloudfunctions2_function');
  const jobs = names('google_cloud_scheduler_job');
  const queries = names('google_bigquery_data_transfer_config', 'display_name');
  const alerts = new Set(blocks(json, 'google_monitoring_alert_policy').map(([, b]) => String((b.user_labels as Record<string, string> | undefined)?.['tributary-pipeline'])));
  const kafkaTopics = names('google_managed_kafka_topic', 'topic_id');
  for (const p of ctx.pipelines) {
    const need = (ok: boolean, what: string) => ok || out.push({ check: 'pipeline', resource: p.id, message: `pipeline ${p.id} lacks ${what}` });
    for (const role of ['raw', 'enriched', 'quarantine', 'dead-letter'] as TopicRole[]) need(topics.has(pubsubTopic(p.id, role)), `topic ${pubsubTopic(p.id, role)}`);
    const wanted: [TopicRole, string][] = [['raw', CONSUMERS.enrich], ['raw', CONSUMERS.lake], ['enriched', CONSUMERS.index], ['enriched', CONSUMERS.lake], ['quarantine', CONSUMERS.lake], ['dead-letter', CONSUMERS.audit]];
    for (const [role, consumer] of wanted) need(subs.has(pubsubSubscription(p.id, role, consumer)), `subscription ${pubsubSubscription(p.id, role, consumer)}`);
    const roles: PipelineFunctionRole[] = ['enrich', 'drain-index', 'drain-lake'];
    const scheduled: PipelineFunctionRole[] = ['drain-index', 'drain-lake'];
    for (const s of p.sources) {
      if (s.kind === 'files') roles.push('ingest-file');
      if (s.kind === 'poller') roles.push('poll-quotes'), scheduled.push('poll-quotes');
      if (s.kind === 'postgres') roles.push('pg-source'), scheduled.push('pg-source');
    }
    for (const r of roles) need(fns.has(functionName(p.id, r)), `function ${functionName(p.id, r)}`);
    for (const r of scheduled) need(jobs.has(functionName(p.id, r)), `scheduler job ${functionName(p.id, r)}`);
    const t = pipelineTables(p);
    for (const d of ['bronze', 'silver', 'quarantine'] as const) for (const id of t[d]) need(tables.has(`${d}.${id}`), `table ${d}.${id}`);
    for (const k of p.kpis) need(queries.has(scheduledQueryName(p.id, 'kpi', k.name)), `scheduled query "${scheduledQueryName(p.id, 'kpi', k.name)}"`);
    for (const m of p.models) {
      need(queries.has(scheduledQueryName(p.id, 'model', m.name)), `scheduled query "${scheduledQueryName(p.id, 'model', m.name)}"`);
      need(queries.has(scheduledQueryName(p.id, 'predict', m.name)), `scheduled query "${scheduledQueryName(p.id, 'predict', m.name)}"`);
    }
    need(alerts.has(p.id), 'alert policies');
    if (ctx.kafka) need(kafkaTopics.has(kafkaTopic(p.id)), `Kafka topic ${kafkaTopic(p.id)}`);
  }
  return out;
}

/** Every check on one stack. */
export function checkStack(json: TerraformJson, ctx: CheckContext): Violation[] {
  return [
    ...checkFunctionAccounts(json),
    ...checkRoles(json),
    ...checkPublicAccess(json, ctx),
    ...checkDeadLetters(json),
    ...checkBuckets(json),
    ...checkReferences(json),
    ...checkSecrets(json),
    ...checkPipelines(json, ctx),
  ];
}
