/**
 * The quarantine record: what a rejected event becomes (ARCHITECTURE §2). Its columns are
 * QUARANTINE_FIELDS of infra/constructs/warehouse.ts; it keeps the original bytes.
 */
import { isUtf8 } from 'node:buffer';
import type { RuleViolation } from '../types';

/** A rejected event, as written to `<id>-quarantine` and the quarantine lake layer. */
export interface QuarantineRecord {
  readonly pipeline: string;
  /** Present when the event parsed far enough to have one. */
  readonly event_id?: string;
  /** When the pipeline saw the event (ISO 8601, UTC). */
  readonly received_at: string;
  /** The rule broken, e.g. `schema.required`, `coordinates.range`, `invalid_json`. */
  readonly rule: string;
  readonly detail: string;
  /** The original bytes: the text when valid UTF-8, else base64. */
  readonly payload: string;
}

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** The payload column: the text when the bytes are valid UTF-8, else base64. */
export function payloadText(bytes: Uint8Array): string {
  const buf = asBuffer(bytes);
  return isUtf8(buf) ? buf.toString('utf8') : buf.toString('base64');
}

/** Builds a quarantine record for bytes that broke a rule. */
export function quarantineRecord(opts: {
  readonly pipeline: string;
  readonly bytes: Uint8Array;
  readonly violation: RuleViolation;
  readonly receivedAt: Date;
  readonly eventId?: string;
}): QuarantineRecord {
  return {
    pipeline: opts.pipeline,
    ...(opts.eventId !== undefined ? { event_id: opts.eventId } : {}),
    // An invalid clock must not turn a quarantine into an exception: fall back to the epoch.
    received_at: Number.isFinite(opts.receivedAt?.getTime?.()) ? opts.receivedAt.toISOString() : new Date(0).toISOString(),
    rule: opts.violation.rule,
    detail: opts.violation.detail,
    payload: payloadText(opts.bytes),
  };
}
