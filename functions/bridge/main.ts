/**
 * The bridge as a process (Cloud Run locally or in the cloud): reads its environment, runs until
 * SIGINT or SIGTERM, then stops cleanly (in-flight publishes finish or stay uncommitted).
 *
 * Environment: KAFKA_BROKERS (comma list of host:port), PIPELINES (comma list) or PIPELINE,
 * GOOGLE_CLOUD_PROJECT, and optionally BRIDGE_GROUP_ID (default tributary-bridge),
 * BRIDGE_ORDERING_KEYS=true, BRIDGE_CHUNK_SIZE (1000), BRIDGE_PARTITIONS_CONCURRENTLY (4),
 * BRIDGE_SESSION_TIMEOUT_MS (30000).
 * PUBSUB_EMULATOR_HOST points the Pub/Sub client at the emulator.
 */
import { PubSub } from '@google-cloud/pubsub';
import { Kafka, logLevel } from 'kafkajs';
import { EnvError, integer, list, optional, project, required, type Env } from '../shared/env';
import { createLogger } from '../shared/log';
import { startBridge, type Bridge } from './bridge';
import { pubsubBridgePublisher } from './publisher';

/** Builds and starts the bridge from an environment. */
export async function bridgeFromEnv(env: Env): Promise<Bridge> {
  const brokers = list(env, 'KAFKA_BROKERS');
  if (brokers.length === 0) throw new EnvError('KAFKA_BROKERS', 'is not set (e.g. localhost:9092)');
  const pipelines = list(env, 'PIPELINES');
  if (pipelines.length === 0) pipelines.push(required(env, 'PIPELINE'));
  const log = createLogger({ fields: { component: 'kafka-bridge' } });
  const ordering = optional(env, 'BRIDGE_ORDERING_KEYS', 'false') === 'true';
  const kafka = new Kafka({ clientId: 'tributary-bridge', brokers, logLevel: logLevel.WARN });
  const pubsub = new PubSub({ projectId: project(env) });
  return startBridge({
    kafka,
    publisher: pubsubBridgePublisher(pubsub, { ordering }),
    pipelines,
    groupId: optional(env, 'BRIDGE_GROUP_ID', 'tributary-bridge'),
    orderingKeys: ordering,
    chunkSize: integer(env, 'BRIDGE_CHUNK_SIZE', 1000) || 1000,
    partitionsConcurrently: integer(env, 'BRIDGE_PARTITIONS_CONCURRENTLY', 4) || 4,
    sessionTimeoutMs: integer(env, 'BRIDGE_SESSION_TIMEOUT_MS', 30_000) || 30_000,
    log,
  });
}

if (require.main === module) {
  bridgeFromEnv(process.env).then(
    (bridge) => {
      const stop = (signal: string): void => {
        process.stdout.write(`${JSON.stringify({ severity: 'INFO', message: `received ${signal}; stopping`, component: 'kafka-bridge' })}\n`);
        bridge.stop().then(() => process.exit(0), (err: unknown) => {
          process.stderr.write(`${JSON.stringify({ severity: 'ERROR', message: 'stop failed', error: String(err) })}\n`);
          process.exit(1);
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
    (err: unknown) => {
      process.stderr.write(`${JSON.stringify({ severity: 'ERROR', message: err instanceof Error ? err.message : String(err), component: 'kafka-bridge' })}\n`);
      process.exit(1);
    },
  );
}
