import { InvalidPacingError, pace, timeField, type Pacing } from './pace';
import { FakeClock } from './testing';

/** Runs `pace` and returns the fake-clock time at which each record came out. */
async function emissionTimes<T>(records: T[], pacing: Pacing, clock = new FakeClock(1_000), consumerMs = 0): Promise<number[]> {
  const start = clock.now();
  const times: number[] = [];
  for await (const _ of pace(records, { pacing, clock })) {
    times.push(clock.now() - start);
    clock.advance(consumerMs);
  }
  return times;
}

describe('pace', () => {
  it('rate: releases records 1000/rate ms apart', async () => {
    expect(await emissionTimes([1, 2, 3, 4, 5], { mode: 'rate', rate: 100 })).toEqual([0, 10, 20, 30, 40]);
  });

  it('rate: a slow consumer does not accumulate drift (late records go out at once, then back on schedule)', async () => {
    const clock = new FakeClock();
    const times: number[] = [];
    let i = 0;
    for await (const _ of pace([0, 1, 2, 3, 4, 5], { pacing: { mode: 'rate', rate: 10 }, clock })) {
      times.push(clock.now());
      if (i++ === 1) clock.advance(250); // one slow step: records 2 (due 200) and 3 (due 300) are late
    }
    expect(times).toEqual([0, 100, 350, 350, 400, 500]);
  });

  it('timewarp: follows the data timestamps divided by the speed-up', async () => {
    const records = [0, 10, 30, 90].map((s) => ({ timestamp: 1_700_000_000 + s })); // unix seconds
    expect(await emissionTimes(records, { mode: 'timewarp', speedup: 10, timeOf: timeField('timestamp') })).toEqual([0, 1000, 3000, 9000]);
  });

  it('timewarp: out-of-order and timeless records go out right after the previous one', async () => {
    const records = [
      { t: '2025-01-06T00:00:00Z' },
      { t: '2025-01-06T00:01:00Z' },
      { t: '2025-01-06T00:00:30Z' }, // older than the previous record
      { no_time: true },
      { t: '2025-01-06T00:02:00Z' },
    ];
    expect(await emissionTimes(records, { mode: 'timewarp', speedup: 60, timeOf: timeField('t') })).toEqual([0, 1000, 1000, 1000, 2000]);
  });

  it('max: never sleeps', async () => {
    const clock = new FakeClock();
    expect(await emissionTimes([1, 2, 3], { mode: 'max' }, clock)).toEqual([0, 0, 0]);
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects a rate or speed-up that is not positive', async () => {
    await expect(emissionTimes([1], { mode: 'rate', rate: 0 })).rejects.toThrow(InvalidPacingError);
    await expect(emissionTimes([1], { mode: 'timewarp', speedup: -1, timeOf: () => 0 })).rejects.toThrow('speedup must be a positive number');
  });
});

describe('timeField', () => {
  it('reads unix seconds, milliseconds, ISO strings and dotted paths', () => {
    expect(timeField('ts')({ ts: 1_736_121_600 })).toBe(1_736_121_600_000);
    expect(timeField('ts')({ ts: 1_736_121_600_123 })).toBe(1_736_121_600_123);
    expect(timeField('a.b')({ a: { b: '2025-01-06T00:00:00.000Z' } })).toBe(Date.parse('2025-01-06T00:00:00Z'));
    expect(timeField('ts')({ ts: 'not a time' })).toBeUndefined();
    expect(timeField('ts')(undefined)).toBeUndefined();
  });
});
