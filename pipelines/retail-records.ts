/**
 * Typing helpers of the retail pipeline: numbers from CSV text, currency and country
 * normalization, and the combined-log-format parser for web logs.
 */
/** A number from a JSON number or its decimal text (the schema has checked the pattern). */
export const toNumber = (v: number | string): number => (typeof v === 'number' ? v : Number(v.trim()));

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { '€': 'EUR', $: 'USD', US$: 'USD', '£': 'GBP', '¥': 'JPY', CHF: 'CHF' };

/** An ISO 4217 code from a code in any case or a symbol; undefined when unknown to `rates`. */
export function normalizeCurrency(raw: string, rates: Readonly<Record<string, number>>): string | undefined {
  const t = raw.trim();
  const code = CURRENCY_SYMBOLS[t] ?? t.toUpperCase();
  return code in rates ? code : undefined;
}

const COUNTRY_CODES: Readonly<Record<string, string>> = {
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  france: 'FR',
  germany: 'DE',
  spain: 'ES',
  italy: 'IT',
  netherlands: 'NL',
  belgium: 'BE',
  portugal: 'PT',
  ireland: 'IE',
  switzerland: 'CH',
  austria: 'AT',
  sweden: 'SE',
  norway: 'NO',
  denmark: 'DK',
  finland: 'FI',
  poland: 'PL',
  'united states': 'US',
  usa: 'US',
  canada: 'CA',
  australia: 'AU',
  japan: 'JP',
};

/** ISO 3166-1 alpha-2 for a code or a known country name; the trimmed input otherwise. */
export function normalizeCountry(raw: string): string {
  const t = raw.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return COUNTRY_CODES[t.toLowerCase()] ?? t;
}

/** A parsed combined-log-format line. */
export interface WeblogLine {
  readonly ip: string;
  readonly user?: string;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  readonly referrer?: string;
  readonly user_agent?: string;
}

const CLF = /^(\S+) \S+ (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "(\S+) (\S+)(?: [^"]*)?" (\d{3}) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?\s*$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const cache = new WeakMap<object, WeblogLine | null>();

/** Parses a combined (or common) log format line; undefined when it does not parse. */
export function parseWeblog(line: string): WeblogLine | undefined {
  const m = CLF.exec(line);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[4]);
  if (month < 0) return undefined;
  const offsetMin = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const ms = Date.UTC(Number(m[5]), month, Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8])) - offsetMin * 60_000;
  if (!Number.isFinite(ms)) return undefined;
  const dash = (s: string | undefined) => (s === undefined || s === '-' ? undefined : s);
  return {
    ip: m[1],
    user: dash(m[2]),
    time: new Date(ms).toISOString(),
    method: m[12],
    path: m[13],
    status: Number(m[14]),
    bytes: m[15] === '-' ? 0 : Number(m[15]),
    referrer: dash(m[16]),
    user_agent: dash(m[17]),
  };
}

/** {@link parseWeblog}, memoized per event object (the rule and the enrichment both need it). */
export function parsedWeblog(event: { readonly line: string }): WeblogLine | undefined {
  let p = cache.get(event);
  if (p === undefined) {
    p = parseWeblog(event.line) ?? null;
    cache.set(event, p);
  }
  return p ?? undefined;
}
