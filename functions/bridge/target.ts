/**
 * The `bridge` HTTP target (infra: `tributary-bridge`, started every minute by Cloud Scheduler,
 * like the drains): joins the consumer group, bridges `<id>.raw` records to Pub/Sub `<id>-raw`
 * until `DRAIN_DEADLINE_MS` or until nothing new arrived for a few seconds, then leaves the group
 * and answers a JSON summary. Offsets are committed only after Pub/Sub accepted the records.
 *
 * Environment (infra/README.md): KAFKA_BROKERS, BRIDGE_TOPICS (JSON `{"<id>.raw":"<id>-raw"}`),
 * KAFKA_GROUP_ID, DRAIN_DEADLINE_MS, GOOGLE_CLOUD_PROJECT; KAFKA_SASL_MECHANISM empty locally.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { PubSub } from '@google-cloud/pubsub';
import { Kafka, logLevel } from 'kafkajs';
import { pubsubTopic } from '../../pipelines/naming';
import { drainDeadlineMs, EnvError, list, optional, project, type Env } from '../shared/env';
import { createLogger } from '../shared/log';
import { startBridge } from './bridge';
import { pubsubBridgePublisher } from './publisher';

/** Pipeline ids of the BRIDGE_TOPICS map, checked against the naming rule. */
export function bridgedPipelines(env: Env): string[] {
  const raw = env.BRIDGE_TOPICS;
  if (!raw) throw new EnvError('BRIDGE_TOPICS', 'is not set (a JSON object {"<id>.raw":"<id>-raw", ...})');
  let map: Record<string, string>;
  try {
    map = JSON.parse(raw) as Record<string, string>;
  } catch {
    throw new EnvError('BRIDGE_TOPICS', `is not JSON: ${raw.slice(0, 80)}`);
  }
  return Object.entries(map).map(([kafka, pubsub]) => {
    const id = kafka.replace(/\.raw$/, '');
    if (pubsub !== pubsubTopic(id, 'raw')) throw new EnvError('BRIDGE_TOPICS', `maps ${kafka} to ${pubsub}; the bridge publishes <id>.raw to ${pubsubTopic(id, 'raw')}`);
    return id;
  });
}

/** Builds the HTTP target from an environment. */
export function bridgeTarget(env: Env, opts: { idleMs?: number } = {}) {
  const log = createLogger({ fields: { component: 'kafka-bridge' } });
  let pubsub: PubSub | undefined;
  return async (_req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    try {
      const mechanism = env.KAFKA_SASL_MECHANISM;
      if (mechanism) throw new EnvError('KAFKA_SASL_MECHANISM', `${mechanism} is not supported by this build of the bridge; leave it empty for a plaintext broker`);
      pubsub ??= new PubSub({ projectId: project(env) });
      const kafka = new Kafka({ clientId: 'tributary-bridge', brokers: list(env, 'KAFKA_BROKERS'), logLevel: logLevel.WARN });
      const bridge = await startBridge({
        kafka,
        publisher: pubsubBridgePublisher(pubsub, { ordering: false }),
        pipelines: bridgedPipelines(env),
        groupId: optional(env, 'KAFKA_GROUP_ID', 'tributary-bridge'),
        log,
      });
      const deadline = started + drainDeadlineMs(env);
      const idleMs = opts.idleMs ?? 5_000;
      let last = -1;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        const n = bridge.published();
        if (n !== last) (last = n), (quietSince = Date.now());
        // Joining the group takes a few seconds; only then does quiet mean the topics are drained.
        else if (Date.now() - started >= 10_000 && Date.now() - quietSince >= idleMs) break;
      }
      await bridge.stop();
      const summary = { published: bridge.published(), durationMs: Date.now() - started };
      log.info('bridge run done', summary);
      res.status(200).json(summary);
    } catch (err) {
      log.error('bridge run failed', { error: err });
      res.status(500).json({ error: (err as Error).message });
    }
  };
}
