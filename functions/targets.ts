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
import type { Runtime } from './runtime';
import { Invocation } from './shared/counters';
import { batchPolicy, drainDeadlineMs, list, optional, pipelineId, project, required } from './shared/env';
import { createLogger, type Logger } from './shared/log';
import { lakeBucket } from '../pipelines/naming';
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
      inv.end();
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
      const partitionKeys = env.PARTITION_KEYS !== undefined ? list(env, 'PARTITION_KEYS') : [...def.partitionKeys];
      try {
        const summary = await drainLake({
          pipeline: def.id,
          silverColumns: definitions.parquetColumns(def, ['dt', ...partitionKeys]),
          partitionKeys,
          timeField: optional(env, 'TIME_FIELD', def.timeField),
          policy: batchPolicy(env, def.batching.lake),
          budgetMs: drainDeadlineMs(env),
          sources: { bronze, silver, quarantine },
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
        await Promise.all([bronze.close(), silver.close(), quarantine.close()]);
      }
    })(req, res);
  };

  return { enrich, drainIndex: drainIndexTarget, drainLake: drainLakeTarget };
}
