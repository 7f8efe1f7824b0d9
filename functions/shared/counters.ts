/**
 * Counters of a function instance (messages in/out, bytes, invocation durations), for the local
 * runtime to collect for the budget's `--from-run`. Each invocation logs its own counters as one
 * structured line with `counters` and `message: "invocation"` (DEBUG for quiet per-event
 * targets, which log `message: "counters"` with running `totals` at most once a minute), which
 * the function host sees on stdout; {@link snapshot} gives the running totals of this process.
 */
import type { Logger } from './log';

/** Names of the counters a function keeps. */
export interface CounterValues {
  invocations: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  durationMs: number;
  errors: number;
}

const zero = (): CounterValues => ({ invocations: 0, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, durationMs: 0, errors: 0 });
const totals = new Map<string, CounterValues>();

/** Running totals per function target in this process. */
export function snapshot(): Record<string, CounterValues> {
  return Object.fromEntries([...totals].map(([k, v]) => [k, { ...v }]));
}

/** Clears the totals (tests). */
export function resetCounters(): void {
  totals.clear();
  lastTotals.clear();
}

/** One invocation's counters; {@link Invocation.end} adds them to the totals and logs them. */
export class Invocation {
  readonly values: CounterValues = zero();
  private readonly started = performance.now();

  constructor(
    readonly target: string,
    private readonly log: Logger,
  ) {
    this.values.invocations = 1;
  }

  /** Adds to a counter. */
  add(name: Exclude<keyof CounterValues, 'invocations' | 'durationMs'>, n: number): void {
    this.values[name] += n;
  }

  /**
   * Ends the invocation: records the duration, adds to the totals, logs one `invocation` line.
   * Per-event functions (enrich) pass `quiet` for successes: their line is DEBUG, and the totals
   * are logged at INFO at most once a minute instead (one line per event would dominate the
   * Cloud Logging bill at thousands of events per second).
   */
  end(fields: Record<string, unknown> = {}, opts: { quiet?: boolean } = {}): CounterValues {
    this.values.durationMs = Math.round(performance.now() - this.started);
    const t = totals.get(this.target) ?? zero();
    for (const k of Object.keys(t) as (keyof CounterValues)[]) t[k] += this.values[k];
    totals.set(this.target, t);
    const entry = { target: this.target, counters: this.values, ...fields };
    if (opts.quiet) {
      this.log.debug('invocation', entry);
      const now = Date.now();
      if (now - (lastTotals.get(this.target) ?? 0) >= TOTALS_EVERY_MS) {
        lastTotals.set(this.target, now);
        this.log.info('counters', { target: this.target, totals: { ...t } });
      }
    } else this.log.info('invocation', entry);
    return this.values;
  }
}

/** How often quiet targets log their running totals. */
const TOTALS_EVERY_MS = 60_000;
const lastTotals = new Map<string, number>();
