/**
 * Stack configuration: one typed entry per environment in `infra/stacks.config.ts`, overridden by
 * `TRIBUTARY_*` environment variables. One CDKTF stack is synthesized per environment
 * (`tributary-<env>`).
 */

/** How events reach Pub/Sub from Kafka. See infra/README.md ("The Kafka bridge"). */
export type BridgeMode = 'function' | 'connect';

/** One environment's settings. */
export interface StackConfig {
  /** Environment name; the stack is `tributary-<environment>`. */
  readonly environment: string;
  /** GCP project id. */
  readonly project: string;
  /** Region of functions, buckets, Kafka and scheduler jobs. @default 'europe-west1' */
  readonly region: string;
  /** BigQuery location of the datasets (a multi-region or the region). @default 'EU' */
  readonly bigqueryLocation: string;
  /** Terraform state bucket (GCS backend); the local backend when undefined. @default undefined */
  readonly stateBucket?: string;
  /**
   * `managed` creates a Managed Kafka cluster with a `<id>.raw` topic per pipeline and the
   * Kafka→Pub/Sub bridge; `none` means producers publish to Pub/Sub directly. @default 'managed'
   */
  readonly kafka: 'managed' | 'none';
  /** Which bridge carries Kafka to Pub/Sub when `kafka` is `managed`. @default 'function' */
  readonly bridge: BridgeMode;
  /** Subnetwork the Kafka cluster (and the bridge's connector) attach to. @default `projects/<project>/regions/<region>/subnetworks/default` */
  readonly kafkaSubnet?: string;
  /** /28 range of the Serverless VPC Access connector the bridge function uses. @default '10.8.0.0/28' */
  readonly vpcConnectorRange: string;
  /** Lets `allUsers` invoke the HTTP API (and only the API). @default false */
  readonly publicApi: boolean;
  /** E-mail address alerts go to; no alert channel (policies still created) when undefined. @default undefined */
  readonly alertEmail?: string;
  /** Days before bronze objects move to Nearline. @default 30 */
  readonly bronzeNearlineDays: number;
  /** Days before quarantine objects are deleted. @default 90 */
  readonly quarantineDeleteDays: number;
  /** Delivery attempts before a message goes to `<id>-dead-letter` (5..100). @default 5 */
  readonly maxDeliveryAttempts: number;
  /** Oldest-unacked-message age that raises an alert, in seconds. @default 600 */
  readonly oldestUnackedAlertSeconds: number;
  /** Function 5xx responses per second that raise an alert. @default 0.1 */
  readonly functionErrorRateAlert: number;
  /** Lets `terraform destroy` delete non-empty buckets and datasets (dev only). @default false */
  readonly forceDestroy: boolean;
}

/** What an environment entry of `infra/stacks.config.ts` may set; the rest takes the defaults. */
export type StackConfigInput = Partial<StackConfig> & { readonly project: string };

/** Defaults of every optional setting (documented on {@link StackConfig}). */
export const DEFAULTS = {
  region: 'europe-west1',
  bigqueryLocation: 'EU',
  kafka: 'managed',
  bridge: 'function',
  vpcConnectorRange: '10.8.0.0/28',
  publicApi: false,
  bronzeNearlineDays: 30,
  quarantineDeleteDays: 90,
  maxDeliveryAttempts: 5,
  oldestUnackedAlertSeconds: 600,
  functionErrorRateAlert: 0.1,
  forceDestroy: false,
} as const satisfies Partial<StackConfig>;

/** A setting that is missing or out of range: names the environment, the key and the value. */
export class StackConfigError extends Error {
  constructor(environment: string, key: string, value: unknown, expected: string) {
    super(`stack config "${environment}": ${key} = ${JSON.stringify(value)} is invalid; expected ${expected} (set it in infra/stacks.config.ts or TRIBUTARY_${envKey(key)})`);
    this.name = 'StackConfigError';
  }
}

const envKey = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** Settings readable from the environment, by key; `TRIBUTARY_<KEY_IN_SNAKE_CASE>`. */
const ENV_KEYS = [
  'project', 'region', 'bigqueryLocation', 'stateBucket', 'kafka', 'bridge', 'kafkaSubnet', 'vpcConnectorRange',
  'publicApi', 'alertEmail', 'bronzeNearlineDays', 'quarantineDeleteDays', 'maxDeliveryAttempts',
  'oldestUnackedAlertSeconds', 'functionErrorRateAlert', 'forceDestroy',
] as const satisfies readonly (keyof StackConfig)[];

function fromEnv(env: NodeJS.ProcessEnv): Partial<Record<keyof StackConfig, unknown>> {
  const out: Partial<Record<keyof StackConfig, unknown>> = {};
  for (const key of ENV_KEYS) {
    const raw = env[`TRIBUTARY_${envKey(key)}`];
    if (raw === undefined || raw === '') continue;
    const def = (DEFAULTS as Record<string, unknown>)[key];
    out[key] = typeof def === 'number' ? Number(raw) : typeof def === 'boolean' ? raw === 'true' || raw === '1' : raw;
  }
  return out;
}

/**
 * The configuration of one environment: the file's entry, then environment overrides, then the
 * defaults. Throws {@link StackConfigError} on a value out of range.
 */
export function resolveStackConfig(opts: {
  readonly environment: string;
  readonly input: StackConfigInput;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}): StackConfig {
  const c = { ...DEFAULTS, ...opts.input, ...fromEnv(opts.env ?? process.env), environment: opts.environment } as StackConfig;
  const bad = (key: keyof StackConfig, expected: string) => new StackConfigError(opts.environment, key, c[key], expected);
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(c.project)) throw bad('project', 'a GCP project id (6-30 chars, lower case, digits, hyphens)');
  if (!/^[a-z]+-[a-z]+\d$/.test(c.region)) throw bad('region', 'a GCP region such as europe-west1');
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(c.environment)) throw bad('environment', 'a short lower-case name such as dev or prod');
  if (c.kafka !== 'managed' && c.kafka !== 'none') throw bad('kafka', '"managed" or "none"');
  if (c.bridge !== 'function' && c.bridge !== 'connect') throw bad('bridge', '"function" or "connect"');
  if (!Number.isInteger(c.maxDeliveryAttempts) || c.maxDeliveryAttempts < 5 || c.maxDeliveryAttempts > 100) throw bad('maxDeliveryAttempts', 'an integer in 5..100 (Pub/Sub limit)');
  for (const k of ['bronzeNearlineDays', 'quarantineDeleteDays', 'oldestUnackedAlertSeconds'] as const) {
    if (!Number.isInteger(c[k]) || c[k] <= 0) throw bad(k, 'a positive integer');
  }
  if (!(c.functionErrorRateAlert > 0)) throw bad('functionErrorRateAlert', 'a positive number of errors per second');
  if (c.alertEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(c.alertEmail)) throw bad('alertEmail', 'an e-mail address');
  return c;
}
