/**
 * A one-line progress bar for long replays, drawn on stderr only when it is a TTY (so piped
 * and logged output stays clean). Redraws at most every `intervalMs` of the injected clock.
 */
import { type Clock, systemClock } from './pace';

/** What the bar writes to: a TTY-like stream. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Options of {@link ProgressBar}. */
export interface ProgressOptions {
  /** @default process.stderr */
  readonly stream?: ProgressStream;
  /** Text before the bar, e.g. the pipeline id. */
  readonly label: string;
  /** Expected total; without it the bar shows only the count and rate. */
  readonly total?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Minimum time between redraws. @default 200 */
  readonly intervalMs?: number;
}

const WIDTH = 24;

/** Counts events and draws `label [#####-----]  45% 4500/10000 1234 ev/s`. */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly clock: Clock;
  private readonly enabled: boolean;
  private readonly started: number;
  private lastDraw = -Infinity;
  private count = 0;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.clock = options.clock ?? systemClock;
    this.enabled = this.stream.isTTY === true;
    this.started = this.clock.now();
  }

  /** Counts `n` more events and redraws if the interval has passed. */
  tick(n = 1): void {
    this.count += n;
    if (!this.enabled) return;
    const now = this.clock.now();
    if (now - this.lastDraw < (this.options.intervalMs ?? 200)) return;
    this.lastDraw = now;
    this.stream.write(`\r${this.render(now)}`);
  }

  /** Draws the final state and ends the line. */
  done(): void {
    if (this.enabled) this.stream.write(`\r${this.render(this.clock.now())}\n`);
  }

  /** The bar's text at time `now` (no carriage return). */
  render(now: number): string {
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const rate = `${Math.round(this.count / seconds)} ev/s`;
    const { total, label } = this.options;
    if (!total) return `${label} ${this.count} events ${rate}`;
    const share = Math.min(1, this.count / total);
    const filled = Math.round(share * WIDTH);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${this.count}/${total} ${rate}`;
  }
}
