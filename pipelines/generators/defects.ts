/**
 * Deliberate defects, injected into a clean sample stream at a known rate so quarantine has work
 * and tests can check each defect lands there with the rule it breaks.
 *
 * Decisions come from their own PRNG (derived from the seed), so the clean events are the same
 * whatever the defect rate, and a rate of 0 yields the clean stream unchanged.
 */
import { mulberry32, type Prng } from './prng';
import { type DefectKind, type GeneratorOptions, type Sample, resolveOptions } from './types';
import type { Json } from '../types';

type Event = { [key: string]: Json };

/** A defect kind and how to make it from a clean event. */
export interface DefectSpec extends DefectKind {
  /**
   * Returns a spoiled copy of `event`, or undefined when this event cannot carry the defect
   * (e.g. an order-line defect on a customer record): the next event that can is spoiled.
   * Not called for `duplicate`, which re-sends an earlier event unchanged.
   */
  readonly spoil?: (event: Event, rng: Prng) => Event | undefined;
}

/** The duplicate kind every pipeline has: an earlier event sent again, byte for byte. */
export const DUPLICATE: DefectSpec = {
  kind: 'duplicate',
  description: 'an earlier event sent again, byte for byte (valid: removed by the silver view by event_id, not quarantined)',
};

/** Events kept for duplicates to copy from. */
const RECENT = 64;
/** Mixed into the seed for the defect PRNG, so it is independent of the clean stream's. */
const DEFECT_SALT = 0x5bd1e995;

/** Deep copy of a JSON event (spoilers may then mutate freely). */
export const copy = (event: Event): Event => JSON.parse(JSON.stringify(event)) as Event;

/**
 * Yields `count` samples: clean ones from `clean`, of which about `rate` are replaced by
 * defects of `kinds` (chosen uniformly), each tagged with its kind and rule.
 */
export function* injectDefects(clean: Iterable<Sample>, options: { readonly count: number; readonly seed: number; readonly rate: number; readonly kinds: readonly DefectSpec[] }): Generator<Sample> {
  const { count, rate, kinds } = options;
  const rng = mulberry32((options.seed ^ DEFECT_SALT) | 0);
  const source = clean[Symbol.iterator]();
  const recent: Event[] = [];
  let pending: DefectSpec | undefined;
  for (let i = 0; i < count; i++) {
    if (!pending && kinds.length > 0 && rate > 0 && rng.next() < rate) pending = kinds[rng.int(0, kinds.length - 1)];
    if (pending?.kind === DUPLICATE.kind && recent.length > 0) {
      yield { event: recent[rng.int(0, recent.length - 1)], defect: { kind: pending.kind } };
      pending = undefined;
      continue;
    }
    const next = source.next();
    if (next.done) return;
    const spoiled = pending?.spoil ? pending.spoil(copy(next.value.event), rng) : undefined;
    if (pending && spoiled) {
      yield { event: spoiled, defect: { kind: pending.kind, ...(pending.rule !== undefined ? { rule: pending.rule } : {}) } };
      pending = undefined;
      continue;
    }
    recent.push(next.value.event);
    if (recent.length > RECENT) recent.shift();
    yield next.value;
  }
}

/**
 * A generator's `generate` from its clean stream: the clean samples with defects of `kinds`
 * injected at the options' `defectRate` (or `defaultRate`).
 */
export function withDefects(
  clean: (options: GeneratorOptions) => Iterable<Sample>,
  defects: { readonly defaultRate: number; readonly kinds: readonly DefectSpec[] },
): (options: GeneratorOptions) => Iterable<Sample> {
  return (options) => {
    const { defectRate } = resolveOptions(options, defects.defaultRate);
    return injectDefects(clean(options), { count: options.count, seed: options.seed, rate: defectRate, kinds: defects.kinds });
  };
}
