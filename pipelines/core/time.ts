/** Time helpers for enrichment and rules. */

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Milliseconds since the epoch of an RFC 3339 date-time that the schema has already checked
 * (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`), read by position: about twice as fast as
 * Date.parse on the hot path. Anything else goes to Date.parse (NaN when it does not parse).
 */
export function parseMs(iso: string): number {
  const n = iso.length;
  if (n < 20 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(13) !== 58) return Date.parse(iso);
  let i = 19;
  let ms = 0;
  if (iso.charCodeAt(i) === 46 /* . */) {
    let scale = 100;
    i++;
    for (; i < n; i++) {
      const d = digit(iso, i);
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  const zone = iso.charCodeAt(i);
  let offsetMin = 0;
  if (zone === 43 /* + */ || zone === 45 /* - */) offsetMin = (zone === 45 ? -1 : 1) * (two(iso, i + 1) * 60 + two(iso, i + 4));
  else if (zone !== 90 && zone !== 122 /* Z z */) return Date.parse(iso);
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + two(iso, 2);
  if (year < 100) return Date.parse(iso); // Date.UTC reads 0–99 as 1900–1999
  return Date.UTC(year, two(iso, 5) - 1, two(iso, 8), two(iso, 11), two(iso, 14), two(iso, 17), ms) - offsetMin * 60_000;
}

/** A canonical UTC ISO string (`2026-01-02T03:04:05.678Z`) for an RFC 3339 string. */
export function toUtcIso(iso: string): string {
  // Fast path: already canonical UTC with milliseconds.
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(19) === 46 /* . */ && iso.charCodeAt(10) === 84 /* T */) return iso;
  // Whole seconds in UTC (`…T11:58:00Z`): add the milliseconds.
  if (iso.length === 20 && iso.charCodeAt(19) === 90 && iso.charCodeAt(10) === 84 /* T */) return `${iso.slice(0, 19)}.000Z`;
  return new Date(parseMs(iso)).toISOString();
}

/** ISO string of unix seconds. */
export const unixSecondsToIso = (s: number): string => new Date(Math.round(s * 1000)).toISOString();
