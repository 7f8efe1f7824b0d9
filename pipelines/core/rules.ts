/**
 * Rule builders shared by the pipelines: coordinates in range, timestamps not far in the future,
 * non-negative prices. Each returns a {@link Rule} whose name is what quarantine records.
 */
import type { Rule } from '../types';

/** A position in degrees. */
export interface Position {
  readonly lat: number;
  readonly lon: number;
}

/**
 * `coordinates.range`: every position has lat in [-90, 90] and lon in [-180, 180]. `positions`
 * maps a label (used in the detail) to the getter of that position.
 */
export function coordinatesInRange<Raw>(positions: Readonly<Record<string, (e: Raw) => Position>>): Rule<Raw> {
  const getters = Object.entries(positions);
  return {
    name: 'coordinates.range',
    description: 'Latitudes are within [-90, 90] and longitudes within [-180, 180].',
    check: (e) => {
      for (const [label, get] of getters) {
        const p = get(e);
        if (!(p.lat >= -90 && p.lat <= 90)) return { rule: 'coordinates.range', detail: `${label}.lat ${p.lat} is outside [-90, 90]` };
        if (!(p.lon >= -180 && p.lon <= 180)) return { rule: 'coordinates.range', detail: `${label}.lon ${p.lon} is outside [-180, 180]` };
      }
      return undefined;
    },
  };
}

/** Default tolerance for clocks ahead of ours: 1 hour. */
export const DEFAULT_MAX_FUTURE_MS = 60 * 60 * 1000;

/** Largest time a JS Date holds (±100,000,000 days from the epoch). */
const MAX_DATE_MS = 8.64e15;

/**
 * `timestamp.future`: the event time is not more than `maxFutureMs` after `ctx.now`
 * (`timestamp.invalid` when it is not a time a Date can hold).
 */
export function notInFuture<Raw>(opts: { readonly field: string; readonly millis: (e: Raw) => number; readonly maxFutureMs?: number }): Rule<Raw> {
  const max = opts.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS;
  return {
    name: 'timestamp.future',
    description: `The event time is at most ${max / 60_000} minutes ahead of the pipeline clock.`,
    check: (e, ctx) => {
      const ms = opts.millis(e);
      if (!(Math.abs(ms) <= MAX_DATE_MS)) return { rule: 'timestamp.invalid', detail: `${opts.field} is not a representable time` };
      const ahead = ms - ctx.now.getTime();
      return ahead > max ? { rule: 'timestamp.future', detail: `${opts.field} ${new Date(ms).toISOString()} is ${Math.round(ahead / 1000)} s ahead of ${ctx.now.toISOString()}` } : undefined;
    },
  };
}

/** A labelled amount to check. */
export interface LabelledAmount {
  readonly label: string;
  readonly value: number | undefined | null;
}

/** `price.negative`: every listed price is zero or more. */
export function nonNegativePrices<Raw>(prices: (e: Raw) => readonly LabelledAmount[]): Rule<Raw> {
  return {
    name: 'price.negative',
    description: 'Prices are zero or more.',
    check: (e) => {
      for (const p of prices(e)) if (typeof p.value === 'number' && p.value < 0) return { rule: 'price.negative', detail: `${p.label} ${p.value} is negative` };
      return undefined;
    },
  };
}
