/** Time helpers for enrichment and rules. */

/** Milliseconds since the epoch of an RFC 3339 string (already checked by the schema). */
export const parseMs = (iso: string): number => Date.parse(iso);

/** A canonical UTC ISO string (`2026-01-02T03:04:05.678Z`) for an RFC 3339 string. */
export function toUtcIso(iso: string): string {
  // Fast path: already canonical UTC with milliseconds.
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(19) === 46 /* . */) return iso;
  // Whole seconds in UTC (`…T11:58:00Z`): add the milliseconds.
  if (iso.length === 20 && iso.charCodeAt(19) === 90 && iso.charCodeAt(10) === 84 /* T */) return `${iso.slice(0, 19)}.000Z`;
  return new Date(Date.parse(iso)).toISOString();
}

/** ISO string of unix seconds. */
export const unixSecondsToIso = (s: number): string => new Date(Math.round(s * 1000)).toISOString();
