/**
 * The sample-data generators, one per pipeline (`tributary generate <id>`). The list below is the
 * only place a generator is registered; ids are each generator's own `id`.
 */
import { cryptoGenerator } from './crypto';
import { iotGenerator } from './iot';
import { retailGenerator } from './retail';
import { stocksGenerator } from './stocks';
import { taxiGenerator } from './taxi';
import type { SampleGenerator } from './types';

export * from './types';

/** Every generator, in the order `--help` lists them. */
export const GENERATORS: readonly SampleGenerator[] = [taxiGenerator, stocksGenerator, iotGenerator, cryptoGenerator, retailGenerator];

/** Thrown for an id no generator has. */
export class UnknownGeneratorError extends Error {
  constructor(id: string) {
    super(`No sample-data generator for pipeline "${id}"; valid ids: ${generatorIds().join(', ')}`);
    this.name = 'UnknownGeneratorError';
  }
}

/** The ids that have a generator. */
export function generatorIds(): string[] {
  return GENERATORS.map((g) => g.id);
}

/** The generator of pipeline `id`. @throws UnknownGeneratorError */
export function getGenerator(id: string): SampleGenerator {
  const found = GENERATORS.find((g) => g.id === id);
  if (!found) throw new UnknownGeneratorError(id);
  return found;
}
