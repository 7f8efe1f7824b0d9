/**
 * The function targets (the contract names of infra/names.ts): each reads its environment
 * (infra/README.md, "Function environment"), builds its dependencies once per instance, and runs
 * the logic of its folder. Every invocation logs one `invocation` line with its counters.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { pubsubTopic } from '../pipelines/naming';
import { drainIndex } from './drain-index/drain-index';
import { drainLake } from './drain-lake/drain-lake';
import { gcsStore } from './drain-lake/gcs-store';
import { enrichHandler } from './enrich/enrich';
import type { AnyPipeline, Runtime } from './runtime';
import { Invocation } from './shared/counters';
import { batchPolicy, drainDeadlineMs, list, optional, pipelineId, project, required } from './shared/env';
import { createLogger, type Logger } from './shared/log';
import { Client as PgClient } from 'pg';
import { lakeBucket, landingBucket } from '../pipelines/naming';
import { FILE_FORMATS, type FileFormat } from './ingest-file/formats';
import { ingestObject, recordTypeFromFile, reportObject, type StorageObjectData } from './ingest-file/ingest';
import { extract } from './pg-source/pg-source';
import { gcsStateStore } from './pg-source/watermark';
import { pollQuotes, type QuoteApi } from './poll-quotes/poll-quotes';
import { pubsubPublisher } from './shared/publisher';
import { subscriptionSource } from './shared/pubsub';

/** An HTTP target. */
export type HttpTarget = (req: Request, res: Response) => Promise<void>;
/** A CloudEvent target (receives the event's `data`). */
export type EventTarget = (event: { data?: unknown; id?: string; type?: string; subject?: string }) => Promise<void>;

const memo = <T>(make: () => T) => {
  let v: T | undefined;
  return () => (v ??= make());
};

/** Runs an HTTP body with counters, answering its JSON result or a 500 naming the error. */
function http(name: string, log: Logger, body: (inv: Invocation) => Promise<unknown>): HttpTarget {
  return async (_req, res) => {
    const inv = new Invocation(name, log);
    try {
      const result = await body(inv);
      inv.end();
      res.status(200).json(result);
    } catch (err) {
      inv.add('errors', 1);
      inv.end({ error: err });
      log.error(`${name} failed`, { error: err });
      res.status(500).json({ error: (err as Error).message });
    }
  };
}

/** The pipeline targets bound to a runtime. */
export function pipelineTargets(rt: Runtime) {
  const { env, definitions, clients } = rt;
  const base = memo(() => {
    const id = pipelineId(env);
    return { id, def: definitions.get(id), log: createLogger({ fields: { pipeline: id } }) };
  });
  const publisher = memo(() => pubsubPublisher(clients.pubsub()));

  const enrichBody = memo(() => {
    const { def, log } = base();
    return enrichHandler({
      process: definitions.processor(def),
      publisher: publisher(),
      enrichedTopic: optional(env, 'ENRICHED_TOPIC', pubsubTopic(def.id, 'enriched')),
      quarantineTopic: optional(env, 'QUARANTINE_TOPIC', pubsubTopic(def.id, 'quarantine')),
      log: log.child({ component: 'enrich' }),
    });
  });

  const enrich: EventTarget = async (event) => {
    const log = base().log;
    const inv = new Invocation('enrich', log);
    try {
      await enrichBody()(event.data, inv);
      inv.end({}, { quiet: true });
    } catch (err) {
      inv.add('errors', 1);
      inv.end({ error: err, eventId: event.id });
      throw err; // 500 to the push: Pub/Sub retries, then dead-letters
    }
  };

  const drainIndexTarget: HttpTarget = async (req, res) => {
    const { def, log } = base();
    return http('drainIndex', log, async (inv) => {
      const source = await subscriptionSource({ pubsub: clients.pubsub(), subscription: required(env, 'SUBSCRIPTION') });
      try {
        const summary = await drainIndex({
          client: clients.elasticsearch(),
          pipeline: def,
          mappings: definitions.esMapping(def),
          source,
          publisher: publisher(),
          policy: batchPolicy(env, def.batching.index),
          budgetMs: drainDeadlineMs(env),
          log: log.child({ component: 'drainIndex' }),
        });
        inv.add('messagesIn', summary.pulled);
        inv.add('messagesOut', summary.counters.indexed ?? 0);
        return summary;
      } finally {
        await source.close();
      }
    })(req, res);
  };

  const drainLakeTarget: HttpTarget = async (req, res) => {
    const { def, log } = base();
    return http('drainLake', log, async (inv) => {
      const pubsub = clients.pubsub();
      const sub = (name: string) => subscriptionSource({ pubsub, subscription: required(env, name) });
      const [bronze, silver, quarantine] = await Promise.all([sub('BRONZE_SUBSCRIPTION'), sub('SILVER_SUBSCRIPTION'), sub('QUARANTINE_SUBSCRIPTION')]);
      // Optional, so a deployment from before the dead-letter subscription still drains.
      const deadLetter = env.DEAD_LETTER_SUBSCRIPTION ? await sub('DEAD_LETTER_SUBSCRIPTION') : undefined;
      const partitionKeys = env.PARTITION_KEYS !== undefined ? list(env, 'PARTITION_KEYS') : [...def.partitionKeys];
      try {
        const summary = await drainLake({
          pipeline: def.id,
          silverColumns: definitions.parquetColumns(def, ['dt', ...partitionKeys]),
          partitionKeys,
          timeField: optional(env, 'TIME_FIELD', def.timeField),
          policy: batchPolicy(env, def.batching.lake),
          budgetMs: drainDeadlineMs(env),
          sources: { bronze, silver, quarantine, deadLetter },
          store: gcsStore(clients.storage().bucket(optional(env, 'LAKE_BUCKET', lakeBucket(project(env))))),
          log: log.child({ component: 'drainLake' }),
        });
        for (const s of Object.values(summary)) {
          inv.add('messagesIn', s.pulled);
          inv.add('messagesOut', s.written);
          inv.add('bytesOut', s.counters.bytes ?? 0);
        }
        return summary;
      } finally {
        await Promise.all([bronze.close(), silver.close(), quarantine.close(), deadLetter?.close()]);
      }
    })(req, res);
  };

  const ingestFileTarget: EventTarget = async (event) => {
    const { def, log } = base();
    const inv = new Invocation('ingestFile', log);
    try {
      const object = event.data as StorageObjectData;
      const landing = optional(env, 'LANDING_BUCKET', landingBucket(project(env)));
      if (object?.bucket !== landing) {
        inv.end({ skipped: `bucket ${object?.bucket} is not ${landing}` });
        return;
      }
      const formats = list(env, 'FILE_FORMATS').filter((f): f is FileFormat => (FILE_FORMATS as readonly string[]).includes(f));
      const report = await ingestObject({
        pipeline: def.id,
        object,
        open: () => clients.storage().bucket(object.bucket).file(object.name).createReadStream(),
        publisher: publisher(),
        topic: optional(env, 'RAW_TOPIC', pubsubTopic(def.id, 'raw')),
        prefix: optional(env, 'LANDING_PREFIX', `${def.id}/`),
        formats: formats.length ? formats : [...FILE_FORMATS],
        annotate: hasRecordType(def) ? recordTypeFromFile : undefined,
        log: log.child({ component: 'ingestFile' }),
        invocation: inv,
      });
      if (report.status !== 'skipped') {
        const reports = clients.storage().bucket(optional(env, 'REPORT_BUCKET', lakeBucket(project(env))));
        await reports.file(reportObject(def.id, object)).save(JSON.stringify(report, null, 2), { resumable: false, contentType: 'application/json' });
      }
      inv.end({ report });
    } catch (err) {
      inv.add('errors', 1);
      inv.end({ error: err });
      throw err; // Eventarc retries (retry policy RETRY); event_id deduplicates a re-ingest
    }
  };

  const pollQuotesTarget: HttpTarget = async (req, res) => {
    const { def, log } = base();
    return http('pollQuotes', log, async (inv) => {
      const apis = list(env, 'POLL_APIS').filter((a): a is QuoteApi => a === 'cryptocompare' || a === 'finnhub');
      const result = await pollQuotes({
        apis,
        publisher: publisher(),
        topic: optional(env, 'RAW_TOPIC', pubsubTopic(def.id, 'raw')),
        cryptocompareBaseUrl: env.CRYPTOCOMPARE_BASE_URL || undefined,
        finnhubBaseUrl: env.FINNHUB_BASE_URL || undefined,
        cryptocompareApiKey: env.CRYPTOCOMPARE_API_KEY || undefined,
        finnhubApiKey: env.FINNHUB_API_KEY || undefined,
        cryptoSymbols: env.CRYPTO_SYMBOLS ? list(env, 'CRYPTO_SYMBOLS') : undefined,
        currencies: env.CRYPTO_CURRENCIES ? list(env, 'CRYPTO_CURRENCIES') : undefined,
        equitySymbols: env.EQUITY_SYMBOLS ? list(env, 'EQUITY_SYMBOLS') : undefined,
        http: { deadline: Date.now() + drainDeadlineMs(env) },
        log: log.child({ component: 'pollQuotes' }),
      });
      const published = Object.values(result).reduce((n, r) => n + r.published, 0);
      inv.add('messagesOut', published);
      if (apis.length > 0 && Object.values(result).every((r) => r.status === 'failed')) throw new Error(`every API failed: ${JSON.stringify(result)}`);
      return result;
    })(req, res);
  };

  const pgSourceTarget: HttpTarget = async (req, res) => {
    const { def, log } = base();
    return http('pgSource', log, async (inv) => {
      const db = new PgClient({ connectionString: required(env, 'PGSOURCE_URL') });
      await db.connect();
      try {
        const table = required(env, 'PGSOURCE_TABLE');
        const summary = await extract({
          db,
          table,
          column: required(env, 'PGSOURCE_WATERMARK_COLUMN'),
          store: gcsStateStore(clients.storage().bucket(optional(env, 'STATE_BUCKET', lakeBucket(project(env)))), optional(env, 'STATE_OBJECT', `state/${def.id}/pg-source.json`)),
          publisher: publisher(),
          topic: optional(env, 'RAW_TOPIC', pubsubTopic(def.id, 'raw')),
          deadline: Date.now() + drainDeadlineMs(env),
          annotate: hasRecordType(def) ? recordTypeOfTable(table) : undefined,
          log: log.child({ component: 'pgSource' }),
        });
        inv.add('messagesOut', summary.published);
        return summary;
      } finally {
        await db.end();
      }
    })(req, res);
  };

  return { enrich, drainIndex: drainIndexTarget, drainLake: drainLakeTarget, ingestFile: ingestFileTarget, pollQuotes: pollQuotesTarget, pgSource: pgSourceTarget };
}

/** True when the raw schema has a `record_type` the ingest sets from the source (retail). */
function hasRecordType(def: AnyPipeline): boolean {
  return Boolean((def.schema.properties as Record<string, unknown> | undefined)?.record_type);
}

/** Retail `record_type` of rows of a table (`orders`/`order_lines` → order_line, `customers`, `products`). */
function recordTypeOfTable(table: string): (row: Record<string, unknown>) => void {
  return (row) => recordTypeFromFile(row, { bucket: '', name: table.toLowerCase() }, 'csv');
}
