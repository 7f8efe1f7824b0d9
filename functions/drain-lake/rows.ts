/**
 * What each lake layer stores per Pub/Sub message (infra/README.md, "Lake files"): bronze the
 * message as received, quarantine the quarantine record, silver the enriched event. Each
 * decoder returns the row, the time that chooses its `dt=` and the id that deduplicates it.
 */
import type { LakeColumn } from '../shared/parquet';
import type { PulledMessage } from '../shared/drain';
import { payloadText } from '../shared/payload';

/** Columns of every bronze file (matches BRONZE_FIELDS of infra/constructs/warehouse.ts). */
export const BRONZE_COLUMNS: readonly LakeColumn[] = [
  { name: 'message_id', type: 'STRING' },
  { name: 'publish_time', type: 'TIMESTAMP' },
  { name: 'attributes', type: 'JSON' },
  { name: 'payload', type: 'STRING' },
];

/** Columns of every quarantine file (matches QUARANTINE_FIELDS of infra/constructs/warehouse.ts). */
export const QUARANTINE_COLUMNS: readonly LakeColumn[] = [
  { name: 'pipeline', type: 'STRING' },
  { name: 'event_id', type: 'STRING' },
  { name: 'received_at', type: 'TIMESTAMP' },
  { name: 'rule', type: 'STRING' },
  { name: 'detail', type: 'STRING' },
  { name: 'payload', type: 'STRING' },
];

/** A message that cannot become a row of its layer (it is nacked, and dead-lettered if it keeps failing). */
export class RowError extends Error {
  constructor(messageId: string, why: string) {
    super(`message ${messageId}: ${why}`);
    this.name = 'RowError';
  }
}

/** A decoded row with what places and deduplicates it. */
export interface LakeRow {
  readonly row: Record<string, unknown>;
  /** Event time (ms since epoch): its UTC date is the `dt=` partition. */
  readonly time: number;
  /** Deduplication id: the message id in bronze, the `event_id` in silver and quarantine. */
  readonly id: string;
}

function parseJson(m: PulledMessage): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(m.data.toString('utf8'));
  } catch (err) {
    throw new RowError(m.messageId, `data is not JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RowError(m.messageId, 'data is not a JSON object');
  return value as Record<string, unknown>;
}

function timeOf(m: PulledMessage, value: unknown, field: string): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new RowError(m.messageId, `${field} ${JSON.stringify(value)} is not a timestamp`);
  return ms;
}

/** Bronze: the message as received. */
export function bronzeRow(m: PulledMessage): LakeRow {
  const time = m.publishTime?.getTime() ?? NaN;
  if (!Number.isFinite(time)) throw new RowError(m.messageId, 'has no publish time');
  return {
    id: m.messageId,
    time,
    row: { message_id: m.messageId, publish_time: time, attributes: m.attributes, payload: payloadText(m.data) },
  };
}

/** Quarantine: the JSON quarantine record the enrich function (or the index drain) published. */
export function quarantineRow(m: PulledMessage): LakeRow {
  const r = parseJson(m);
  const time = timeOf(m, r.received_at, 'received_at');
  const eventId = typeof r.event_id === 'string' ? r.event_id : null;
  return {
    id: eventId ?? `message:${m.messageId}`,
    time,
    row: { pipeline: r.pipeline, event_id: eventId, received_at: time, rule: r.rule, detail: r.detail, payload: typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload ?? null) },
  };
}

/** The rule of a quarantine row made from a dead-lettered message. */
export const DEAD_LETTER_RULE = 'dead_letter';

/**
 * Quarantine, from the dead-letter topic: a message whose deliveries ran out on some subscription
 * (Pub/Sub names it in `CloudPubSubDeadLetterSourceSubscription`), kept with rule
 * {@link DEAD_LETTER_RULE} so nothing is lost and the warehouse can count it.
 */
export function deadLetterRow(m: PulledMessage, pipeline: string): LakeRow {
  const time = m.publishTime?.getTime() ?? NaN;
  if (!Number.isFinite(time)) throw new RowError(m.messageId, 'has no publish time');
  const source = m.attributes.CloudPubSubDeadLetterSourceSubscription;
  const attempts = m.attributes.CloudPubSubDeadLetterSourceDeliveryCount;
  const detail = `delivery attempts ran out${attempts ? ` (${attempts})` : ''} on ${source ? `subscription ${source}` : 'a subscription'}`;
  return {
    // its own id space: a quarantine record without event_id uses `message:<id>` of another topic
    id: `dead-letter:${m.messageId}`,
    time,
    row: { pipeline, event_id: m.attributes.event_id ?? null, received_at: time, rule: DEAD_LETTER_RULE, detail, payload: payloadText(m.data) },
  };
}

/** Silver: the enriched event; `event_id` from the attribute or the event, time from `timeField`. */
export function silverRow(m: PulledMessage, timeField: string): LakeRow {
  const e = parseJson(m);
  const id = m.attributes.event_id ?? (typeof e.event_id === 'string' ? e.event_id : undefined);
  if (!id) throw new RowError(m.messageId, 'has neither an event_id attribute nor an event_id field');
  return { id, time: timeOf(m, e[timeField], timeField), row: e };
}
