/**
 * Applies a {@link LocalPlan} to the emulators through the official clients, as `terraform apply`
 * would to GCP. Idempotent: with a data dir the emulators keep what an earlier run created, so an
 * existing resource is accepted (and a push subscription re-pointed at this run's function port).
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Admin } from 'kafkajs';
import type { FunctionStep, LocalPlan, SubscriptionStep } from './plan';

/** The official clients, already pointed at the emulators. Kafka is optional (no Kafka topics → unused). */
export interface Clients {
  readonly pubsub: PubSub;
  readonly storage: Storage;
  readonly bigquery: BigQuery;
  readonly kafka?: Admin;
}

/** What apply created or found. */
export interface ApplyReport {
  readonly created: string[];
  readonly existing: string[];
}

/** Topic and subscription that carry a function's Cloud Storage events (the local Eventarc). */
export const eventarcChannel = (fn: FunctionStep): string => `eventarc-${fn.name}`;

const ALREADY_EXISTS = 6; // gRPC
const isAlreadyExists = (err: unknown): boolean => {
  const e = err as { code?: number | string; message?: string };
  return e.code === ALREADY_EXISTS || e.code === 409 || /already exists/i.test(e.message ?? '');
};

/** Creates everything the plan declares. Order follows the references: topics before subscriptions, datasets before tables. */
export async function applyPlan(plan: LocalPlan, clients: Clients): Promise<ApplyReport> {
  const report: ApplyReport = { created: [], existing: [] };
  const ensure = async (what: string, create: () => Promise<unknown>, onExisting?: () => Promise<unknown>) => {
    try {
      await create();
      report.created.push(what);
    } catch (err) {
      if (!isAlreadyExists(err)) throw new ProvisionError(what, err);
      await onExisting?.();
      report.existing.push(what);
    }
  };

  if (plan.kafkaTopics.length) {
    if (!clients.kafka) throw new ProvisionError('kafka topics', new Error('the graph declares Kafka topics but no Kafka client was given'));
    const have = new Set(await clients.kafka.listTopics());
    const missing = plan.kafkaTopics.filter((t) => !have.has(t.name));
    if (missing.length) await clients.kafka.createTopics({ topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })), waitForLeaders: true });
    for (const t of plan.kafkaTopics) (have.has(t.name) ? report.existing : report.created).push(`kafka topic ${t.name}`);
  }

  const storageTriggers = plan.functions.filter((f) => f.trigger);
  const topics = [...plan.topics, ...storageTriggers.map(eventarcChannel)];
  for (const t of topics) await ensure(`topic ${t}`, () => clients.pubsub.createTopic(t));

  for (const s of plan.subscriptions) {
    await ensure(
      `subscription ${s.name}`,
      () => clients.pubsub.topic(s.topic).createSubscription(s.name, subscriptionOptions(s, plan.project)),
      () => clients.pubsub.subscription(s.name).modifyPushConfig({ pushEndpoint: s.pushEndpoint ?? '' }),
    );
  }
  for (const fn of storageTriggers) {
    await ensure(`subscription ${eventarcChannel(fn)}`, () =>
      clients.pubsub.topic(eventarcChannel(fn)).createSubscription(eventarcChannel(fn), { ackDeadlineSeconds: fn.timeoutSeconds > 600 ? 600 : Math.max(10, fn.timeoutSeconds) }),
    );
  }

  for (const b of plan.buckets) await ensure(`bucket ${b}`, () => clients.storage.createBucket(b));
  for (const fn of storageTriggers) {
    const bucket = clients.storage.bucket(fn.trigger!.bucket);
    const [existing] = await bucket.getNotifications();
    const topicName = `projects/${plan.project}/topics/${eventarcChannel(fn)}`;
    if (existing.some((n) => String(n.metadata.topic).endsWith(`/topics/${eventarcChannel(fn)}`))) {
      report.existing.push(`notification ${fn.trigger!.bucket} → ${eventarcChannel(fn)}`);
      continue;
    }
    await bucket.createNotification(topicName, { eventTypes: [storageEventType(fn.trigger!.eventType)], payloadFormat: 'JSON_API_V1' });
    report.created.push(`notification ${fn.trigger!.bucket} → ${eventarcChannel(fn)}`);
  }

  for (const d of plan.datasets) await ensure(`dataset ${d.id}`, () => clients.bigquery.createDataset(d.id, d.location ? { location: d.location } : {}));
  // Views read other tables: create the plain and external tables first.
  const ordered = [...plan.tables].sort((a, b) => Number(Boolean(a.resource.view)) - Number(Boolean(b.resource.view)));
  for (const t of ordered) await ensure(`table ${t.dataset}.${t.table}`, () => clients.bigquery.dataset(t.dataset).createTable(t.table, { ...t.resource }));

  return report;
}

/** A resource could not be created; names it and keeps the service's error. */
export class ProvisionError extends Error {
  constructor(
    readonly resource: string,
    cause: unknown,
  ) {
    super(`could not create ${resource}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ProvisionError';
  }
}

function subscriptionOptions(s: SubscriptionStep, project: string): Record<string, unknown> {
  return {
    ackDeadlineSeconds: s.ackDeadlineSeconds,
    ...(s.deadLetterTopic ? { deadLetterPolicy: { deadLetterTopic: `projects/${project}/topics/${s.deadLetterTopic}`, maxDeliveryAttempts: s.maxDeliveryAttempts ?? 5 } } : {}),
    ...(s.minimumBackoffSeconds !== undefined || s.maximumBackoffSeconds !== undefined
      ? { retryPolicy: { minimumBackoff: { seconds: s.minimumBackoffSeconds ?? 10 }, maximumBackoff: { seconds: s.maximumBackoffSeconds ?? 600 } } }
      : {}),
    ...(s.pushEndpoint ? { pushConfig: { pushEndpoint: s.pushEndpoint } } : {}),
    ...(s.filter ? { filter: s.filter } : {}),
    ...(s.enableMessageOrdering ? { enableMessageOrdering: true } : {}),
    ...(s.retainAckedMessages ? { retainAckedMessages: true } : {}),
    ...(s.messageRetentionSeconds ? { messageRetentionDuration: { seconds: s.messageRetentionSeconds } } : {}),
    labels: s.labels,
  };
}

/** Eventarc's storage event type → the notification event type of the JSON API. */
function storageEventType(eventType: string): string {
  const suffix = eventType.replace('google.cloud.storage.object.v1.', '');
  const map: Record<string, string> = { finalized: 'OBJECT_FINALIZE', deleted: 'OBJECT_DELETE', archived: 'OBJECT_ARCHIVE', metadataUpdated: 'OBJECT_METADATA_UPDATE' };
  const t = map[suffix];
  if (!t) throw new ProvisionError(`storage trigger ${eventType}`, new Error(`unknown Cloud Storage event type; known: ${Object.keys(map).join(', ')}`));
  return t;
}
