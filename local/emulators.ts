/**
 * The emulator registry: the one list of emulators the local runtime and
 * `tributary emulators` know, with their default ports (ARCHITECTURE §4) and the environment
 * line that points an official client at them. Each emulator module is loaded only when asked
 * for, so starting one does not load the others.
 */
import { join } from 'node:path';
import type { EmulatorHandle } from '../emulators/common/types';

/** Context every emulator starter receives. */
export interface StartContext {
  readonly port: number;
  readonly host: string;
  /** Root data dir (`.tributary`); each emulator keeps its state in `<dataDir>/<name>`. Unset: memory. */
  readonly dataDir?: string;
  /** Handles of emulators already started, by name (the BigQuery emulator reads the GCS root, GCS notifies Pub/Sub). */
  readonly running: ReadonlyMap<string, EmulatorHandle>;
}

/** How to start one emulator. */
export interface EmulatorSpec {
  readonly name: string;
  readonly defaultPort: number;
  /** Names of emulators that must start first. */
  readonly after: readonly string[];
  /** The line an official client needs, e.g. `PUBSUB_EMULATOR_HOST=localhost:8085`. */
  env(handle: EmulatorHandle): string;
  start(ctx: StartContext): Promise<EmulatorHandle>;
}

/** Per-emulator data dir under the root, or undefined for memory. */
export const dataDirFor = (ctx: StartContext, name: string): string | undefined =>
  ctx.dataDir ? join(ctx.dataDir, name) : undefined;

/** The registry, in start order. Emulators add themselves here as they land. */
export const EMULATORS: readonly EmulatorSpec[] = [
  {
    name: 'kafka',
    defaultPort: 9092,
    after: [],
    env: (h) => `KAFKA_BROKERS=localhost:${h.port}`,
    start: async (ctx) => {
      // require, not import(): this file is CommonJS, where import() would need ESM file extensions.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startKafka } = require('../emulators/kafka') as typeof import('../emulators/kafka/index');
      return startKafka({ port: ctx.port, host: ctx.host, dataDir: dataDirFor(ctx, 'kafka') });
    },
  },
  {
    name: 'elasticsearch',
    defaultPort: 9200,
    after: [],
    env: (h) => `ELASTICSEARCH_URL=http://localhost:${h.port}`,
    start: async (ctx) => {
      // require, not import(): this file is CommonJS, where import() would need ESM file extensions.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startElasticsearch } = require('../emulators/elasticsearch') as typeof import('../emulators/elasticsearch/index');
      return startElasticsearch({ port: ctx.port, host: ctx.host, dataDir: dataDirFor(ctx, 'elasticsearch') });
    },
  },
  {
    name: 'pubsub',
    defaultPort: 8085,
    after: [],
    env: (h) => `PUBSUB_EMULATOR_HOST=localhost:${h.port}`,
    start: async (ctx) => {
      // require, not import(): this file is CommonJS, where import() would need ESM file extensions.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startPubSub } = require('../emulators/pubsub') as typeof import('../emulators/pubsub/index');
      return startPubSub({ port: ctx.port, host: ctx.host, dataDir: dataDirFor(ctx, 'pubsub') });
    },
  },
  {
    name: 'gcs',
    defaultPort: 4443,
    after: ['pubsub'],
    env: (h) => `STORAGE_EMULATOR_HOST=http://localhost:${h.port}`,
    start: async (ctx) => {
      const pubsub = ctx.running.get('pubsub');
      // require, not import(): this file is CommonJS, where import() would need ESM file extensions.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startGcs } = require('../emulators/gcs') as typeof import('../emulators/gcs/index');
      return startGcs({
        port: ctx.port,
        host: ctx.host,
        root: dataDirFor(ctx, 'gcs'),
        pubsubEmulatorHost: pubsub ? `${pubsub.host}:${pubsub.port}` : undefined,
      });
    },
  },
  {
    name: 'bigquery',
    defaultPort: 9050,
    after: ['gcs'],
    env: (h) => `BIGQUERY_EMULATOR_HOST=http://localhost:${h.port}`,
    start: async (ctx) => {
      // External tables and loads read gs:// objects straight from the GCS emulator's root on disk.
      const gcs = ctx.running.get('gcs') as import('../emulators/gcs/index').GcsHandle | undefined;
      // require, not import(): this file is CommonJS, where import() would need ESM file extensions.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startBigQuery } = require('../emulators/bigquery') as typeof import('../emulators/bigquery/index');
      return startBigQuery({ port: ctx.port, host: ctx.host, dataDir: dataDirFor(ctx, 'bigquery'), storageRoot: gcs?.root });
    },
  },
];

/** Looks up emulators by name; unknown names get an error listing the known ones. */
export function selectEmulators(only?: readonly string[]): EmulatorSpec[] {
  if (!only || only.length === 0) return [...EMULATORS];
  const known = EMULATORS.map((e) => e.name);
  const unknown = only.filter((n) => !known.includes(n));
  if (unknown.length) {
    throw new Error(`unknown emulator ${unknown.join(', ')}; choose from: --only ${known.join(',') || '(none yet)'}`);
  }
  return EMULATORS.filter((e) => only.includes(e.name));
}
