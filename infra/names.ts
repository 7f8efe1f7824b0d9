/**
 * Names only the infrastructure needs (functions, service accounts, scheduler jobs, tables that
 * back views), built on the project's naming rule in `pipelines/naming.ts` (ARCHITECTURE §4).
 * Nothing in `infra/` spells a resource name by hand.
 */

/** Functions that run once per pipeline, by role, with their functions-framework target. */
export const PIPELINE_FUNCTIONS = {
  enrich: 'enrich',
  'drain-index': 'drainIndex',
  'drain-lake': 'drainLake',
  'ingest-file': 'ingestFile',
  'poll-quotes': 'pollQuotes',
  'pg-source': 'pgSource',
} as const;
export type PipelineFunctionRole = keyof typeof PIPELINE_FUNCTIONS;

/** Functions shared by every pipeline, by role, with their target. */
export const SHARED_FUNCTIONS = { api: 'api', bridge: 'bridge' } as const;
export type SharedFunctionRole = keyof typeof SHARED_FUNCTIONS;

/** A name that breaks a GCP limit: says which, with the value. */
export class NameError extends Error {
  constructor(name: string, rule: string) {
    super(`generated name "${name}" ${rule}; shorten the pipeline id (ids are used in every resource name)`);
    this.name = 'NameError';
  }
}

/** Service account ids: 6-30 chars, `[a-z][a-z0-9-]*[a-z0-9]`. */
function accountId(name: string): string {
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(name)) throw new NameError(name, 'is not a valid service account id (6-30 chars, a-z 0-9 -)');
  return name;
}

/** Cloud Function name of a pipeline function: `<id>-<role>` (e.g. `taxi-drain-lake`). */
export const functionName = (pipeline: string, role: PipelineFunctionRole): string => `${pipeline}-${role}`;

/** Cloud Function name of a shared function: `tributary-<role>`. */
export const sharedFunctionName = (role: SharedFunctionRole): string => `tributary-${role}`;

/** A function's own service account id: the function's name. */
export const functionAccountId = (fn: string): string => accountId(fn);

/** Service accounts that are not a function's: `tributary-<purpose>`. */
export const platformAccountId = (purpose: 'scheduler' | 'pubsub-push' | 'eventarc' | 'queries'): string => accountId(`tributary-${purpose}`);

/** Cloud Scheduler job of a function: `<function>` plus an optional suffix. */
export const schedulerJobName = (fn: string): string => fn;

/** External table under a silver view (`silver.<id>` is the deduplicated view): `<id>_lake`. */
export const silverExternalTable = (pipeline: string): string => `${pipeline}_lake`;

/** Scheduled query display names: `<id> kpi <name>`, `<id> model <name>`, `<id> predict <name>`. */
export const scheduledQueryName = (pipeline: string, kind: 'kpi' | 'model' | 'predict', name: string): string => `${pipeline} ${kind} ${name}`;

/** Secret ids in Secret Manager. */
export const SECRETS = {
  elasticsearchUrl: 'elasticsearch-url',
  elasticsearchApiKey: 'elasticsearch-api-key',
  cryptocompareApiKey: 'cryptocompare-api-key',
  finnhubApiKey: 'finnhub-api-key',
  postgresUrl: 'postgres-url',
} as const;
export type SecretKey = keyof typeof SECRETS;

/** The function source bucket: `<project>-functions`. */
export const functionSourceBucket = (project: string): string => `${project}-functions`;

/** The Managed Kafka cluster id. */
export const KAFKA_CLUSTER = 'tributary';

/** Consumer names of the subscriptions (`pubsubSubscription(id, role, consumer)`). */
export const CONSUMERS = { enrich: 'enrich', lake: 'lake', index: 'index', audit: 'audit' } as const;
