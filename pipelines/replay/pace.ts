/**
 * Pacing for replay: release records at a fixed rate (events/s) or at the data's own pace
 * (`timewarp`: gaps between the records' timestamps, divided by a speed-up factor). Time comes
 * from an injected {@link Clock}, so tests run on a fake clock and never wait for real time.
 *
 * Both modes keep an absolute schedule (record i is due at start + offset_i), so sleeping late
 * or a slow consumer does not accumulate drift: records that are already due go out at once.
 */
import type { Json } from '../types';

/** Wall time and sleeping, injectable. */
export interface Clock {
  /** Milliseconds since some fixed origin (monotonic is best). */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock: `performance.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How to pace. */
export type Pacing =
  /** `rate` records per second. */
  | { readonly mode: 'rate'; readonly rate: number }
  /**
   * The data's own timestamps sped up `speedup` times (2 = twice as fast). `timeOf` reads a
   * record's time in ms; a record without one goes out right after the previous record.
   */
  | { readonly mode: 'timewarp'; readonly speedup: number; readonly timeOf: (record: Json | undefined) => number | undefined }
  /** As fast as the consumer takes them. */
  | { readonly mode: 'max' };

/** Thrown for a pacing that cannot work (rate or speed-up not positive). */
export class InvalidPacingError extends Error {
  constructor(what: string, value: unknown) {
    super(`${what} must be a positive number, got ${String(value)}; e.g. --rate 100 or --speedup 60`);
    this.name = 'InvalidPacingError';
  }
}

/** Checks a pacing and throws {@link InvalidPacingError} when it cannot work. */
export function checkPacing(pacing: Pacing): void {
  if (pacing.mode === 'rate' && !(pacing.rate > 0 && Number.isFinite(pacing.rate))) throw new InvalidPacingError('rate', pacing.rate);
  if (pacing.mode === 'timewarp' && !(pacing.speedup > 0 && Number.isFinite(pacing.speedup))) throw new InvalidPacingError('speedup', pacing.speedup);
}

/**
 * A record's event time in ms from `field` (dotted paths allowed): numbers below 1e11 are unix
 * seconds (as in the iot dataset), larger ones milliseconds; strings are parsed as dates.
 */
export function timeField(field: string): (record: Json | undefined) => number | undefined {
  const path = field.split('.');
  return (record) => {
    let v: Json | undefined = record;
    for (const p of path) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[p] : undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) < 1e11 ? v * 1000 : v) : undefined;
    if (typeof v === 'string') {
      const ms = Date.parse(v);
      return Number.isNaN(ms) ? undefined : ms;
    }
    return undefined;
  };
}

/**
 * Yields `records` paced as `pacing` says. `value` extracts what timewarp reads the time from.
 */
export async function* pace<T>(records: AsyncIterable<T> | Iterable<T>, options: {
  readonly pacing: Pacing;
  readonly clock?: Clock;
  /** The parsed record of an item, for timewarp. @default the item itself */
  readonly value?: (item: T) => Json | undefined;
}): AsyncGenerator<T> {
  const { pacing } = options;
  checkPacing(pacing);
  const clock = options.clock ?? systemClock;
  const value = options.value ?? ((item: T) => item as unknown as Json);
  let start: number | undefined;
  let firstDataTime: number | undefined;
  let offset = 0; // ms after start at which the current record is due
  let i = 0;
  for await (const item of records) {
    start ??= clock.now();
    if (pacing.mode === 'rate') offset = (i * 1000) / pacing.rate;
    else if (pacing.mode === 'timewarp') {
      const t = pacing.timeOf(value(item));
      if (t !== undefined) {
        firstDataTime ??= t;
        // Never go back in time: a record older than the previous one goes out at once.
        offset = Math.max(offset, (t - firstDataTime) / pacing.speedup);
      }
    }
    const wait = start + offset - clock.now();
    if (pacing.mode !== 'max' && wait >= 1) await clock.sleep(wait);
    i++;
    yield item;
  }
}
