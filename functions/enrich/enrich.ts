/**
 * enrich (CloudEvent, from the `<id>-raw-enrich` push subscription): decodes the Pub/Sub
 * message, validates and enriches it with the pipeline definition, and publishes the result to
 * `<id>-enriched` (attribute `event_id`) or the quarantine record to `<id>-quarantine` (attributes
 * `rule`, `event_id`). Anything else throws: the push gets a 500, Pub/Sub retries with backoff and,
 * after the subscription's attempts, dead-letters the message.
 */
import type { EnrichContext, Json } from '../../pipelines/types';
import type { Invocation } from '../shared/counters';
import type { Logger } from '../shared/log';
import type { Publisher } from '../shared/publisher';
import { cloudEventMessage } from '../shared/pubsub';

/** A quarantine record (the columns of `quarantine.<id>`). */
export interface QuarantineRecord {
  readonly pipeline: string;
  /** Present when the event parsed far enough to have one. */
  readonly event_id?: string | null;
  readonly received_at: string;
  readonly rule: string;
  readonly detail: string;
  readonly payload: string;
}

/** What validating and enriching one raw payload gives (pipelines/core `processRaw`). */
export type ProcessResult =
  | { readonly kind: 'ok'; readonly event_id: string; readonly enriched: Readonly<Record<string, Json>> | object }
  | { readonly kind: 'quarantine'; readonly record: QuarantineRecord };

/** Validates and enriches one raw payload. Throws only on a bug or a transient failure. */
export type Processor = (bytes: Uint8Array, ctx: EnrichContext) => ProcessResult | Promise<ProcessResult>;

/** Options of {@link enrichHandler}. */
export interface EnrichOptions {
  readonly process: Processor;
  readonly publisher: Publisher;
  /** `ENRICHED_TOPIC`, e.g. `taxi-enriched`. */
  readonly enrichedTopic: string;
  /** `QUARANTINE_TOPIC`, e.g. `taxi-quarantine`. */
  readonly quarantineTopic: string;
  /** Clock passed to enrichment. @default () => new Date() */
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** The outcome of one event, for tests and counters. */
export type EnrichOutcome = { readonly kind: 'ok' | 'quarantine'; readonly event_id: string | null; readonly bytesOut: number };

/** Builds the CloudEvent handler body: handles one Pub/Sub CloudEvent's `data`. */
export function enrichHandler(opts: EnrichOptions): (data: unknown, invocation?: Invocation) => Promise<EnrichOutcome> {
  const state = new Map<string, unknown>(); // per instance, best-effort (EnrichContext.state)
  const now = opts.now ?? (() => new Date());
  return async (data, invocation) => {
    const message = cloudEventMessage(data);
    invocation?.add('messagesIn', 1);
    invocation?.add('bytesIn', message.data.byteLength);
    const result = await opts.process(message.data, { now: now(), state });
    let out: Buffer;
    if (result.kind === 'ok') {
      out = Buffer.from(JSON.stringify(result.enriched));
      await opts.publisher.publish(opts.enrichedTopic, [{ data: out, attributes: { event_id: result.event_id } }]);
    } else {
      const { record } = result;
      out = Buffer.from(JSON.stringify(record));
      const attributes: Record<string, string> = { rule: record.rule };
      if (record.event_id) attributes.event_id = record.event_id;
      await opts.publisher.publish(opts.quarantineTopic, [{ data: out, attributes }]);
      opts.log?.info('event quarantined', { rule: record.rule, event_id: record.event_id, messageId: message.messageId });
    }
    invocation?.add('messagesOut', 1);
    invocation?.add('bytesOut', out.byteLength);
    return { kind: result.kind, event_id: result.kind === 'ok' ? result.event_id : (result.record.event_id ?? null), bytesOut: out.byteLength };
  };
}
