import fc from 'fast-check';
import { parseMs, toUtcIso, unixSecondsToIso } from './time';

describe('parseMs', () => {
  it.each([
    ['2026-11-30T12:00:00Z', Date.UTC(2026, 10, 30, 12)],
    ['2026-11-30T12:00:00.5Z', Date.UTC(2026, 10, 30, 12, 0, 0, 500)],
    ['2026-11-30T12:00:00.123456+05:30', Date.UTC(2026, 10, 30, 6, 30, 0, 123)],
    ['2026-11-30t12:00:00-01:00', Date.UTC(2026, 10, 30, 13)],
  ])('reads %s', (iso, ms) => {
    expect(parseMs(iso)).toBe(ms);
  });

  it('agrees with Date.parse on every instant in canonical form', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        expect(parseMs(d.toISOString())).toBe(d.getTime());
      }),
    );
  });

  it('agrees with Date.parse on RFC 3339 strings with offsets and fractions', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        fc.constantFrom('', '.5', '.123', '.123456789'),
        (d, offset, fraction) => {
          const local = new Date(d.getTime() + offset * 60_000);
          const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
          const iso = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`;
          expect(parseMs(iso)).toBe(Date.parse(iso));
          expect(toUtcIso(iso)).toBe(new Date(Date.parse(iso)).toISOString());
        },
      ),
    );
  });

  it('reads years before 100 as themselves, not as 19xx', () => {
    expect(parseMs('0050-01-01T00:00:00Z')).toBe(Date.parse('0050-01-01T00:00:00Z'));
  });

  it('falls back to Date.parse for other shapes', () => {
    expect(parseMs('not a date')).toBeNaN();
  });
});

describe('toUtcIso', () => {
  it('keeps canonical strings, adds milliseconds, and converts offsets to UTC', () => {
    expect(toUtcIso('2026-11-30T12:00:00.000Z')).toBe('2026-11-30T12:00:00.000Z');
    expect(toUtcIso('2026-11-30T12:00:00Z')).toBe('2026-11-30T12:00:00.000Z');
    expect(toUtcIso('2026-11-30T12:00:00+01:00')).toBe('2026-11-30T11:00:00.000Z');
    expect(toUtcIso('2026-11-30 12:00:00.000Z')).toBe('2026-11-30T12:00:00.000Z');
    expect(toUtcIso('2026-11-30t12:00:00z')).toBe('2026-11-30T12:00:00.000Z');
  });
});

describe('unixSecondsToIso', () => {
  it('converts unix seconds', () => {
    expect(unixSecondsToIso(1796036390)).toBe('2026-11-30T10:59:50.000Z');
  });
});
