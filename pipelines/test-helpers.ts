/** Helpers for the pipeline tests: run an event through processRaw and check the outcome. */
import { processRaw } from './core/process';
import type { QuarantineRecord } from './core/quarantine';
import { validateAgainst } from './core/validate';
import { SAMPLE_NOW } from './samples';
import type { EnrichContext, PipelineDefinition } from './types';

/** A fresh context at the samples' clock. */
export const testContext = (now: Date = SAMPLE_NOW): EnrichContext => ({ now, state: new Map() });

const loose = <R, E>(p: PipelineDefinition<R, E>) => p as unknown as PipelineDefinition;

/** Enriches an event that must pass, and checks the result against the enriched schema. */
export function enrichOk<R, E>(p: PipelineDefinition<R, E>, event: unknown, ctx: EnrichContext = testContext()): E {
  const r = processRaw(loose(p), new TextEncoder().encode(JSON.stringify(event)), ctx);
  if (r.kind !== 'ok') throw new Error(`expected ok, got quarantine ${r.record.rule}: ${r.record.detail}`);
  const bad = validateAgainst(p.enrichedSchema, r.enriched);
  if (bad) throw new Error(`enriched event does not match enrichedSchema: ${bad.rule} ${bad.detail}`);
  return r.enriched as E;
}

/** Runs an event that must be quarantined and returns the record. */
export function quarantineOf<R, E>(p: PipelineDefinition<R, E>, event: unknown, ctx: EnrichContext = testContext()): QuarantineRecord {
  const r = processRaw(loose(p), new TextEncoder().encode(JSON.stringify(event)), ctx);
  if (r.kind !== 'quarantine') throw new Error(`expected quarantine, got ${JSON.stringify(r.enriched)}`);
  return r.record;
}
