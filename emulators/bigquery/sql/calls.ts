/**
 * Whole-call rewrites on tokens, before the transpiler, for GoogleSQL functions it translates
 * wrongly or not at all. Each call becomes a `__bq_*` DuckDB macro (./macros.ts) whose arguments
 * are still GoogleSQL (rewritten recursively), so the transpiler still translates them:
 * - `DATE_TRUNC(d, part)` returns a DATE; WEEK starts on Sunday, `WEEK(<WEEKDAY>)` and ISOWEEK on
 *   their day (DuckDB's weeks start on Monday and it returns a TIMESTAMP);
 * - `TIMESTAMP_TRUNC` / `DATETIME_TRUNC` to WEEK, `WEEK(<WEEKDAY>)` or ISOWEEK likewise;
 * - `TIMESTAMP_DIFF(a, b, part)` counts whole parts elapsed (truncated), not boundaries crossed;
 * - `FORMAT_TIMESTAMP(fmt, t[, tz])` in a time zone; `PARSE_TIMESTAMP(fmt, s)` returns a TIMESTAMP;
 * - format strings of FORMAT_* / PARSE_*: `%c %x %X %D %F %T %R` spelled out for DuckDB;
 * - `REGEXP_CONTAINS` is a partial match (the transpiler made it a full match);
 * - `REGEXP_EXTRACT(s, re)` is the first group if `re` has one, else the whole match, NULL if none;
 * - `DATE(timestamp, time_zone)` is the date in that zone;
 * - a numeric literal with a decimal point is a FLOAT64 (`2.5` → `2.5e0`), as in GoogleSQL.
 */
import { tokenize, type Token } from './lexer';

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
const MICROS: Record<string, number> = { MICROSECOND: 1, MILLISECOND: 1e3, SECOND: 1e6, MINUTE: 6e7, HOUR: 3.6e9, DAY: 8.64e10 };
const FORMAT_FNS = new Set(['FORMAT_DATE', 'FORMAT_DATETIME', 'FORMAT_TIMESTAMP', 'FORMAT_TIME', 'PARSE_DATE', 'PARSE_DATETIME', 'PARSE_TIMESTAMP', 'PARSE_TIME']);
const FORMAT_ALIASES: Record<string, string> = { c: '%a %b %-d %H:%M:%S %Y', x: '%m/%d/%y', X: '%H:%M:%S', D: '%m/%d/%y', F: '%Y-%m-%d', T: '%H:%M:%S', R: '%H:%M' };

/** A parsed call: argument texts (trimmed) and the token index of its closing parenthesis. */
interface Call {
  readonly args: string[];
  readonly close: number;
}

function readCall(toks: Token[], open: number): Call | undefined {
  let depth = 0;
  const args: string[] = [];
  let current = '';
  for (let i = open; i < toks.length; i++) {
    const x = toks[i].text;
    if (x === '(' || x === '[') {
      depth++;
      if (depth === 1) continue;
    } else if (x === ')' || x === ']') {
      depth--;
      if (depth === 0) {
        args.push(current.trim());
        return { args: args.filter((a, k) => a !== '' || k > 0), close: i };
      }
    } else if (x === ',' && depth === 1) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += x;
  }
  return undefined;
}

/** `WEEK`, `WEEK(MONDAY)`, `ISOWEEK` → first weekday (0 = Sunday), else undefined. */
function weekStart(part: string): number | undefined {
  const p = part.replace(/\s+/g, '').toUpperCase();
  if (p === 'WEEK') return 0;
  if (p === 'ISOWEEK') return 1;
  const m = /^WEEK\((\w+)\)$/.exec(p);
  return m && WEEKDAYS.includes(m[1]) ? WEEKDAYS.indexOf(m[1]) : undefined;
}

/** A GoogleSQL string literal's format with the aliases DuckDB lacks spelled out. */
function expandFormat(literal: string): string {
  const m = /^(['"])(.*)\1$/s.exec(literal);
  if (!m) return literal;
  const body = m[2].replace(/%([cxXDFTR])/g, (_all, k: string) => FORMAT_ALIASES[k]);
  return `${m[1]}${body}${m[1]}`;
}

const isWord = (s: string): boolean => /^[A-Za-z_]+(\s*\(\s*\w+\s*\))?$/.test(s);
const isString = (s: string): boolean => /^(['"]).*\1$/s.test(s);

/** The replacement for one call, or undefined to keep it. `args` are already rewritten. */
function replace(name: string, args: string[]): string | undefined {
  if (name === 'DATE_TRUNC' && args.length === 2 && isWord(args[1])) {
    const k = weekStart(args[1]);
    return k !== undefined ? `__bq_date_trunc_week(${args[0]}, ${k})` : `__bq_date_trunc(${args[0]}, '${args[1].toLowerCase()}')`;
  }
  if ((name === 'TIMESTAMP_TRUNC' || name === 'DATETIME_TRUNC') && args.length === 2) {
    const k = weekStart(args[1]);
    if (k !== undefined) return `__bq_ts_trunc_week(${args[0]}, ${k})`;
  }
  if (name === 'TIMESTAMP_DIFF' && args.length === 3) {
    const unit = MICROS[args[2].toUpperCase()];
    if (unit) return `__bq_ts_diff(${args[0]}, ${args[1]}, ${unit})`;
  }
  if (FORMAT_FNS.has(name) && args.length >= 2 && isString(args[0])) args[0] = expandFormat(args[0]);
  if (name === 'FORMAT_TIMESTAMP' && (args.length === 2 || args.length === 3)) return `__bq_format_timestamp(${args[0]}, ${args[1]}, ${args[2] ?? "'UTC'"})`;
  if (name === 'PARSE_TIMESTAMP' && args.length === 2) return `__bq_parse_timestamp(${args[0]}, ${args[1]})`;
  if (name === 'REGEXP_CONTAINS' && args.length === 2) return `__bq_regexp_contains(${args[0]}, ${args[1]})`;
  if (name === 'REGEXP_EXTRACT' && args.length === 2) return `__bq_regexp_extract(${args[0]}, ${args[1]})`;
  if (name === 'DATE' && args.length === 2) return `__bq_date_in_zone(${args[0]}, ${args[1]})`;
  if (FORMAT_FNS.has(name)) return `${name}(${args.join(', ')})`;
  return undefined;
}

const NAMES = new Set(['DATE_TRUNC', 'TIMESTAMP_TRUNC', 'DATETIME_TRUNC', 'TIMESTAMP_DIFF', 'REGEXP_CONTAINS', 'REGEXP_EXTRACT', 'DATE', ...FORMAT_FNS]);

/** Applies the rewrites above (recursively inside arguments). */
export function rewriteCalls(sql: string): string {
  const toks = tokenize(sql);
  let out = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const name = t.kind === 'ident' ? t.text.toUpperCase() : '';
    const prev = toks.slice(0, i).reverse().find((x) => x.kind !== 'ws' && x.kind !== 'comment');
    if (NAMES.has(name) && toks[i + 1]?.text === '(' && prev?.text !== '.') {
      const call = readCall(toks, i + 1);
      if (call) {
        const replaced = replace(name, call.args.map(rewriteCalls));
        if (replaced !== undefined) {
          out += replaced;
          i = call.close;
          continue;
        }
      }
    }
    // A literal with a decimal point is FLOAT64 in GoogleSQL (DuckDB makes it DECIMAL).
    out += t.kind === 'number' && t.text.includes('.') && !/[eE]/.test(t.text) ? `${t.text}e0` : t.text;
  }
  return out;
}
