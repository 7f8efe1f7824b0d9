/**
 * The one interface every sample-data generator implements (`tributary generate <id>`).
 *
 * A generator is a pure function of its options: the same `{ count, seed, start }` always yields
 * the same samples in the same order. Randomness comes only from `prng.ts` (never Math.random)
 * and time only from `start` (never Date.now), so the output is byte-identical across runs.
 */
import type { Json } from '../types';

/** Options every generator takes. */
export interface GeneratorOptions {
  /** How many samples to yield (duplicates injected as defects count as samples). */
  readonly count: number;
  /** PRNG seed, any finite integer. */
  readonly seed: number;
  /** Time of the first event. @default {@link DEFAULT_START} */
  readonly start?: Date;
  /**
   * Share of samples turned into deliberate defects, in [0, 1]. @default the generator's
   * `defects.defaultRate` (0 for every pipeline but retail)
   */
  readonly defectRate?: number;
}

/** Fixed default time base (a Monday, 00:00 UTC), so output never depends on the wall clock. */
export const DEFAULT_START = new Date('2025-01-06T00:00:00.000Z');

/** What a deliberate defect is expected to do downstream. */
export interface DefectTag {
  /** Which defect kind was injected (one of the generator's `defects.kinds`). */
  readonly kind: string;
  /**
   * The validation rule the sample must be quarantined with (as in `RuleViolation.rule`), or
   * undefined when the sample is valid and must instead be removed downstream (a duplicate:
   * same `event_id` as an earlier sample, dropped by the silver view).
   */
  readonly rule?: string;
}

/** One generated event, with its defect tag when it was spoiled on purpose. */
export interface Sample {
  /** The raw event, in the pipeline's raw schema (or deliberately not, see `defect`). */
  readonly event: { [key: string]: Json };
  readonly defect?: DefectTag;
}

/** A defect kind a generator can inject, and the rule that catches it. */
export interface DefectKind {
  readonly kind: string;
  readonly description: string;
  /** The rule name the quarantine record carries; undefined for duplicates. */
  readonly rule?: string;
}

/** A pipeline's sample-data generator. */
export interface SampleGenerator {
  /** Pipeline id (`taxi`, `stocks`, ...). */
  readonly id: string;
  /** One line for `tributary generate --help`. */
  readonly description: string;
  /** Yields `count` samples; lazily, so a million events need no more memory than one. */
  generate(options: GeneratorOptions): Iterable<Sample>;
  /** The defects this generator can inject and its default rate. */
  readonly defects: { readonly defaultRate: number; readonly kinds: readonly DefectKind[] };
}

/** Thrown when generator options are out of range. */
export class InvalidGeneratorOptionsError extends Error {
  constructor(what: string, value: unknown, hint: string) {
    super(`${what} ${String(value)} is invalid; ${hint}`);
    this.name = 'InvalidGeneratorOptionsError';
  }
}

/** Checks options shared by every generator and returns the resolved start and defect rate. */
export function resolveOptions(options: GeneratorOptions, defaultRate: number): { start: number; defectRate: number } {
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new InvalidGeneratorOptionsError('count', options.count, 'pass a non-negative integer, e.g. --count 1000');
  }
  const start = (options.start ?? DEFAULT_START).getTime();
  if (!Number.isFinite(start)) throw new InvalidGeneratorOptionsError('start', options.start, 'pass an ISO 8601 time, e.g. 2025-01-06T00:00:00Z');
  const defectRate = options.defectRate ?? defaultRate;
  if (!(defectRate >= 0 && defectRate <= 1)) {
    throw new InvalidGeneratorOptionsError('defect rate', defectRate, 'pass a number between 0 and 1');
  }
  return { start, defectRate };
}

/** Rounds to `digits` decimals, so generated numbers print short and identically everywhere. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
