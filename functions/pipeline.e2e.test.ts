/**
 * The data path end to end through the official clients and the functions framework, on the
 * real `iot` definition: raw → enrich (push subscription) → enriched/quarantine → drainIndex and
 * drainLake → Elasticsearch and the Parquet lake (read back with DuckDB). Publishing the same
 * events again shows silver and the index hold each event once by event_id; a poison message
 * that keeps failing reaches the dead-letter topic.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from '@elastic/elasticsearch';
import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { PubSub } from '@google-cloud/pubsub';
import { Storage, type Bucket } from '@google-cloud/storage';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startElasticsearch, type ElasticsearchHandle } from '../emulators/elasticsearch';
import { startGcs, type GcsHandle } from '../emulators/gcs';
import { startPubSub, type PubSubHandle } from '../emulators/pubsub';
import { processRaw } from '../pipelines/core/process';
import { getPipeline } from '../pipelines/index';
import { toElasticsearchMapping, toParquetSchema } from '../schemas/derive';
import type { Runtime } from './runtime';
import { subscriptionSource } from './shared/pubsub';
import { pipelineTargets } from './targets';

const P = 'e2e-project';
const reading = (i: number) => ({ room: `r${100 + (i % 4)}`, sensor_type: 'temperature', timestamp: 1795860000 + i * 7, value: 20 + i / 10 });

describe('raw → enrich → drains → Elasticsearch and the lake (iot)', () => {
  let ps: PubSubHandle;
  let gcs: GcsHandle;
  let es: ElasticsearchHandle;
  let pubsub: PubSub;
  let lake: Bucket;
  let esClient: Client;
  const servers: Server[] = [];
  let enrichUrl: string;
  let drainIndexUrl: string;
  let drainLakeUrl: string;

  const savedLevel = process.env.LOG_LEVEL;
  let quiet: jest.SpyInstance;
  beforeAll(async () => {
    process.env.LOG_LEVEL = 'CRITICAL'; // the poison's five failures would flood the output
    quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    [ps, gcs, es] = await Promise.all([startPubSub({ port: 0, pullWaitMs: 100, timeScale: 0.01 }), startGcs({ port: 0 }), startElasticsearch({ port: 0 })]);
    pubsub = new PubSub({ apiEndpoint: `${ps.host}:${ps.port}`, emulatorMode: true, projectId: P });
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: P });
    [lake] = await storage.createBucket(`${P}-lake`);
    esClient = new Client({ node: es.url, maxRetries: 0 });

    const env = {
      GOOGLE_CLOUD_PROJECT: P,
      PIPELINE: 'iot',
      ENRICHED_TOPIC: 'iot-enriched',
      QUARANTINE_TOPIC: 'iot-quarantine',
      SUBSCRIPTION: 'iot-enriched-index',
      LAKE_BUCKET: `${P}-lake`,
      BRONZE_SUBSCRIPTION: 'iot-raw-lake',
      SILVER_SUBSCRIPTION: 'iot-enriched-lake',
      QUARANTINE_SUBSCRIPTION: 'iot-quarantine-lake',
      PARTITION_KEYS: 'room,sensor_type',
      TIME_FIELD: 'event_time',
      BATCH_AGE_MS: '0',
      DRAIN_DEADLINE_MS: '20000',
    };
    const rt: Runtime = {
      env,
      definitions: {
        get: getPipeline,
        // a payload with "poison" makes enrichment throw, as a transient failure would
        processor: (p) => (bytes, ctx) => {
          if (Buffer.from(bytes).includes('poison')) throw new Error('enrichment backend unavailable (test poison)');
          return processRaw(p, bytes, ctx);
        },
        esMapping: (p) => toElasticsearchMapping(p.enrichedSchema),
        parquetColumns: (p, omit) => toParquetSchema(p.enrichedSchema, { omit }),
      },
      clients: { pubsub: () => pubsub, storage: () => storage, elasticsearch: () => esClient, bigquery: () => { throw new Error('not used'); } },
    };
    const t = pipelineTargets(rt);
    ff.cloudEvent('e2eEnrich', t.enrich);
    ff.http('e2eDrainIndex', t.drainIndex);
    ff.http('e2eDrainLake', t.drainLake);
    const listen = (name: string) => {
      const s = getTestServer(name).listen(0);
      servers.push(s);
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    };
    enrichUrl = listen('e2eEnrich');
    drainIndexUrl = listen('e2eDrainIndex');
    drainLakeUrl = listen('e2eDrainLake');

    const topics = Object.fromEntries(await Promise.all(['raw', 'enriched', 'quarantine', 'dead-letter'].map(async (r) => [r, (await pubsub.createTopic(`iot-${r}`))[0]] as const)));
    const deadLetterPolicy = { deadLetterTopic: topics['dead-letter'].name, maxDeliveryAttempts: 5 };
    const retryPolicy = { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 20 } };
    await topics.raw.createSubscription('iot-raw-enrich', { pushConfig: { pushEndpoint: `${enrichUrl}/projects/${P}/topics/iot-raw` }, deadLetterPolicy, retryPolicy, ackDeadlineSeconds: 600 });
    await topics.raw.createSubscription('iot-raw-lake', { ackDeadlineSeconds: 600 });
    await topics.enriched.createSubscription('iot-enriched-index', { ackDeadlineSeconds: 600 });
    await topics.enriched.createSubscription('iot-enriched-lake', { ackDeadlineSeconds: 600 });
    await topics.quarantine.createSubscription('iot-quarantine-lake', { ackDeadlineSeconds: 600 });
    await topics['dead-letter'].createSubscription('iot-dead-letter-audit', { ackDeadlineSeconds: 600 });
  }, 60_000);

  afterAll(async () => {
    if (savedLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = savedLevel;
    quiet.mockRestore();
    for (const s of servers) s.close();
    await esClient.close();
    await pubsub.close();
    await Promise.all([ps.close(), gcs.close(), es.close()]);
  });

  const publishRaw = (payloads: string[]) => Promise.all(payloads.map((p) => pubsub.topic('iot-raw').publishMessage({ data: Buffer.from(p) })));
  const post = async (url: string) => (await (await fetch(url, { method: 'POST' })).json()) as Record<string, any>;
  /** Pulls the dead-letter audit subscription until a message arrives. */
  async function deadLetters(): Promise<string[]> {
    const source = await subscriptionSource({ pubsub, subscription: 'iot-dead-letter-audit', maxWaitMs: 1_000 });
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const got = await source.pull(10);
        if (got.length) {
          await source.ack(got.map((m) => m.ackId));
          return [...new Set(got.map((m) => m.data.toString()))];
        }
      }
      return [];
    } finally {
      await source.close();
    }
  }
  /** Calls a drain until `count` of its answers adds up to `want` (or a minute passes). */
  async function drainUntil(url: string, count: (r: Record<string, any>) => number, want: number) {
    let total = 0;
    let first: Record<string, any> | undefined;
    const deadline = Date.now() + 60_000;
    while (total < want && Date.now() < deadline) {
      const r = await post(url);
      first ??= r;
      total += count(r);
    }
    return { ...first, total };
  }
  async function drainLakeUntil(want: Record<'silver' | 'quarantine' | 'bronze', number>) {
    const got = { silver: 0, quarantine: 0, bronze: 0 };
    const deadline = Date.now() + 60_000;
    while ((got.silver < want.silver || got.quarantine < want.quarantine || got.bronze < want.bronze) && Date.now() < deadline) {
      const r = await post(drainLakeUrl);
      for (const k of ['silver', 'quarantine', 'bronze'] as const) got[k] += r[k].written;
    }
    return got;
  }
  /** Reads a lake layer of iot with DuckDB as the view `lake`. */
  async function lakeQuery(layer: string, sql: string): Promise<Record<string, unknown>[]> {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-lake-'));
    try {
      const [files] = await lake.getFiles({ prefix: `${layer}/iot/` });
      for (const f of files) {
        mkdirSync(dirname(join(dir, f.name)), { recursive: true });
        writeFileSync(join(dir, f.name), (await f.download())[0]);
      }
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      await conn.run(`CREATE VIEW lake AS SELECT * FROM read_parquet('${dir}/${layer}/iot/**/*.parquet', hive_partitioning = true)`);
      const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
      conn.closeSync();
      db.closeSync();
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('delivers valid events to the index and silver once by event_id, invalid ones to quarantine with their rule, a poison message to the dead-letter topic', async () => {
    const valid = Array.from({ length: 12 }, (_, i) => JSON.stringify(reading(i)));
    await publishRaw([...valid, JSON.stringify({ room: 'r1', sensor_type: 'temperature', value: 1 }), JSON.stringify({ ...reading(99), poison: true })]);
    expect(await deadLetters()).toEqual([expect.stringContaining('poison')]);

    // drains run until they have seen what was published (push deliveries may still be arriving)
    const index1 = await drainUntil(drainIndexUrl, (r) => r.counters?.indexed ?? 0, 12);
    expect(index1).toMatchObject({ templatePut: true, total: 12 });
    const lake1 = await drainLakeUntil({ silver: 12, quarantine: 1, bronze: 14 });
    expect(lake1).toEqual({ silver: 12, quarantine: 1, bronze: 14 });

    // the same events published again (a producer retry): new messages, same event ids
    await publishRaw(valid);
    expect((await drainUntil(drainIndexUrl, (r) => r.counters?.indexed ?? 0, 12)).total).toBe(12);
    expect((await drainLakeUntil({ silver: 12, quarantine: 0, bronze: 12 })).silver).toBe(12);

    await esClient.indices.refresh({ index: 'iot-*' });
    expect((await esClient.count({ index: 'iot' })).count).toBe(12);
    const s = await lakeQuery('silver', 'SELECT count(*)::INT AS rows, count(DISTINCT event_id)::INT AS ids FROM lake');
    expect(s[0].ids).toBe(12); // the silver view keeps one row per event_id
    expect(s[0].rows).toBeGreaterThanOrEqual(12);
    const q = await lakeQuery('quarantine', 'SELECT rule, payload FROM lake');
    expect(q).toEqual([{ rule: 'schema.required', payload: JSON.stringify({ room: 'r1', sensor_type: 'temperature', value: 1 }) }]);
  }, 120_000);
});
