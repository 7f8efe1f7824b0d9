/**
 * Local scheduler for Cloud Scheduler jobs (unix cron) and BigQuery scheduled queries
 * (`every 15 minutes`, `every 24 hours`, `every day 03:00`), with a time scale so a daily
 * retrain happens within minutes: at `timeScale` 1440 a day passes in a minute. Jobs also run
 * on demand (`tributary run <job>`).
 */
import { CronExpressionParser } from 'cron-parser';

/** A schedule that gives the next fire time after a moment (both in ms since epoch, "virtual" time). */
export interface Schedule {
  readonly spec: string;
  next(afterMs: number): number;
}

/** A schedule string that is neither unix cron nor the scheduled-query syntax. */
export class ScheduleSyntaxError extends Error {
  constructor(readonly spec: string) {
    super(
      `cannot read schedule "${spec}": use unix cron ("*/5 * * * *") or the scheduled-query form ` +
        `("every 15 minutes", "every 24 hours", "every day 03:00", "every monday 09:00")`,
    );
    this.name = 'ScheduleSyntaxError';
  }
}

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, mins: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Parses a schedule; times of day are UTC unless `timeZone` is given for cron. */
export function parseSchedule(spec: string, timeZone = 'UTC'): Schedule {
  const s = spec.trim().toLowerCase();
  const every = /^every (\d+) (minutes?|mins|hours?|days?)$/.exec(s);
  if (every) {
    const step = Number(every[1]) * UNIT_MS[every[2]];
    if (!(step > 0)) throw new ScheduleSyntaxError(spec);
    return { spec, next: (after) => (Math.floor(after / step) + 1) * step };
  }
  const daily = /^every (day|sunday|monday|tuesday|wednesday|thursday|friday|saturday) (\d{1,2}):(\d{2})$/.exec(s);
  if (daily) {
    const [h, m] = [Number(daily[2]), Number(daily[3])];
    if (h > 23 || m > 59) throw new ScheduleSyntaxError(spec);
    const dow = daily[1] === 'day' ? '*' : String(DAYS.indexOf(daily[1]));
    return cron(spec, `${m} ${h} * * ${dow}`, 'UTC');
  }
  if (/^[\d*/,\-a-z?#lw ]+$/i.test(spec.trim()) && spec.trim().split(/\s+/).length >= 5) return cron(spec, spec.trim(), timeZone);
  throw new ScheduleSyntaxError(spec);
}

function cron(spec: string, expr: string, tz: string): Schedule {
  try {
    CronExpressionParser.parse(expr, { tz });
  } catch (err) {
    throw Object.assign(new ScheduleSyntaxError(spec), { cause: err });
  }
  return {
    spec,
    next: (after) => CronExpressionParser.parse(expr, { currentDate: new Date(after), tz }).next().getTime(),
  };
}

/** A scheduled job. */
export interface Job {
  readonly name: string;
  readonly schedule: Schedule;
  /** Runs the job; a rejection is reported to `onError` and the schedule goes on. */
  run(): Promise<unknown>;
}

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  /** Virtual seconds per real second. @default 1 */
  readonly timeScale?: number;
  /** Real clock. @default Date.now */
  readonly now?: () => number;
  readonly onRun?: (job: string, result: unknown, ms: number) => void;
  readonly onError?: (job: string, err: unknown) => void;
}

/** Runs jobs on their schedules in scaled time; a job never overlaps itself. */
export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly scale: number;
  private readonly now: () => number;
  private origin = 0;
  private started = false;

  constructor(private readonly opts: SchedulerOptions = {}) {
    this.scale = opts.timeScale ?? 1;
    if (!(this.scale > 0)) throw new RangeError(`--time-scale must be a positive number; got ${opts.timeScale}`);
    this.now = opts.now ?? Date.now;
  }

  /** Virtual time now: real time since start, scaled, after the real start moment. */
  virtualNow(): number {
    const real = this.now();
    return this.origin + (real - this.origin) * this.scale;
  }

  add(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`a job named ${job.name} is already scheduled`);
    this.jobs.set(job.name, job);
    if (this.started) this.arm(job);
  }

  /** Names of the jobs, for `tributary run` and its error messages. */
  names(): string[] {
    return [...this.jobs.keys()];
  }

  start(): void {
    this.origin = this.now();
    this.started = true;
    for (const job of this.jobs.values()) this.arm(job);
  }

  /** Runs a job now (waits for a run already in progress instead of overlapping it). */
  async runNow(name: string): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}; known jobs: ${this.names().join(', ') || '(none)'}`);
    const inFlight = this.running.get(name);
    if (inFlight) return inFlight;
    const t = this.now();
    const p = job.run().finally(() => this.running.delete(name));
    this.running.set(name, p);
    const result = await p;
    this.opts.onRun?.(name, result, this.now() - t);
    return result;
  }

  /** Stops the timers and waits for runs in progress. */
  async stop(): Promise<void> {
    this.started = false;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  private arm(job: Job): void {
    const v = this.virtualNow();
    const delay = Math.max(0, (job.schedule.next(v) - v) / this.scale);
    const timer = setTimeout(() => {
      if (!this.started) return;
      this.runNow(job.name).catch((err) => this.opts.onError?.(job.name, err));
      this.arm(job);
    }, Math.min(delay, 2 ** 31 - 1));
    timer.unref();
    this.timers.set(job.name, timer);
  }
}
