/** A fake clock for pacing tests: `sleep` advances time at once and records how long it slept. */
import type { Clock } from './pace';

/** A {@link Clock} whose time moves only when slept on or advanced by hand. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  }
  /** Moves time forward, as a slow consumer would. */
  advance(ms: number): void {
    this.t += ms;
  }
}
