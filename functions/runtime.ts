/**
 * What the targets need from outside the function code, behind one interface: the pipeline
 * definitions with their derivations (schema → mapping, Parquet columns; raw bytes → enriched
 * event) and the official clients, built from the environment (ARCHITECTURE §4: emulator
 * endpoints locally, Google's defaults in the cloud). `functions/index.ts` builds the real one;
 * tests pass fixtures.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Client } from '@elastic/elasticsearch';
import type { PipelineDefinition } from '../pipelines/types';
import type { IndexMapping } from './drain-index/template';
import type { Processor } from './enrich/enrich';
import { project, required, type Env } from './shared/env';
import type { LakeColumn } from './shared/parquet';

/** Any pipeline definition (the functions read them untyped). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPipeline = PipelineDefinition<any, any>;

/** The pipelines and what is derived from them. */
export interface Definitions {
  /** The definition of `id`; throws naming the known ids when there is none. */
  get(id: string): AnyPipeline;
  /** Validates and enriches raw bytes for a pipeline (pipelines/core `processRaw`). */
  processor(p: AnyPipeline): Processor;
  /** Elasticsearch mapping of the enriched schema. */
  esMapping(p: AnyPipeline): IndexMapping;
  /** Parquet columns of the enriched schema, without `omit`. */
  parquetColumns(p: AnyPipeline, omit: readonly string[]): LakeColumn[];
}

/** The official clients a function uses, created once per instance. */
export interface Clients {
  pubsub(): PubSub;
  storage(): Storage;
  elasticsearch(): Client;
  bigquery(): BigQuery;
}

/** Everything a target needs. */
export interface Runtime {
  readonly env: Env;
  readonly definitions: Definitions;
  readonly clients: Clients;
}

/**
 * Clients from the environment: `GOOGLE_CLOUD_PROJECT`, `*_EMULATOR_HOST`, `ELASTICSEARCH_URL`/`_API_KEY`.
 * Each client library is loaded on first use, so a function loads only the clients it calls.
 */
export function clientsFromEnv(env: Env): Clients {
  const once = <T>(make: () => T) => {
    let v: T | undefined;
    return () => (v ??= make());
  };
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    pubsub: once(() => new (require('@google-cloud/pubsub') as typeof import('@google-cloud/pubsub')).PubSub({ projectId: project(env) })),
    storage: once(() => new (require('@google-cloud/storage') as typeof import('@google-cloud/storage')).Storage({ projectId: project(env) })),
    elasticsearch: once(() => {
      const apiKey = env.ELASTICSEARCH_API_KEY;
      const { Client: Elasticsearch } = require('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch');
      return new Elasticsearch({ node: required(env, 'ELASTICSEARCH_URL'), auth: apiKey ? { apiKey } : undefined, maxRetries: 0 });
    }),
    bigquery: once(() => new (require('@google-cloud/bigquery') as typeof import('@google-cloud/bigquery')).BigQuery({ projectId: project(env), location: env.BIGQUERY_LOCATION || undefined })),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}
