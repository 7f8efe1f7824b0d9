/**
 * Seeded pseudo-random numbers for the deterministic sample-data generators.
 * Never Math.random: the same seed must always give the same sequence.
 */

/** A seeded generator of uniform floats in [0, 1) and derived helpers. */
export interface Prng {
  /** Next uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Standard normal sample (Box-Muller). */
  normal(): number;
}

/** Thrown when a seed is not a finite integer. */
export class InvalidSeedError extends Error {
  constructor(seed: unknown) {
    super(`Seed must be a finite integer, got ${String(seed)}; pass e.g. --seed 7`);
    this.name = 'InvalidSeedError';
  }
}

/**
 * mulberry32: a small, fast 32-bit PRNG; good enough for sample data.
 * @param seed - any finite integer (taken modulo 2^32)
 */
export function mulberry32(seed: number): Prng {
  if (!Number.isInteger(seed)) throw new InvalidSeedError(seed);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
