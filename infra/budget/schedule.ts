/**
 * Runs a month of a schedule: unix-cron (Cloud Scheduler) or the scheduled-query syntax
 * (`every 15 minutes`, `every 24 hours`, `every day 03:00`, `every monday 09:00`).
 */
import { HOURS_PER_MONTH } from './pricers/util';

/** A schedule the budget cannot count. */
export class UnknownScheduleError extends Error {
  constructor(schedule: string) {
    super(`cannot count the runs of schedule ${JSON.stringify(schedule)}; use unix-cron or "every N minutes|hours", or set monthly_runs in a usage file`);
    this.name = 'UnknownScheduleError';
  }
}

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const FIELD_RANGES: readonly [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];

/** Values a cron field matches (names of months and days are not expanded: they count as one). */
function fieldSize(field: string, [lo, hi]: [number, number]): number {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let from = lo;
    let to = hi;
    if (range !== '*') {
      const [a, b] = range.split('-');
      from = Number(a);
      to = b !== undefined ? Number(b) : stepText ? hi : from;
    }
    if (![from, to, step].every(Number.isFinite)) return 1;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return Math.max(1, values.size);
}

/** Runs in a 730-hour month. */
export function runsPerMonth(schedule: string): number {
  const s = schedule.trim().toLowerCase();
  const every = /^every (\d+) (minute|minutes|min|mins|hour|hours)$/.exec(s);
  if (every) return (HOURS_PER_MONTH * (every[2].startsWith('h') ? 1 : 60)) / Number(every[1]);
  if (/^every day( \d{1,2}:\d{2})?$/.test(s)) return DAYS_PER_MONTH;
  if (/^every (monday|tuesday|wednesday|thursday|friday|saturday|sunday)( \d{1,2}:\d{2})?$/.test(s)) return DAYS_PER_MONTH / 7;
  const f = s.split(/\s+/);
  if (f.length !== 5) throw new UnknownScheduleError(schedule);
  const perDay = fieldSize(f[0], FIELD_RANGES[0]) * fieldSize(f[1], FIELD_RANGES[1]);
  let days = DAYS_PER_MONTH;
  if (f[2] !== '*') days = fieldSize(f[2], FIELD_RANGES[2]) * (DAYS_PER_MONTH / 30.4375);
  else if (f[4] !== '*') days = (fieldSize(f[4], FIELD_RANGES[4]) * DAYS_PER_MONTH) / 7;
  if (f[3] !== '*') days *= fieldSize(f[3], FIELD_RANGES[3]) / 12;
  return perDay * days;
}
