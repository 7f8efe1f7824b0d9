/**
 * The inputs of the stack that live outside `infra/`: the pipeline definitions
 * (`pipelines/index.ts`, `loadPipelines()`) and the JSON Schema → BigQuery derivation
 * (`schemas/derive.ts`, `toBigQuerySchema`).
 */
import type { PipelineDefinition } from '../pipelines/types';
import type { JsonSchema } from '../schemas/types';
import type { BqField } from './constructs/warehouse';

/** What the stack is generated from. */
export interface Definitions {
  readonly pipelines: readonly PipelineDefinition[];
  readonly toBigQuerySchema: (schema: JsonSchema) => readonly BqField[];
}

/** A module the stack needs is missing or does not export what it should. */
export class DefinitionsError extends Error {
  constructor(module: string, detail: string) {
    super(`cannot load ${module}: ${detail}`);
    this.name = 'DefinitionsError';
  }
}

function load<T>(module: string, name: string): T {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(module) as Record<string, unknown>;
  } catch (err) {
    throw new DefinitionsError(module, `${(err as Error).message} (the stack is generated from pipelines/ and schemas/derive.ts)`);
  }
  if (typeof mod[name] !== 'function') throw new DefinitionsError(module, `it does not export ${name}()`);
  return mod[name] as T;
}

/** Loads every pipeline definition and the BigQuery schema derivation. */
export function loadDefinitions(): Definitions {
  const loadPipelines = load<() => readonly PipelineDefinition[]>('../pipelines/index', 'loadPipelines');
  const toBigQuerySchema = load<Definitions['toBigQuerySchema']>('../schemas/derive', 'toBigQuerySchema');
  return { pipelines: loadPipelines(), toBigQuerySchema };
}
