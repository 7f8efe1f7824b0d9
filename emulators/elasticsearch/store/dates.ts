/**
 * Dates as Elasticsearch reads and writes them: named formats (`strict_date_optional_time`,
 * `epoch_millis`, ...), Java-style patterns (`yyyy-MM-dd HH:mm:ss`), `||` alternatives, and
 * date math (`now-1h/h`, `2024-01-01||+1M/d`) with rounding that depends on the range bound.
 * Values are kept as epoch milliseconds.
 */
import { illegalArgument } from '../errors';
import { UTC, wallToUtc, type TimeZone } from './time-zones';

/** The default date format of a `date` field. */
export const DEFAULT_DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

const ISO = /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const NAMED: Record<string, string> = {
  date: 'yyyy-MM-dd', strict_date: 'yyyy-MM-dd',
  date_time: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", strict_date_time: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  date_time_no_millis: "yyyy-MM-dd'T'HH:mm:ssXXX", strict_date_time_no_millis: "yyyy-MM-dd'T'HH:mm:ssXXX",
  date_hour_minute_second: "yyyy-MM-dd'T'HH:mm:ss", strict_date_hour_minute_second: "yyyy-MM-dd'T'HH:mm:ss",
  date_hour_minute_second_millis: "yyyy-MM-dd'T'HH:mm:ss.SSS", strict_date_hour_minute_second_millis: "yyyy-MM-dd'T'HH:mm:ss.SSS",
  date_hour_minute: "yyyy-MM-dd'T'HH:mm", strict_date_hour_minute: "yyyy-MM-dd'T'HH:mm",
  date_hour: "yyyy-MM-dd'T'HH", strict_date_hour: "yyyy-MM-dd'T'HH",
  basic_date: 'yyyyMMdd', year_month_day: 'yyyy-MM-dd', strict_year_month_day: 'yyyy-MM-dd',
  year_month: 'yyyy-MM', strict_year_month: 'yyyy-MM', year: 'yyyy', strict_year: 'yyyy',
  hour_minute_second: 'HH:mm:ss', strict_hour_minute_second: 'HH:mm:ss',
};

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/** Fast path for the canonical `yyyy-MM-ddTHH:mm:ss[.SSS]Z` form; NaN when the text is not in it. */
function parseCanonicalIso(s: string): number {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */ || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return NaN;
  if (n === 24 && s[19] !== '.') return NaN;
  const year = two(s, 0) * 100 + two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const se = two(s, 17);
  const ms = n === 24 ? digit(s, 20) * 100 + two(s, 21) : 0;
  if (!(year >= 100) || !(mo >= 1 && mo <= 12) || !(d >= 1 && d <= 31) || !(h <= 23) || !(mi <= 59) || !(se <= 59) || Number.isNaN(ms)) return NaN;
  return Date.UTC(year, mo - 1, d, h, mi, se, ms);
}

/** Parses an ISO-8601 date (strict_date_optional_time). Returns NaN when it does not match. */
function parseIso(s: string, zone: TimeZone, roundUp = false): number {
  const fast = parseCanonicalIso(s);
  if (fast === fast) return fast;
  if (roundUp) {
    // Elasticsearch's round-up parser (lte / gt bounds) fills missing time fields with their maximum.
    const m = ISO.exec(s);
    if (!m) return NaN;
    const base = parseIso(s, zone);
    if (m[4] === undefined) return base + 86_399_999;
    if (m[5] === undefined) return base + 3_599_999;
    if (m[6] === undefined) return base + 59_999;
    if (m[7] === undefined) return base + 999;
    return base;
  }
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, se, frac, tz] = m;
  const year = Number(y);
  let w = Date.UTC(year, Number(mo ?? 1) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0), frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0);
  if (year >= 0 && year < 100) {
    // Date.UTC maps years 0-99 to 1900-1999.
    const fixed = new Date(w);
    fixed.setUTCFullYear(year);
    w = fixed.getTime();
  }
  if (Number(mo ?? 1) > 12 || Number(d ?? 1) > 31 || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(se ?? 0) > 59) return NaN;
  if (tz) return w - offsetOf(tz);
  return zone === UTC ? w : wallToUtc(zone, w);
}

const offsetOf = (tz: string): number => {
  if (tz === 'Z') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
};

interface Compiled { regex: RegExp; fields: string[] }
const patternCache = new Map<string, Compiled>();

/** Compiles a Java-style pattern to a regex with one group per field letter run. */
function compile(pattern: string): Compiled {
  const hit = patternCache.get(pattern);
  if (hit) return hit;
  let re = '^';
  const fields: string[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const lit = pattern.slice(i + 1, end < 0 ? pattern.length : end);
      re += lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const run = pattern.slice(i, j);
      fields.push(run);
      if (c === 'y' || c === 'u') re += run.length === 2 ? '(\\d{2})' : '([+-]?\\d{4,9})';
      else if (c === 'S') re += '(\\d{1,9})';
      else if (c === 'Z' || c === 'X' || c === 'x') re += '(Z|[+-]\\d{2}:?\\d{2})';
      else if (c === 'M' && run.length >= 3) re += '([A-Za-z]+)';
      else if (c === 'a') re += '(AM|PM|am|pm)';
      else re += run.length === 1 ? '(\\d{1,2})' : `(\\d{${run.length}})`;
      i = j;
      continue;
    }
    re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  const out = { regex: new RegExp(`${re}$`), fields };
  patternCache.set(pattern, out);
  return out;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function parsePattern(s: string, pattern: string, zone: TimeZone): number {
  const { regex, fields } = compile(pattern);
  const m = regex.exec(s);
  if (!m) return NaN;
  let y = 1970, mo = 1, d = 1, h = 0, mi = 0, se = 0, ms = 0, pm = false;
  let tz: string | undefined;
  fields.forEach((f, i) => {
    const v = m[i + 1];
    switch (f[0]) {
      case 'y': case 'u': y = f.length === 2 ? 2000 + Number(v) : Number(v); break;
      case 'M': mo = f.length >= 3 ? MONTHS.indexOf(v.slice(0, 3).toLowerCase()) + 1 : Number(v); break;
      case 'd': d = Number(v); break;
      case 'H': case 'h': case 'k': h = Number(v); break;
      case 'm': mi = Number(v); break;
      case 's': se = Number(v); break;
      case 'S': ms = Number(v.padEnd(3, '0').slice(0, 3)); break;
      case 'Z': case 'X': case 'x': tz = v; break;
      case 'a': pm = v.toLowerCase() === 'pm'; break;
      default: break;
    }
  });
  if (pm && h < 12) h += 12;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return NaN;
  const wall = Date.UTC(y, mo - 1, d, h, mi, se, ms);
  if (tz) return wall - offsetOf(tz);
  return zone === UTC ? wall : wallToUtc(zone, wall);
}

/** Parses one value with one format (no `||`); NaN when it does not match. */
function parseOne(value: string | number, format: string, zone: TimeZone, roundUp: boolean): number {
  const f = format.trim();
  if (f === 'epoch_millis' || f === 'epoch_second') {
    const n = typeof value === 'number' ? value : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    return f === 'epoch_second' ? n * 1000 : n;
  }
  if (typeof value === 'number') return NaN;
  if (f === 'strict_date_optional_time' || f === 'date_optional_time' || f === 'strict_date_optional_time_nanos' || f === 'iso8601') return parseIso(value, zone, roundUp);
  return parsePattern(value, NAMED[f] ?? f, zone);
}

/** Parses a date value with a format (alternatives joined by `||`); throws 400 when none matches. */
export function parseDate(value: unknown, format: string = DEFAULT_DATE_FORMAT, zone: TimeZone = UTC, roundUp = false): number {
  if (typeof format !== 'string') throw illegalArgument(`[format] must be a string, got [${JSON.stringify(format)}]`);
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw illegalArgument(`failed to parse date field [${JSON.stringify(value)}] with format [${format}]`);
  }
  for (const f of format.split('||')) {
    const ms = parseOne(value, f, zone, roundUp);
    if (Number.isFinite(ms)) return Math.floor(ms);
  }
  throw illegalArgument(`failed to parse date field [${value}] with format [${format}]`);
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');
const offsetText = (off: number, colon: boolean): string => {
  if (off === 0) return 'Z';
  const a = Math.abs(off) / 60_000;
  return `${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
};

/** Formats epoch ms with a format (the first of `||` alternatives) in a zone. */
export function formatDate(ms: number, format: string = DEFAULT_DATE_FORMAT, zone: TimeZone = UTC): string {
  if (typeof format !== 'string') throw illegalArgument(`[format] must be a string, got [${JSON.stringify(format)}]`);
  const f = format.split('||')[0].trim();
  if (f === 'epoch_millis') return String(ms);
  if (f === 'epoch_second') return String(Math.floor(ms / 1000));
  const off = zone.offsetAt(ms);
  const w = new Date(ms + off);
  if (f === 'strict_date_optional_time' || f === 'date_optional_time' || f === 'strict_date_optional_time_nanos' || f === 'iso8601') {
    return `${w.toISOString().slice(0, 23)}${offsetText(off, true)}`;
  }
  const pattern = NAMED[f] ?? f;
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    let j = i;
    while (pattern[j] === c) j++;
    const n = j - i;
    switch (c) {
      case 'y': case 'u': out += n === 2 ? pad(w.getUTCFullYear() % 100) : pad(w.getUTCFullYear(), 4); break;
      case 'M': out += n >= 3 ? MONTHS[w.getUTCMonth()].replace(/^./, (x) => x.toUpperCase()) : pad(w.getUTCMonth() + 1, n); break;
      case 'd': out += pad(w.getUTCDate(), n); break;
      case 'H': out += pad(w.getUTCHours(), n); break;
      case 'm': out += pad(w.getUTCMinutes(), n); break;
      case 's': out += pad(w.getUTCSeconds(), n); break;
      case 'S': out += pad(w.getUTCMilliseconds(), 3).padEnd(n, '0').slice(0, n); break;
      case 'Z': case 'X': case 'x': out += n >= 3 || c === 'X' ? offsetText(off, n >= 3) : offsetText(off, false).replace('Z', '+0000'); break;
      default: out += c.repeat(n);
    }
    i = j;
  }
  return out;
}

/** Calendar units of date math and calendar intervals. */
export type CalendarUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'H' | 'm' | 's' | 'q';

/** Rounds epoch ms down to the start of a calendar unit in a zone. */
export function roundDown(ms: number, unit: CalendarUnit, zone: TimeZone = UTC): number {
  const off = zone.offsetAt(ms);
  const w = new Date(ms + off);
  let wall: number;
  switch (unit) {
    case 'y': wall = Date.UTC(w.getUTCFullYear(), 0, 1); break;
    case 'q': wall = Date.UTC(w.getUTCFullYear(), Math.floor(w.getUTCMonth() / 3) * 3, 1); break;
    case 'M': wall = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), 1); break;
    case 'w': {
      const day = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate());
      wall = day - ((w.getUTCDay() + 6) % 7) * 86_400_000; // ISO weeks start on Monday
      break;
    }
    case 'd': wall = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate()); break;
    case 'h': case 'H': wall = Math.floor((ms + off) / 3_600_000) * 3_600_000; break;
    case 'm': wall = Math.floor((ms + off) / 60_000) * 60_000; break;
    case 's': wall = Math.floor((ms + off) / 1000) * 1000; break;
  }
  return zone === UTC ? wall : wallToUtc(zone, wall);
}

/** Adds `n` calendar units to epoch ms in a zone (months keep the day of month where they can). */
export function addUnits(ms: number, n: number, unit: CalendarUnit, zone: TimeZone = UTC): number {
  const off = zone.offsetAt(ms);
  const w = new Date(ms + off);
  switch (unit) {
    case 'y': w.setUTCFullYear(w.getUTCFullYear() + n); break;
    case 'q': w.setUTCMonth(w.getUTCMonth() + 3 * n); break;
    case 'M': w.setUTCMonth(w.getUTCMonth() + n); break;
    case 'w': w.setUTCDate(w.getUTCDate() + 7 * n); break;
    case 'd': w.setUTCDate(w.getUTCDate() + n); break;
    case 'h': case 'H': return ms + n * 3_600_000;
    case 'm': return ms + n * 60_000;
    case 's': return ms + n * 1000;
  }
  return zone === UTC ? w.getTime() : wallToUtc(zone, w.getTime());
}

/** Options for {@link parseDateMath}. */
export interface DateMathOptions {
  /** The field's (or query's) format. @default DEFAULT_DATE_FORMAT */
  readonly format?: string;
  /** Round up to the end of the unit (for `gt` and `lte`). @default false */
  readonly roundUp?: boolean;
  /** Zone for rounding and for dates without an offset. @default UTC */
  readonly zone?: TimeZone;
  /** The instant `now` means. @default Date.now() */
  readonly now?: number;
}

/** Evaluates date math: `now`, `now-1h/h`, `2024-01-01||+1M/d`, or a plain date. */
export function parseDateMath(value: unknown, opts: DateMathOptions = {}): number {
  const zone = opts.zone ?? UTC;
  if (typeof value === 'number') return parseDate(value, opts.format ?? DEFAULT_DATE_FORMAT, zone);
  if (typeof value !== 'string') throw illegalArgument(`failed to parse date field [${JSON.stringify(value)}]`);
  let anchor: number;
  let math: string;
  if (value.startsWith('now')) {
    anchor = opts.now ?? Date.now();
    math = value.slice(3);
  } else {
    const at = value.indexOf('||');
    const plain = at < 0 ? value : value.slice(0, at);
    if (plain === value) return parseDate(value, opts.format ?? DEFAULT_DATE_FORMAT, zone, opts.roundUp);
    anchor = parseDate(plain, opts.format ?? DEFAULT_DATE_FORMAT, zone);
    math = value.slice(at + 2);
  }
  let t = anchor;
  const re = /([+-])(\d*)([yMwdhHmsq])|\/([yMwdhHmsq])/y;
  let pos = 0;
  while (pos < math.length) {
    re.lastIndex = pos;
    const m = re.exec(math);
    if (!m) throw illegalArgument(`failed to parse date field [${value}]: invalid date math [${math.slice(pos)}]`);
    pos = re.lastIndex;
    if (m[4]) {
      const unit = m[4] as CalendarUnit;
      t = roundDown(t, unit, zone);
      if (opts.roundUp) t = addUnits(t, 1, unit, zone) - 1;
    } else {
      const n = (m[2] === '' ? 1 : Number(m[2])) * (m[1] === '-' ? -1 : 1);
      t = addUnits(t, n, m[3] as CalendarUnit, zone);
    }
  }
  return t;
}
