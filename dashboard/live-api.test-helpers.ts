/**
 * The real `api` function (functions/api, through the functions framework's own HTTP server,
 * which also serves the page through its dashboard hook) against the BigQuery emulator, seeded
 * through the official client:
 * - `silver.<id>`: tables with the enriched schema (`toBigQuerySchema`) plus `dt`, filled with real
 *   enriched events (the pipelines' generators through `processRaw`), with more inserted on a timer
 *   so the page has something live to count;
 * - `quarantine.<id>`: real quarantine records (the generators with defects through `processRaw`);
 * - `gold.<id>_<kpi>` and `ml.<id>_<model>`: built by running the pipelines' own SQL (`sql/`,
 *   rendered by infra/sql.ts) in the emulator, for the pipelines in `sqlFor`. Elsewhere, and for
 *   ARIMA_PLUS (minutes of events are too short a series) or where the emulator cannot run a file,
 *   the table is filled from a fixture instead, and {@link LiveApi.fixtures} says so and why.
 *
 * In the cloud `silver.<id>` is a view over the Parquet lake; a table with the same columns is
 * what the API's queries see either way.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestBigQuery } from '../emulators/bigquery/test-helpers';
import { apiTarget } from '../functions/api/target';
import { bigqueryWarehouse } from '../functions/api/warehouse';
import type { Runtime } from '../functions/runtime';
import { kpiSql, modelSql } from '../infra/sql';
import { PIPELINES } from '../pipelines';
import { kpiTable, modelName } from '../pipelines/naming';
import type { PipelineDefinition } from '../pipelines/types';
import { toBigQuerySchema } from '../schemas/derive';
import { QUARANTINE_FIELDS } from '../infra/constructs/warehouse';
import { kpiRows, makeFeed, modelRows, quarantineRecords, type Row } from './fixture-api.test-helpers';

/** Options of {@link startLiveApi}. */
export interface LiveApiOptions {
  /** Events per pipeline before the page opens. @default 200 */
  readonly initial?: number;
  /** Events inserted per pipeline on each tick. @default 10 */
  readonly perTick?: number;
  /** Tick period in ms. @default 1000 */
  readonly tickMs?: number;
  /** Pipelines whose KPI and model SQL runs in the emulator; the others get fixture tables. @default all */
  readonly sqlFor?: readonly string[];
  /** Pipelines the API serves (and the emulator holds). @default all */
  readonly pipelines?: readonly string[];
}

/** A running api function over a seeded emulator. */
export interface LiveApi {
  readonly url: string;
  /** Tables filled from fixtures because the emulator could not run their SQL, with the reason. */
  readonly fixtures: readonly string[];
  /** Errors of the live inserts (the test expects none). */
  readonly insertErrors: readonly string[];
  close(): Promise<void>;
}

let registered = 0;

const withDt = (p: PipelineDefinition, r: Row): Row => ({ ...r, dt: String(r[p.timeField]).slice(0, 10) });

/** A table schema guessed from fixture rows (STRING, FLOAT, INTEGER, TIMESTAMP for ISO times). */
function schemaOf(rows: Row[]): { name: string; type: string }[] {
  const first = rows[0] ?? {};
  return Object.entries(first).map(([name, v]) => ({
    name,
    type: typeof v === 'number' ? (rows.every((r) => Number.isInteger(r[name])) ? 'INTEGER' : 'FLOAT') : typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? 'TIMESTAMP' : 'STRING',
  }));
}

async function fixtureTable(bq: BigQuery, dataset: string, table: string, rows: Row[]): Promise<void> {
  const [t] = await bq.dataset(dataset).createTable(table, { schema: schemaOf(rows) as never });
  if (rows.length) await t.insert(rows);
}

/** Starts the emulator, seeds it and serves the real api function on a free port. */
export async function startLiveApi(options: LiveApiOptions = {}): Promise<LiveApi> {
  const { emulator, bq } = await startTestBigQuery();
  const fixtures: string[] = [];
  const served = PIPELINES.filter((p) => !options.pipelines || options.pipelines.includes(p.id));
  const feeds = new Map(served.map((p) => [p.id, makeFeed(p)]));
  for (const d of ['silver', 'gold', 'ml', 'quarantine']) await bq.createDataset(d);
  const seed = async (p: PipelineDefinition) => {
    const feed = feeds.get(p.id)!;
    feed.add(options.initial ?? 200);
    const schema = [...toBigQuerySchema(p.enrichedSchema), { name: 'dt', type: 'DATE', mode: 'NULLABLE' }];
    const [table] = await bq.dataset('silver').createTable(p.id, { schema: schema as never });
    await table.insert(feed.rows.map((r) => withDt(p, r)));
    // quarantine.<id>: real quarantine records (the generator with defects through processRaw)
    const [quarantine] = await bq.dataset('quarantine').createTable(p.id, { schema: [...QUARANTINE_FIELDS, { name: 'dt', type: 'DATE' }] as never });
    const records = quarantineRecords(p).map((r) => ({ ...r, dt: r.received_at.slice(0, 10) }));
    if (records.length) await quarantine.insert(records);
    const runSql = !options.sqlFor || options.sqlFor.includes(p.id);
    // models first: some KPIs read a model (taxi rides_per_zone uses the pickup zones)
    for (const m of p.models) {
      const { train, predict } = modelSql(p, m);
      try {
        if (!runSql) throw new Error('SQL not run for this pipeline here (sqlFor)');
        // minutes of events give an hourly ARIMA_PLUS series fewer than the 3 points it needs
        if (m.type === 'ARIMA_PLUS') throw new Error('the seeded events span minutes; hourly ARIMA_PLUS needs 3+ points per series');
        await bq.query(train);
        await bq.query(predict);
      } catch (err) {
        fixtures.push(`ml.${modelName(p.id, m.name)}: ${(err as Error).message.split('\n')[0]}`);
        if (m.type === 'KMEANS') {
          // train on a fixture table: the feature values of the events where they have them
          // (taxi positions), else a seeded spread (retail RFM features are not silver columns)
          const training = feed.rows.map((r, i) => Object.fromEntries((m.features ?? []).map((f, j) => {
            const v = f.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Row)[k] : undefined), r);
            return [f.replace(/\./g, '_'), typeof v === 'number' ? v : ((i * 7919 + j * 104729) % 1000) / 10];
          })));
          await fixtureTable(bq, 'ml', `${modelName(p.id, m.name)}_training`, training);
          await bq.query(`CREATE OR REPLACE MODEL ml.${modelName(p.id, m.name)} OPTIONS (model_type = 'KMEANS', num_clusters = 8) AS SELECT * FROM ml.${modelName(p.id, m.name)}_training`);
          await fixtureTable(bq, 'ml', `${modelName(p.id, m.name)}_predictions`, feed.rows.slice(0, 20).map((r) => ({ event_id: r.event_id!, zone: 1 })));
        } else await fixtureTable(bq, 'ml', `${modelName(p.id, m.name)}_predictions`, modelRows(p, m.name, feed.rows));
      }
    }
    for (const k of p.kpis) {
      try {
        if (!runSql) throw new Error('SQL not run for this pipeline here (sqlFor)');
        await bq.query(kpiSql(p, k));
      } catch (err) {
        fixtures.push(`gold.${kpiTable(p.id, k.name)}: ${(err as Error).message.split('\n')[0]}`);
        await fixtureTable(bq, 'gold', kpiTable(p.id, k.name), kpiRows(p, feed.rows, k.name));
      }
    }
  };
  await Promise.all(served.map(seed));

  const insertErrors: string[] = [];
  let inserting = Promise.resolve();
  const timer = setInterval(() => {
    inserting = inserting.then(async () => {
      for (const p of served) {
        const feed = feeds.get(p.id)!;
        const before = feed.rows.length;
        feed.add(options.perTick ?? 10);
        const fresh = feed.rows.slice(before).map((r) => withDt(p, r));
        if (fresh.length) await bq.dataset('silver').table(p.id).insert(fresh);
      }
    }).catch((err: Error) => {
      insertErrors.push(err.message);
    });
  }, options.tickMs ?? 1000);

  const rt = { env: {}, definitions: {} as Runtime['definitions'], clients: {} as Runtime['clients'] } as Runtime;
  const target = `dashboardLiveApi${registered++}`;
  ff.http(target, apiTarget(rt, { pipelines: served as never, warehouse: bigqueryWarehouse(bq) }));
  const server: Server = getTestServer(target).listen(0);
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    fixtures,
    insertErrors,
    async close() {
      clearInterval(timer);
      await inserting;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await emulator.close();
    },
  };
}
