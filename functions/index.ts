/**
 * The functions-framework entry (package.json `main` → dist/functions/index.js): registers every
 * target by its contract name (infra/names.ts), bound to the real pipeline definitions, their
 * schema derivations and the official clients configured from the environment. Cloud Functions
 * and the local function host (`--source=functions/index.ts`) load this same module.
 */
import * as ff from '@google-cloud/functions-framework';
import { processRaw } from '../pipelines/core/process';
import { getPipeline } from '../pipelines/index';
import { toElasticsearchMapping, toParquetSchema } from '../schemas/derive';
import type { HttpTarget } from './targets';
import { clientsFromEnv, type Runtime } from './runtime';

/** The runtime every target of this process uses. */
export const runtime: Runtime = {
  env: process.env,
  definitions: {
    get: (id) => getPipeline(id),
    processor: (p) => (bytes, ctx) => processRaw(p, bytes, ctx),
    esMapping: (p) => toElasticsearchMapping(p.enrichedSchema),
    parquetColumns: (p, omit) => toParquetSchema(p.enrichedSchema, { omit }),
  },
  clients: clientsFromEnv(process.env),
};

/** The target this instance serves (`--target` or `FUNCTION_TARGET`, as the framework reads it). */
const served = process.argv.find((a) => a.startsWith('--target='))?.slice('--target='.length) ?? process.env.FUNCTION_TARGET;

/**
 * A target whose module loads when first needed: at start for the target this instance serves,
 * never for the others. Each function instance then loads only its own code and clients, which
 * halves the start of a local function host (and the cold start in the cloud).
 */
function lazy<F extends (...args: never[]) => unknown>(name: string, load: () => F): F {
  let f: F | undefined;
  const get = () => (f ??= load());
  if (served === name) get();
  return ((...args: Parameters<F>) => get()(...args)) as F;
}

/* eslint-disable @typescript-eslint/no-require-imports */
let pipelineTargets: ReturnType<typeof import('./targets').pipelineTargets> | undefined;
const targets = () => (pipelineTargets ??= (require('./targets') as typeof import('./targets')).pipelineTargets(runtime));
ff.cloudEvent('enrich', lazy('enrich', () => targets().enrich));
ff.http('drainIndex', lazy('drainIndex', () => targets().drainIndex));
ff.http('drainLake', lazy('drainLake', () => targets().drainLake));
ff.cloudEvent('ingestFile', lazy('ingestFile', () => targets().ingestFile));
ff.http('pollQuotes', lazy('pollQuotes', () => targets().pollQuotes));
ff.http('pgSource', lazy('pgSource', () => targets().pgSource));
ff.http('api', lazy('api', (): HttpTarget => (require('./api/target') as typeof import('./api/target')).apiTarget(runtime)));
ff.http('bridge', lazy('bridge', (): HttpTarget => (require('./bridge/target') as typeof import('./bridge/target')).bridgeTarget(process.env)));
