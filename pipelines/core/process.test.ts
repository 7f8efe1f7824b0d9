import fc from 'fast-check';
import { loadPipelines } from '../index';
import { SAMPLE_NOW, SAMPLES, TAXI_SAMPLE } from '../samples';
import { taxi } from '../taxi';
import type { EnrichContext, PipelineDefinition } from '../types';
import { MAX_EVENT_BYTES, processRaw } from './process';
import { validateAgainst } from './validate';

const ctx = (): EnrichContext => ({ now: SAMPLE_NOW, state: new Map() });
const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const quarantined = (p: PipelineDefinition, input: Uint8Array) => {
  const r = processRaw(p, input, ctx());
  if (r.kind !== 'quarantine') throw new Error(`expected quarantine, got ${JSON.stringify(r)}`);
  return r.record;
};
const TAXI = taxi as unknown as PipelineDefinition;

describe('processRaw', () => {
  it('enriches a valid event and returns its id', () => {
    const r = processRaw(TAXI, bytes(TAXI_SAMPLE), ctx());
    expect(r).toMatchObject({ kind: 'ok', event_id: 'r-000001', enriched: { event_id: 'r-000001', comfort: 'medium' } });
  });

  it('quarantines payloads over 1 MiB as too_large, keeping the bytes', () => {
    const big = new Uint8Array(MAX_EVENT_BYTES + 1).fill(0x20);
    const rec = quarantined(TAXI, big);
    expect(rec).toMatchObject({ pipeline: 'taxi', rule: 'too_large', received_at: SAMPLE_NOW.toISOString() });
    expect(rec.payload.length).toBe(MAX_EVENT_BYTES + 1);
  });

  it('quarantines invalid UTF-8 as invalid_utf8 with the bytes in base64', () => {
    const input = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const rec = quarantined(TAXI, input);
    expect(rec.rule).toBe('invalid_utf8');
    expect(Buffer.from(rec.payload, 'base64')).toEqual(Buffer.from(input));
  });

  it('quarantines text that is not JSON as invalid_json with the text', () => {
    expect(quarantined(TAXI, bytes('{"ride_id": '))).toMatchObject({ rule: 'invalid_json', payload: '{"ride_id": ' });
  });

  it('reads JSON after a UTF-8 byte order mark', () => {
    expect(processRaw(TAXI, bytes(`\ufeff${JSON.stringify(TAXI_SAMPLE)}`), ctx()).kind).toBe('ok');
  });

  it('names the schema keyword and the path of a missing field', () => {
    const { client: _c, ...rest } = TAXI_SAMPLE;
    expect(quarantined(TAXI, bytes(rest))).toMatchObject({ rule: 'schema.required', detail: "/ must have required property 'client'" });
  });

  it('names the schema keyword and the path of a wrong type', () => {
    expect(quarantined(TAXI, bytes({ ...TAXI_SAMPLE, taxi: { lat: '48.1', lon: 2 } }))).toMatchObject({ rule: 'schema.type', detail: '/taxi/lat must be number' });
  });

  it('names a value outside an enum with the allowed values', () => {
    expect(quarantined(TAXI, bytes({ ...TAXI_SAMPLE, comfort: 'luxury' })).detail).toBe('/comfort must be equal to one of the allowed values: ["low","medium","high"]');
  });

  it('quarantines a malformed date-time as schema.format', () => {
    expect(quarantined(TAXI, bytes({ ...TAXI_SAMPLE, timestamp: '30/11/2026' })).rule).toBe('schema.format');
  });

  it('records the event id of an event that broke a domain rule', () => {
    expect(quarantined(TAXI, bytes({ ...TAXI_SAMPLE, client: { lat: 91, lon: 0 } }))).toMatchObject({ rule: 'coordinates.range', event_id: 'r-000001' });
  });

  it('turns an exception in enrich into an enrich.error record', () => {
    const broken: PipelineDefinition = { ...TAXI, enrich: () => { throw new Error('tariff missing'); } };
    expect(quarantined(broken, bytes(TAXI_SAMPLE))).toMatchObject({ rule: 'enrich.error', detail: 'tariff missing', event_id: 'r-000001' });
  });

  it('turns an exception in eventId into an event_id.error record', () => {
    const broken: PipelineDefinition = { ...TAXI, eventId: () => { throw new TypeError('no id'); } };
    expect(quarantined(broken, bytes(TAXI_SAMPLE))).toMatchObject({ rule: 'event_id.error', detail: 'no id' });
  });

  it('turns an exception in a rule into a rule.error record', () => {
    const broken: PipelineDefinition = { ...TAXI, rules: [{ name: 'x', description: 'x', check: () => { throw new Error('boom'); } }] };
    expect(quarantined(broken, bytes(TAXI_SAMPLE)).rule).toBe('rule.error');
  });

  it('accepts the valid samples of every pipeline', () => {
    for (const p of loadPipelines()) for (const s of SAMPLES[p.id]) expect([p.id, processRaw(p, bytes(s), ctx()).kind]).toEqual([p.id, 'ok']);
  });
});

describe('processRaw never throws', () => {
  const pipelines = loadPipelines();

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...pipelines), (input, p) => {
        expect(['ok', 'quarantine']).toContain(processRaw(p, input, ctx()).kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...pipelines), (value, p) => {
        const r = processRaw(p, bytes(JSON.stringify(value) ?? 'null'), ctx());
        expect(['ok', 'quarantine']).toContain(r.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('on samples with any one field replaced by any JSON value; what passes matches the enriched schema', () => {
    const cases = pipelines.flatMap((p) => SAMPLES[p.id].map((s) => [p, s as Record<string, unknown>] as const));
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.nat(), fc.jsonValue(), ([p, sample], i, value) => {
        const keys = Object.keys(sample);
        const mutated = { ...sample, [keys[i % keys.length]]: value };
        const r = processRaw(p, bytes(mutated), ctx());
        expect(['ok', 'quarantine']).toContain(r.kind);
        if (r.kind === 'quarantine') expect(r.record.rule).not.toMatch(/error$/);
        else expect(validateAgainst(p.enrichedSchema, r.enriched)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });
});

describe('quarantine records', () => {
  it('fall back to the epoch for received_at when the clock is invalid, keeping the payload', () => {
    const r = processRaw(TAXI, bytes('nope'), { now: new Date(NaN), state: new Map() });
    expect(r).toMatchObject({ kind: 'quarantine', record: { received_at: '1970-01-01T00:00:00.000Z', payload: 'nope', rule: 'invalid_json' } });
  });
});
