/**
 * Bucket notifications: for each matching notification config, an `OBJECT_FINALIZE`,
 * `OBJECT_DELETE` or `OBJECT_METADATA_UPDATE` message with the attributes Cloud Storage sets
 * (`notificationConfig`, `eventType`, `payloadFormat`, `bucketId`, `objectId`,
 * `objectGeneration`, `eventTime`, `overwroteGeneration` / `overwrittenByGeneration`, plus the
 * config's custom attributes) and, for `JSON_API_V1`, the object resource as the payload.
 */
import type { BucketRecord, NotificationRecord, ObjectRecord } from './model';
import { objectResource } from './model';

/** The event types GCS sends (OBJECT_ARCHIVE needs versioning, which the emulator leaves out). */
export type EventType = 'OBJECT_FINALIZE' | 'OBJECT_DELETE' | 'OBJECT_METADATA_UPDATE';

/** One message to publish. */
export interface OutgoingMessage {
  /** Full topic name, `projects/<p>/topics/<t>`. */
  readonly topic: string;
  readonly attributes: Record<string, string>;
  readonly data: Buffer;
}

/** Sends notification messages; the Pub/Sub implementation lives in ./notify.ts. */
export interface Notifier {
  /** Throws an actionable error when the topic does not exist or no Pub/Sub is configured. */
  checkTopic(topic: string): Promise<void>;
  /** Queues a message; delivery is retried, failures are logged. */
  publish(message: OutgoingMessage): void;
  /** Waits until queued messages are delivered (or given up on). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** `//pubsub.googleapis.com/projects/p/topics/t` → `projects/p/topics/t`. */
export const topicPath = (topic: string): string => topic.replace(/^\/\/pubsub\.[^/]+\//, '');

function matches(n: NotificationRecord, eventType: EventType, objectName: string): boolean {
  if (n.event_types?.length && !n.event_types.includes(eventType)) return false;
  return !n.object_name_prefix || objectName.startsWith(n.object_name_prefix);
}

/** Builds the messages one event produces for a bucket's configs. */
export function messagesFor(opts: {
  bucket: BucketRecord;
  eventType: EventType;
  object: ObjectRecord;
  /** `overwroteGeneration` (finalize) or `overwrittenByGeneration` (delete). */
  related?: { overwroteGeneration?: string; overwrittenByGeneration?: string };
  baseUrl: string;
}): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  for (const n of opts.bucket.notifications) {
    if (!matches(n, opts.eventType, opts.object.name)) continue;
    const attributes: Record<string, string> = {
      ...(n.custom_attributes ?? {}),
      notificationConfig: `projects/_/buckets/${opts.bucket.name}/notificationConfigs/${n.id}`,
      eventType: opts.eventType,
      payloadFormat: n.payload_format,
      bucketId: opts.bucket.name,
      objectId: opts.object.name,
      objectGeneration: opts.object.generation,
      eventTime: new Date().toISOString(),
    };
    if (opts.related?.overwroteGeneration) attributes.overwroteGeneration = opts.related.overwroteGeneration;
    if (opts.related?.overwrittenByGeneration) attributes.overwrittenByGeneration = opts.related.overwrittenByGeneration;
    const data = n.payload_format === 'JSON_API_V1' ? Buffer.from(JSON.stringify(objectResource(opts.object, opts.baseUrl))) : Buffer.alloc(0);
    out.push({ topic: topicPath(n.topic), attributes, data });
  }
  return out;
}
