/**
 * Time-zone arithmetic for date math, range queries and date_histogram: offsets of IANA zones
 * (`Europe/Paris`) and fixed offsets (`+01:00`) at an instant, and the instant of a wall-clock time.
 */
import { illegalArgument } from '../errors';

/** A resolved time zone. */
export interface TimeZone {
  readonly id: string;
  /** Offset from UTC in ms at the given UTC instant (local = utc + offset). */
  offsetAt(utcMs: number): number;
}

const fixed = (id: string, offset: number): TimeZone => ({ id, offsetAt: () => offset });

/** UTC. */
export const UTC: TimeZone = fixed('Z', 0);

const cache = new Map<string, TimeZone>();

/** Resolves `Z`, `UTC`, `+01:00`, `-0530` or an IANA id; throws 400 for an unknown zone. */
export function timeZone(id: string | undefined): TimeZone {
  if (id !== undefined && typeof id !== 'string') throw illegalArgument(`[time_zone] must be a string, got [${JSON.stringify(id)}]`);
  if (!id || id === 'Z' || id === 'UTC' || id === 'GMT' || id === 'Etc/UTC') return UTC;
  const hit = cache.get(id);
  if (hit) return hit;
  let zone: TimeZone;
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(id);
  if (m) {
    const off = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000 * (m[1] === '-' ? -1 : 1);
    zone = fixed(id, off);
  } else {
    let fmt: Intl.DateTimeFormat;
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch (err) {
      throw illegalArgument(`Unknown time-zone ID: ${id} (${(err as Error).message})`);
    }
    zone = {
      id,
      offsetAt(utcMs: number): number {
        const p: Record<string, number> = {};
        for (const part of fmt.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
        const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
        return wall - Math.floor(utcMs / 1000) * 1000;
      },
    };
  }
  cache.set(id, zone);
  return zone;
}

/** The UTC instant of a wall-clock time (given as ms since epoch read as if UTC) in a zone. */
export function wallToUtc(zone: TimeZone, wallMs: number): number {
  const guess = wallMs - zone.offsetAt(wallMs);
  const off = zone.offsetAt(guess);
  return wallMs - off;
}
