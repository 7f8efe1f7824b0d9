/**
 * A small fixture pipeline for the function tests, independent of the real definitions: raw
 * `{ id, time, room, value }`, enriched adds `event_id`, `event_time`, `doubled`. A payload with
 * `poison: true` makes the processor throw (a transient-looking failure the push retries).
 */
import type { Processor, ProcessResult } from './enrich';

export const fixtureProcessor: Processor = (bytes, ctx): ProcessResult => {
  const payload = Buffer.from(bytes).toString('utf8');
  const q = (rule: string, detail: string, eventId: string | null = null): ProcessResult => ({
    kind: 'quarantine',
    record: { pipeline: 'fx', event_id: eventId, received_at: ctx.now.toISOString(), rule, detail, payload },
  });
  let raw: { id?: string; time?: string; room?: string; value?: number; poison?: boolean };
  try {
    raw = JSON.parse(payload);
  } catch {
    return q('invalid_json', 'payload is not JSON');
  }
  if (raw.poison) throw new Error('downstream lookup unavailable (fixture poison)');
  if (typeof raw.room !== 'string') return q('schema.required', 'room is required', raw.id ?? null);
  const event_id = raw.id ?? 'no-id';
  return { kind: 'ok', event_id, enriched: { event_id, event_time: raw.time ?? ctx.now.toISOString(), room: raw.room, value: raw.value ?? 0, doubled: (raw.value ?? 0) * 2 } };
};
