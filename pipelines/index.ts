/**
 * The built-in pipelines (ARCHITECTURE §6). A new pipeline is one file here, its schema and its
 * SQL; add it to {@link PIPELINES}.
 */
import { crypto } from './crypto';
import { iot } from './iot';
import { retail } from './retail';
import { stocks } from './stocks';
import { taxi } from './taxi';
import type { PipelineDefinition } from './types';

/**
 * Every pipeline, typed loosely: each file keeps its precise raw and enriched types; consumers
 * (infra, functions, the local runtime) handle events as JSON.
 */
export const PIPELINES: readonly PipelineDefinition[] = [taxi, stocks, iot, crypto, retail] as unknown as PipelineDefinition[];

/** An id that names no pipeline. */
export class UnknownPipelineError extends Error {
  constructor(readonly pipeline: string) {
    super(`unknown pipeline "${pipeline}"; known pipelines: ${PIPELINES.map((p) => p.id).join(', ')}`);
    this.name = 'UnknownPipelineError';
  }
}

/** Every pipeline definition, in the order of ARCHITECTURE §6. */
export function loadPipelines(): readonly PipelineDefinition[] {
  return PIPELINES;
}

/** One pipeline by id; throws {@link UnknownPipelineError} listing the known ids. */
export function getPipeline(id: string): PipelineDefinition {
  const p = PIPELINES.find((d) => d.id === id);
  if (!p) throw new UnknownPipelineError(id);
  return p;
}

export { crypto, iot, retail, stocks, taxi };
