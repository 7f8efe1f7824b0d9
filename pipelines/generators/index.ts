/**
 * The sample-data generators, one per pipeline (`tributary generate <id>`). The list below is the
 * only place a generator is registered; ids are each generator's own `id`.
 */
import { cryptoGenerator } from './crypto';
import { iotGenerator } from './iot';
import { writeIotFolder } from './iot-folder';
import { writeRetailFiles } from './retail-files';
import { retailGenerator } from './retail';
import { stocksGenerator } from './stocks';
import { taxiGenerator } from './taxi';
import type { GeneratorOptions, SampleGenerator } from './types';

export * from './types';

/** Every generator, in the order `--help` lists them. */
export const GENERATORS: readonly SampleGenerator[] = [taxiGenerator, stocksGenerator, iotGenerator, cryptoGenerator, retailGenerator];

/** A generator's own folder layout (`tributary generate <id> --format folder --out DIR`). */
export interface FolderWriter {
  /** What the folder holds, for `--help` and errors. */
  readonly layout: string;
  /** Writes the sample into `dir` and returns the files written, relative to it. */
  write(options: GeneratorOptions & { readonly dir: string }): string[];
}

/** Pipelines whose sample data also comes as a folder of files, as their real sources export it. */
export const FOLDER_WRITERS: Readonly<Record<string, FolderWriter>> = {
  iot: { layout: '<room>/<sensor>.csv with timestamp,value lines (the smart-building dataset layout)', write: writeIotFolder },
  retail: { layout: 'orders.csv, customers.json, products.json, access.log and a defects.json manifest', write: writeRetailFiles },
};

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
