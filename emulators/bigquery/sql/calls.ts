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
 * - `LAST_DAY(d, WEEK[(<WEEKDAY>)])`, `EXTRACT(WEEK[(<WEEKDAY>)] FROM d)` (week 0 before the first
 *   such day) and `EXTRACT(DAYOFWEEK FROM d)` (Sunday = 1) on BigQuery's week definitions;
 * - `APPROX_QUANTILES(x, n)` gives the n + 1 quantile boundaries as values of x (exact, quantile_disc);
 * - `JSON_VALUE(json[, path])` is the scalar as a STRING, NULL for an object or array (the transpiler
 *   returned JSON text with quotes); `FORMAT('%d', ...)` is `printf` (the transpiler left it to
 *   DuckDB's `{}` format);
 * - `SAFE.FN(...)` gives NULL where FN fails (DuckDB `TRY`); `SUBSTR` on BigQuery's positions (0 is 1,
 *   before the start is 1) and a negative length is an error;
 * - `STRING(timestamp, time_zone)` is the local time with the zone's offset (`2008-12-25 07:30:00-08`);
 * - `TIMESTAMP_MILLIS` / `TIMESTAMP_MICROS` / `GENERATE_TIMESTAMP_ARRAY` return TIMESTAMPs (not DATETIMEs);
 * - a numeric literal with a decimal point is a FLOAT64 (`2.5` → `2.5e0`), as in GoogleSQL;
 * - `UNNEST(a) [AS] e WITH OFFSET [AS] o` → the table macro `__bq_unnest_offset(a) AS __bq_u(e, o)`
 *   (the transpiler dropped the offset column), and `offset` used as a column name is quoted.
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
  if (name === 'TIMESTAMP_TRUNC' && args.length === 3) {
    const k = weekStart(args[1]);
    if (k !== undefined) return `__bq_ts_trunc_week_tz(${args[0]}, ${k}, ${args[2]})`;
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
  if (name === 'LAST_DAY' && args.length === 2) {
    const k = weekStart(args[1]);
    if (k !== undefined) return `__bq_last_day_week(${args[0]}, ${k})`;
    if (/^(YEAR|QUARTER|MONTH)$/i.test(args[1])) return `__bq_last_day(${args[0]}, '${args[1].toLowerCase()}')`;
  }
  if (name === 'EXTRACT') {
    const m = /^(DAYOFWEEK|WEEK(?:\s*\(\s*\w+\s*\))?)\s+FROM\s+([\s\S]+)$/i.exec(args.join(', '));
    if (m && m[1].toUpperCase() === 'DAYOFWEEK') return `__bq_dayofweek(${m[2]})`;
    const iso = /^ISOWEEK\s+FROM\s+([\s\S]+)$/i.exec(args.join(', '));
    if (iso) return `__bq_isoweek(${iso[1]})`;
    if (m) return `__bq_week(${m[2]}, ${weekStart(m[1])})`;
  }
  if ((name === 'SUBSTR' || name === 'SUBSTRING') && args.length === 3) return `__bq_substr(${args.join(', ')})`;
  if ((name === 'SUBSTR' || name === 'SUBSTRING') && args.length === 2) return `__bq_substr(${args.join(', ')}, NULL)`;
  if (name === 'APPROX_QUANTILES' && args.length === 2) return `__bq_approx_quantiles(${args[0]}, ${args[1]})`;
  if (name === 'JSON_VALUE' && (args.length === 1 || args.length === 2)) return `__bq_json_value(${args[0]}, ${args[1] ?? "'$'"})`;
  if (name === 'FORMAT' && args.length >= 1 && isString(args[0])) return `printf(${args.join(', ')})`;
  if (name === 'STRING' && args.length === 2) return `__bq_string_ts(${args[0]}, ${args[1]})`;
  if (name === 'TIMESTAMP_MILLIS' && args.length === 1) return `__bq_timestamp_millis(${args[0]})`;
  if (name === 'TIMESTAMP_MICROS' && args.length === 1) return `__bq_timestamp_micros(${args[0]})`;
  if (name === 'GENERATE_TIMESTAMP_ARRAY' && args.length === 3) return `__bq_generate_timestamp_array(${args.join(', ')})`;
  if (FORMAT_FNS.has(name)) return `${name}(${args.join(', ')})`;
  return undefined;
}

const NAMES = new Set(['SUBSTR', 'SUBSTRING', 'APPROX_QUANTILES', 'JSON_VALUE', 'FORMAT', 'STRING', 'LAST_DAY', 'EXTRACT', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'GENERATE_TIMESTAMP_ARRAY', 'DATE_TRUNC', 'TIMESTAMP_TRUNC', 'DATETIME_TRUNC', 'TIMESTAMP_DIFF', 'REGEXP_CONTAINS', 'REGEXP_EXTRACT', 'DATE', ...FORMAT_FNS]);

const solidIndex = (toks: Token[], i: number): number => {
  let j = i;
  while (j < toks.length && (toks[j].kind === 'ws' || toks[j].kind === 'comment')) j++;
  return j;
};
const upperAt = (toks: Token[], i: number): string => (toks[i]?.kind === 'ident' ? toks[i].text.toUpperCase() : '');

/** `UNNEST(a) [AS] e WITH OFFSET [AS] o` as a table macro call; other `UNNEST` left alone. */
function rewriteUnnestOffset(sql: string): string {
  const toks = tokenize(sql);
  const out = toks.map((t) => t.text);
  for (let i = 0; i < toks.length; i++) {
    if (upperAt(toks, i) !== 'UNNEST' || toks[i + 1]?.text !== '(') continue;
    const call = readCall(toks, i + 1);
    if (!call) continue;
    let j = solidIndex(toks, call.close + 1);
    if (upperAt(toks, j) === 'AS') j = solidIndex(toks, j + 1);
    if (toks[j]?.kind !== 'ident' || upperAt(toks, j) === 'WITH') continue;
    const element = toks[j].text;
    const withAt = solidIndex(toks, j + 1);
    const offsetAt = solidIndex(toks, withAt + 1);
    if (upperAt(toks, withAt) !== 'WITH' || upperAt(toks, offsetAt) !== 'OFFSET') continue;
    let k = solidIndex(toks, offsetAt + 1);
    let alias = 'offset';
    let end = offsetAt;
    if (upperAt(toks, k) === 'AS') k = solidIndex(toks, k + 1);
    if (toks[k]?.kind === 'ident' || toks[k]?.kind === 'backtick') {
      alias = toks[k].text.replace(/`/g, '');
      end = k;
    }
    out[i] = `__bq_unnest_offset(${call.args.join(', ')}) AS __bq_u(${element}, \`${alias}\`)`;
    for (let m = i + 1; m <= end; m++) out[m] = '';
  }
  return out.join('');
}

/** Bare `offset` used as a column name (not `[OFFSET(i)]`, not `LIMIT n OFFSET m`) quoted for DuckDB. */
function quoteOffsetColumns(sql: string): string {
  const toks = tokenize(sql);
  return toks
    .map((t, i) => {
      if (upperAt(toks, i) !== 'OFFSET' || toks[solidIndex(toks, i + 1)]?.text === '(') return t.text;
      let p = i - 1;
      while (p >= 0 && (toks[p].kind === 'ws' || toks[p].kind === 'comment')) p--;
      const prev = toks[p];
      if (prev && (prev.kind === 'number' || prev.kind === 'param' || prev.kind === 'positional' || prev.text === ')')) return t.text;
      if (upperAt(toks, p) === 'WITH') return t.text;
      return `\`${t.text}\``;
    })
    .join('');
}

/** Applies the rewrites above (recursively inside arguments). */
export function rewriteCalls(sql: string): string {
  return rewriteFunctionCalls(rewriteSafePrefix(quoteOffsetColumns(rewriteUnnestOffset(sql))));
}

/** `SAFE.FN(args)` → `__bq_safe(FN(args))`: DuckDB's TRY turns the error into NULL, as the prefix does. */
function rewriteSafePrefix(sql: string): string {
  const toks = tokenize(sql);
  let out = '';
  for (let i = 0; i < toks.length; i++) {
    if (upperAt(toks, i) === 'SAFE' && toks[i + 1]?.text === '.' && toks[i + 2]?.kind === 'ident' && toks[i + 3]?.text === '(') {
      const call = readCall(toks, i + 3);
      if (call) {
        out += `__bq_safe(${toks[i + 2].text}(${call.args.map(rewriteSafePrefix).join(', ')}))`;
        i = call.close;
        continue;
      }
    }
    out += toks[i].text;
  }
  return out;
}

/** Whether the token before `i` (skipping whitespace) is a `.` (a method-like or qualified name). */
function afterDot(toks: Token[], i: number): boolean {
  let p = i - 1;
  while (p >= 0 && (toks[p].kind === 'ws' || toks[p].kind === 'comment')) p--;
  return toks[p]?.text === '.';
}

function rewriteFunctionCalls(sql: string): string {
  const toks = tokenize(sql);
  let out = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const name = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (NAMES.has(name) && toks[i + 1]?.text === '(' && !afterDot(toks, i)) {
      const call = readCall(toks, i + 1);
      if (call) {
        const replaced = replace(name, call.args.map(rewriteFunctionCalls));
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

/** After the transpiler (which unquotes them): the `__bq_u(e, o)` column aliases double-quoted for DuckDB. */
export function quoteUnnestAliases(duckSql: string): string {
  return duckSql.replace(/\b(AS\s+__bq_u\s*\()([^)]*)\)/gi, (_all, head: string, list: string) => {
    const names = list.split(',').map((n) => n.trim().replace(/^"(.*)"$/, '$1'));
    return `${head}${names.map((n) => `"${n.replace(/"/g, '""')}"`).join(', ')})`;
  });
}
