/**
 * The emulator's data model: topics and subscriptions as their proto objects (camelCase, as the
 * proto loader hands them over) and published messages as stored once and shared by every
 * subscription that receives them.
 */

/** google.protobuf.Duration / Timestamp as the proto loader represents them. */
export interface ProtoDuration {
  seconds?: string | number;
  nanos?: number;
}

/** A published message, stored once. */
export interface StoredMessage {
  readonly messageId: string;
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
  readonly orderingKey: string;
  /** Publish time, ms since the epoch. */
  readonly publishTime: number;
  /** Bytes counted for flow control (data + attributes + ordering key). */
  readonly size: number;
}

/** google.pubsub.v1.Topic (the fields the emulator keeps). */
export interface TopicConfig {
  name: string;
  labels?: Record<string, string>;
  messageRetentionDuration?: ProtoDuration;
  kmsKeyName?: string;
  [field: string]: unknown;
}

/** google.pubsub.v1.Subscription (the fields the emulator acts on; others are kept as given). */
export interface SubscriptionConfig {
  name: string;
  topic: string;
  pushConfig?: { pushEndpoint?: string; attributes?: Record<string, string>; noWrapper?: { writeMetadata?: boolean }; [f: string]: unknown };
  ackDeadlineSeconds?: number;
  retainAckedMessages?: boolean;
  messageRetentionDuration?: ProtoDuration;
  labels?: Record<string, string>;
  enableMessageOrdering?: boolean;
  filter?: string;
  deadLetterPolicy?: { deadLetterTopic?: string; maxDeliveryAttempts?: number };
  retryPolicy?: { minimumBackoff?: ProtoDuration; maximumBackoff?: ProtoDuration };
  detached?: boolean;
  enableExactlyOnceDelivery?: boolean;
  state?: string;
  [field: string]: unknown;
}

/** Duration → milliseconds. */
export function durationMs(d: ProtoDuration | undefined, fallbackMs: number): number {
  if (!d || (d.seconds === undefined && d.nanos === undefined)) return fallbackMs;
  return Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

/** Milliseconds → google.protobuf.Duration. */
export function msDuration(ms: number): ProtoDuration {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

/** Milliseconds since the epoch → google.protobuf.Timestamp. */
export function timestamp(ms: number): { seconds: number; nanos: number } {
  // a number, not a string: protobufjs encodes it without parsing a Long
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}

/** google.protobuf.Timestamp → ms since the epoch. */
export function timestampMs(t: ProtoDuration | undefined): number {
  return t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
}

/** Maximum size of one PublishRequest, as the service enforces. */
export const MAX_PUBLISH_BYTES = 10 * 1000 * 1000;
/** Default subscription retention (7 days). */
export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;
