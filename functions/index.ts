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
import { apiTarget } from './api/target';
import { bridgeTarget } from './bridge/target';
import { clientsFromEnv, type Runtime } from './runtime';
import { pipelineTargets } from './targets';

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

const targets = pipelineTargets(runtime);
ff.cloudEvent('enrich', targets.enrich);
ff.http('drainIndex', targets.drainIndex);
ff.http('drainLake', targets.drainLake);
ff.cloudEvent('ingestFile', targets.ingestFile);
ff.http('pollQuotes', targets.pollQuotes);
ff.http('pgSource', targets.pgSource);
ff.http('api', apiTarget(runtime));
ff.http('bridge', bridgeTarget(process.env));
