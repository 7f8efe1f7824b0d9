/**
 * The local runtime behind `tributary up` (ARCHITECTURE §1, §2): start the emulators, read the
 * synthesized graph, create what it declares through the official clients, host every function
 * under the real functions framework, deliver storage events, run scheduler jobs and scheduled
 * queries, and stop it all in order. Producers and the console plug in from outside.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { EmulatorHandle } from '../emulators/common/types';
import type { Logger } from '../functions/shared/log';
import { ResourceGraph, type TerraformJson } from '../infra/graph';
import { EMULATORS } from './emulators';
import { startEventarcRelay } from './eventarc';
import { FunctionHost } from './function-host';
import { checkPortFree, freePort } from './ports';
import { applyPlan, eventarcChannel, type ApplyReport } from './provision/apply';
import { planFromGraph, type FunctionStep, type LocalPlan } from './provision/plan';
import { parseSchedule, Scheduler } from './scheduler';
import { startPostgres, type LocalPostgres } from './postgres';
import { startQuoteApis, type QuoteApis } from './quote-apis';
import { ORDERS_DDL } from './retail-feed';
import { localSecrets } from './secrets';
import { startEmulators, stopEmulators } from './supervisor';

/** Options of {@link startLocal}. */
export interface LocalRuntimeOptions {
  /** The synthesized stack file (see `local/stack.ts`). */
  readonly stackFile: string;
  /** State root; each emulator keeps `<dataDir>/<name>`. Unset: memory. */
  readonly dataDir?: string;
  /** Port of the API function (which also serves the dashboard). @default 8080 */
  readonly apiPort?: number;
  /** Emulator ports by name; 0 picks a free one. @default the ARCHITECTURE §4 ports */
  readonly emulatorPorts?: Readonly<Record<string, number>>;
  /** Virtual seconds per real second for schedules. @default 1 */
  readonly timeScale?: number;
  /** Extra environment for every function (e.g. poller base URLs of local stand-ins). */
  readonly functionEnv?: Readonly<Record<string, string>>;
  /** Secret values by secret id, overriding the local defaults. */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly log: Logger;
  /** Every line a function writes (Cloud Logging JSON), with the function's name. */
  readonly onFunctionLine?: (fn: string, line: string) => void;
  /** Result of each scheduler job or scheduled query run. */
  readonly onJob?: (job: JobResult) => void;
}

/** One run of a scheduled job. */
export interface JobResult {
  readonly job: string;
  readonly kind: 'http' | 'query';
  readonly ok: boolean;
  readonly ms: number;
  /** Parsed JSON response of an HTTP job (the drains' summaries), or the error message. */
  readonly body?: unknown;
  readonly error?: string;
}

/** A running local platform. */
export interface LocalRuntime {
  readonly plan: LocalPlan;
  readonly emulators: ReadonlyMap<string, EmulatorHandle>;
  /** Function hosts by function name. */
  readonly functions: ReadonlyMap<string, FunctionHost>;
  readonly scheduler: Scheduler;
  readonly applied: ApplyReport;
  /** Environment lines pointing official clients at the emulators (`PUBSUB_EMULATOR_HOST=…`). */
  readonly env: Readonly<Record<string, string>>;
  readonly clients: { readonly pubsub: PubSub; readonly storage: Storage; readonly bigquery: BigQuery };
  /** URL of the API and dashboard. */
  readonly apiUrl?: string;
  /** The local PostgreSQL, when a function reads one (retail's `pgSource`). */
  readonly postgres?: LocalPostgres;
  /** Stops in order: schedules, event relays, functions (they flush), then the emulators (they persist). */
  stop(): Promise<void>;
}

/** Starts the platform. On failure, whatever started is stopped again before the error is thrown. */
export async function startLocal(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { log } = opts;
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const json = ResourceGraph.fromFile(opts.stackFile, { project: 'unused' }).json as TerraformJson & { provider?: { google?: { project?: string }[] } };
  const project = json.provider?.google?.[0]?.project ?? 'tributary-dev';

  // Ports first: push endpoints and scheduler URLs in the graph resolve to the function hosts.
  const ports = new Map<string, number>();
  const functionResources = new ResourceGraph(json, { project }).resources('google_cloudfunctions2_function');
  for (const r of functionResources) {
    const isApi = (r.config.labels as Record<string, string> | undefined)?.['tributary-function'] === 'api';
    ports.set(r.address, isApi ? (opts.apiPort ?? 8080) : await freePort());
  }
  const apiPort = opts.apiPort ?? 8080;
  if ([...ports.values()].includes(apiPort)) {
    await checkPortFree(apiPort).catch(() => {
      throw new Error(`port ${apiPort} for the API and dashboard is already in use: stop what holds it (\`lsof -i :${apiPort}\`), or choose another with --port <n>`);
    });
  }
  const graph = new ResourceGraph(json, { project, functionUrl: (r) => (ports.has(r.address) ? `http://127.0.0.1:${ports.get(r.address)}` : undefined) });
  const plan = planFromGraph(graph, project);

  const emulators = await startEmulators({ dataDir: opts.dataDir, ports: opts.emulatorPorts });
  const hosts = new Map<string, FunctionHost>();
  const relays: { stop(): Promise<void> }[] = [];
  let postgres: LocalPostgres | undefined;
  let quoteApis: QuoteApis | undefined;
  const scheduler = new Scheduler({ timeScale: opts.timeScale });
  const pubsubHandle = need(emulators, 'pubsub');
  const gcsHandle = need(emulators, 'gcs');
  const bqHandle = need(emulators, 'bigquery');
  const clients = {
    pubsub: new PubSub({ projectId: project, apiEndpoint: `${pubsubHandle.host}:${pubsubHandle.port}` }),
    storage: new Storage({ projectId: project, apiEndpoint: gcsHandle.url }),
    bigquery: new BigQuery({ projectId: project, apiEndpoint: bqHandle.url }),
  };
  const stop = async () => {
    await scheduler.stop();
    await Promise.allSettled(relays.map((r) => r.stop()));
    await Promise.allSettled([...hosts.values()].map((h) => h.stop()));
    await clients.pubsub.close().catch(() => undefined);
    await postgres?.close().catch(() => undefined);
    await quoteApis?.close().catch(() => undefined);
    await stopEmulators(emulators);
  };

  try {
    const env: Record<string, string> = {};
    for (const spec of EMULATORS) {
      const h = emulators.get(spec.name);
      if (!h) continue;
      const line = spec.env(h);
      const eq = line.indexOf('=');
      env[line.slice(0, eq)] = line.slice(eq + 1);
    }

    let kafkaAdmin;
    if (plan.kafkaTopics.length) {
      const k = need(emulators, 'kafka');
      kafkaAdmin = new Kafka({ clientId: 'tributary-up', brokers: [`${k.host}:${k.port}`], logLevel: logLevel.NOTHING }).admin();
      await kafkaAdmin.connect();
    }
    let applied: ApplyReport;
    try {
      applied = await applyPlan(plan, { ...clients, kafka: kafkaAdmin });
    } finally {
      await kafkaAdmin?.disconnect();
    }
    log.info('provisioned the resource graph', { created: applied.created.length, existing: applied.existing.length, skipped: plan.skipped.length });

    if (plan.functions.some((f) => Object.values(f.secretEnv).includes('postgres-url')) && !process.env.PGSOURCE_URL) {
      postgres = await startPostgres({ dataDir: opts.dataDir ? join(opts.dataDir, 'postgres') : undefined });
      log.info('local PostgreSQL (PGlite) is up', { url: postgres.url });
      // The table the postgres source extracts exists from the start, so pgSource finds it empty rather than missing.
      for (const fn of plan.functions.filter((f) => f.target === 'pgSource')) {
        if (fn.env.PGSOURCE_TABLE === 'orders') await postgres.db.exec(ORDERS_DDL);
      }
    }
    const secrets = { ...localSecrets(env, postgres?.url), ...opts.secrets };
    // Pollers call the local stand-ins of the quote APIs unless real keys are configured.
    const pollerEnv: Record<string, string> = {};
    if (plan.functions.some((f) => f.target === 'pollQuotes') && !secrets['cryptocompare-api-key'] && !secrets['finnhub-api-key']) {
      quoteApis = await startQuoteApis();
      Object.assign(pollerEnv, { CRYPTOCOMPARE_BASE_URL: quoteApis.cryptocompareBaseUrl, FINNHUB_BASE_URL: quoteApis.finnhubBaseUrl, CRYPTO_CURRENCIES: 'USD' });
      log.info('pollers use the local quote API stand-ins (set CRYPTOCOMPARE_API_KEY / FINNHUB_API_KEY for the real ones)', pollerEnv);
    }
    const missing = [...new Set(plan.functions.flatMap((f) => Object.values(f.secretEnv)))].filter((id) => secrets[id] === undefined);
    if (missing.length) throw new Error(`no local value for secret(s) ${missing.join(', ')}: add them to local/secrets.ts or pass them in the environment`);

    // The API serves the budget reports kept beside the run's state (`tributary budget --out <dataDir>/budget/latest.json`).
    const apiEnv: Record<string, string> = opts.dataDir ? { BUDGET_REPORTS_DIR: join(resolve(opts.dataDir), 'budget') } : {};

    // Start the functions two at a time: each is a Node process compiling TypeScript on start.
    const queue = [...plan.functions];
    const startOne = async (fn: FunctionStep) => {
      const host = new FunctionHost({
        name: fn.name,
        target: fn.target,
        signature: fn.signature,
        port: ports.get(fn.address)!,
        env: functionEnv(fn, env, secrets, { ...(fn.target === 'pollQuotes' ? pollerEnv : {}), ...(fn.target === 'api' ? apiEnv : {}), ...opts.functionEnv }),
        log,
        onLine: (line) => opts.onFunctionLine?.(fn.name, line),
      });
      hosts.set(fn.name, host);
      await host.start(60_000);
    };
    await Promise.all([0, 1].map(async () => {
      for (let fn = queue.shift(); fn; fn = queue.shift()) await startOne(fn);
    }));
    log.info('functions are up', { functions: hosts.size });

    for (const fn of plan.functions.filter((f) => f.trigger)) {
      relays.push(startEventarcRelay({ pubsub: clients.pubsub, subscription: eventarcChannel(fn), url: hosts.get(fn.name)!.url, eventType: fn.trigger!.eventType, log }));
    }

    for (const job of plan.schedulerJobs) {
      scheduler.add({
        name: job.name,
        schedule: parseSchedule(job.schedule, job.timeZone),
        run: () => runHttpJob(job.name, job, opts.onJob),
      });
    }
    for (const q of plan.scheduledQueries) {
      scheduler.add({
        name: q.name,
        schedule: parseSchedule(q.schedule),
        run: () => runQueryJob(q.name, q.query, clients.bigquery, opts.onJob),
      });
    }
    scheduler.start();

    const apiFn = plan.functions.find((f) => f.role === 'api');
    return {
      plan,
      emulators,
      functions: hosts,
      scheduler,
      applied,
      env,
      clients,
      apiUrl: apiFn ? hosts.get(apiFn.name)?.url : undefined,
      postgres,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function need(running: ReadonlyMap<string, EmulatorHandle>, name: string): EmulatorHandle {
  const h = running.get(name);
  if (!h) throw new Error(`the ${name} emulator is not available (registered emulators: ${[...running.keys()].join(', ')}); tributary up needs it`);
  return h;
}

/**
 * Set for every local function: there is no GCE metadata server on a laptop, so the Google auth
 * library should not probe for one (it would warn on every client start).
 */
export const LOCAL_ENV: Readonly<Record<string, string>> = { METADATA_SERVER_DETECTION: 'none' };

/** A function's environment: the graph's plain env, its secrets' local values, and the emulator endpoints. */
export function functionEnv(
  fn: FunctionStep,
  emulatorEnv: Readonly<Record<string, string>>,
  secrets: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = { ...fn.env };
  for (const [key, id] of Object.entries(fn.secretEnv)) env[key] = secrets[id];
  Object.assign(env, emulatorEnv, LOCAL_ENV, extra);
  // The managed cluster's bootstrap address and OAuth mechanism mean nothing to the local broker.
  if (fn.env.KAFKA_BROKERS !== undefined) env.KAFKA_SASL_MECHANISM = '';
  return env;
}

async function runHttpJob(
  name: string,
  job: { uri: string; method: string; headers: Readonly<Record<string, string>>; body: string; attemptDeadlineSeconds: number },
  onJob?: (r: JobResult) => void,
): Promise<unknown> {
  const t = Date.now();
  try {
    const res = await fetch(job.uri, {
      method: job.method,
      headers: job.headers,
      body: job.method === 'GET' ? undefined : job.body,
      signal: AbortSignal.timeout(job.attemptDeadlineSeconds * 1000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not every function answers JSON; keep the text
    }
    onJob?.({ job: name, kind: 'http', ok: res.ok, ms: Date.now() - t, body, error: res.ok ? undefined : `HTTP ${res.status}` });
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return body;
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith(`${name}: HTTP`))) onJob?.({ job: name, kind: 'http', ok: false, ms: Date.now() - t, error: (err as Error).message });
    throw err;
  }
}

async function runQueryJob(name: string, query: string, bigquery: BigQuery, onJob?: (r: JobResult) => void): Promise<unknown> {
  const t = Date.now();
  try {
    const [rows] = await bigquery.query({ query, useLegacySql: false });
    onJob?.({ job: name, kind: 'query', ok: true, ms: Date.now() - t, body: { rows: rows.length } });
    return rows.length;
  } catch (err) {
    onJob?.({ job: name, kind: 'query', ok: false, ms: Date.now() - t, error: (err as Error).message });
    throw err;
  }
}
