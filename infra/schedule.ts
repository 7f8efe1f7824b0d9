/**
 * Cloud Scheduler takes unix-cron; pipeline definitions may also say `every N minutes|hours`
 * (the scheduled-query syntax). This converts the latter and checks the former.
 */

/** A schedule neither unix-cron nor `every N minutes|hours`. */
export class ScheduleError extends Error {
  constructor(schedule: string, where: string) {
    super(`${where}: schedule ${JSON.stringify(schedule)} is neither unix-cron ("*/5 * * * *") nor "every N minutes" / "every N hours"`);
    this.name = 'ScheduleError';
  }
}

const CRON_FIELD = /^[\d*/,\-A-Za-z]+$/;

/** unix-cron for a Cloud Scheduler job. `where` names the definition in the error. */
export function toCron(schedule: string, where: string): string {
  const s = schedule.trim();
  const every = /^every (\d+) (minute|minutes|hour|hours)$/i.exec(s);
  if (every) {
    const n = Number(every[1]);
    const minutes = /^minute/i.test(every[2]);
    if (minutes && n >= 1 && n < 60 && 60 % n === 0) return n === 1 ? '* * * * *' : `*/${n} * * * *`;
    if (!minutes && n >= 1 && n <= 24 && 24 % n === 0) return n === 1 ? '0 * * * *' : `0 */${n} * * *`;
    throw new ScheduleError(schedule, `${where} (N must divide 60 minutes or 24 hours)`);
  }
  const fields = s.split(/\s+/);
  if (fields.length === 5 && fields.every((f) => CRON_FIELD.test(f))) return fields.join(' ');
  throw new ScheduleError(schedule, where);
}
