import { parseSchedule, Scheduler, ScheduleSyntaxError } from './scheduler';

const T = Date.UTC(2026, 10, 22, 10, 7, 30);

describe('parseSchedule', () => {
  it('reads the scheduled-query "every N units" form, aligned to the unit', () => {
    expect(new Date(parseSchedule('every 15 minutes').next(T)).toISOString()).toBe('2026-11-22T10:15:00.000Z');
    expect(new Date(parseSchedule('every 24 hours').next(T)).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('reads "every day HH:MM" and weekdays in UTC', () => {
    expect(new Date(parseSchedule('every day 03:00').next(T)).toISOString()).toBe('2026-11-23T03:00:00.000Z');
    expect(new Date(parseSchedule('every monday 09:30').next(T)).toISOString()).toBe('2026-11-23T09:30:00.000Z');
  });

  it('reads unix cron as Cloud Scheduler does', () => {
    expect(new Date(parseSchedule('*/5 * * * *').next(T)).toISOString()).toBe('2026-11-22T10:10:00.000Z');
  });

  it('says what to write instead of an unreadable schedule', () => {
    expect(() => parseSchedule('every fortnight')).toThrow(ScheduleSyntaxError);
    expect(() => parseSchedule('every fortnight')).toThrow(/every 15 minutes/);
    expect(() => parseSchedule('99 * * * *')).toThrow(ScheduleSyntaxError);
  });
});

describe('Scheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: T }));
  afterEach(() => jest.useRealTimers());

  it('runs a job at scaled time: an hourly job every minute at time scale 60', async () => {
    const runs: number[] = [];
    const s = new Scheduler({ timeScale: 60 });
    s.add({ name: 'kpi', schedule: parseSchedule('every 1 hours'), run: async () => runs.push(Date.now()) });
    s.start();
    // virtual 10:07:30 → next 11:00 is 52.5 virtual minutes = 52.5 real seconds away
    await jest.advanceTimersByTimeAsync(52_000);
    expect(runs).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(2);
    await s.stop();
  });

  it('runs on demand, never overlapping a run in progress, and names known jobs on a typo', async () => {
    let calls = 0;
    let release!: () => void;
    const s = new Scheduler();
    s.add({ name: 'retrain', schedule: parseSchedule('every 24 hours'), run: () => (calls++, new Promise<void>((r) => (release = r))) });
    const a = s.runNow('retrain');
    const b = s.runNow('retrain');
    release();
    await Promise.all([a, b]);
    expect(calls).toBe(1);
    await expect(s.runNow('retrian')).rejects.toThrow('no job named retrian; known jobs: retrain');
  });

  it('keeps its schedule after a failing run and reports the error', async () => {
    const errors: string[] = [];
    const s = new Scheduler({ timeScale: 3600, onError: (job, err) => errors.push(`${job}: ${(err as Error).message}`) });
    s.add({ name: 'drain', schedule: parseSchedule('every 1 hours'), run: async () => { throw new Error('boom'); } });
    s.start();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toBe('drain: boom');
    await s.stop();
  });
});
