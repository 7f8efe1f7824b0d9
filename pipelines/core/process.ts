/**
 * The enrich step on one message: bytes in, an enriched event or a quarantine record out.
 * Never throws: every failure (size, encoding, JSON, schema, domain rules, event id, enrichment)
 * becomes a quarantine record naming its rule and keeping the original bytes.
 */
import { isUtf8 } from 'node:buffer';
import type { EnrichContext, PipelineDefinition, RuleViolation } from '../types';
import { quarantineRecord, type QuarantineRecord } from './quarantine';
import { compiledValidator, schemaViolation } from './validate';

/** Largest payload accepted (1 MiB); larger ones are quarantined as `too_large`. */
export const MAX_EVENT_BYTES = 1024 * 1024;

/** The result of {@link processRaw}. */
export type ProcessResult<Enriched = unknown> =
  | { readonly kind: 'ok'; readonly event_id: string; readonly enriched: Enriched }
  | { readonly kind: 'quarantine'; readonly record: QuarantineRecord };

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Decodes, validates and enriches one raw message. `ctx.now` is also the quarantine record's
 * `received_at`.
 */
export function processRaw<Raw, Enriched>(definition: PipelineDefinition<Raw, Enriched>, bytes: Uint8Array, ctx: EnrichContext): ProcessResult<Enriched> {
  if (bytes.byteLength > MAX_EVENT_BYTES) return reject(definition, bytes, ctx, { rule: 'too_large', detail: `${bytes.byteLength} bytes is over the ${MAX_EVENT_BYTES}-byte limit` });
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buf)) return reject(definition, bytes, ctx, { rule: 'invalid_utf8', detail: 'payload is not valid UTF-8' });
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (err) {
    return reject(definition, bytes, ctx, { rule: 'invalid_json', detail: message(err) });
  }
  const validate = compiledValidator(definition.schema);
  if (!validate(event)) return reject(definition, bytes, ctx, schemaViolation(validate.errors));
  const raw = event as Raw;
  let eventId: string;
  try {
    eventId = definition.eventId(raw);
  } catch (err) {
    return reject(definition, bytes, ctx, { rule: 'event_id.error', detail: message(err) });
  }
  try {
    for (const rule of definition.rules) {
      const v = rule.check(raw, ctx);
      if (v) return reject(definition, bytes, ctx, v, eventId);
    }
  } catch (err) {
    return reject(definition, bytes, ctx, { rule: 'rule.error', detail: message(err) }, eventId);
  }
  try {
    return { kind: 'ok', event_id: eventId, enriched: definition.enrich(raw, ctx) };
  } catch (err) {
    return reject(definition, bytes, ctx, { rule: 'enrich.error', detail: message(err) }, eventId);
  }
}

function reject<Enriched>(definition: { readonly id: string }, bytes: Uint8Array, ctx: EnrichContext, violation: RuleViolation, eventId?: string): ProcessResult<Enriched> {
  return { kind: 'quarantine', record: quarantineRecord({ pipeline: definition.id, bytes, violation, receivedAt: ctx.now, eventId }) };
}
