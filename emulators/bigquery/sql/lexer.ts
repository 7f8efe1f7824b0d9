/**
 * A GoogleSQL tokenizer, used only for what the transpiler cannot see: query parameters
 * (`@name`, `?`) and table references (backticked `project.dataset.table`). It knows strings
 * (', ", triple-quoted, raw and bytes prefixes), comments and quoted identifiers, so a `@` or `?`
 * inside them is never taken for a parameter.
 */

/** One token with its source offset. */
export interface Token {
  readonly kind: 'ws' | 'comment' | 'string' | 'quoted' | 'backtick' | 'ident' | 'number' | 'param' | 'positional' | 'punct';
  readonly text: string;
  readonly start: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_]/;

function stringEnd(sql: string, i: number, quote: string): number {
  const triple = sql.startsWith(quote.repeat(3), i);
  const close = triple ? quote.repeat(3) : quote;
  let j = i + close.length;
  while (j < sql.length) {
    if (sql[j] === '\\') j += 2;
    else if (sql.startsWith(close, j)) return j + close.length;
    else j++;
  }
  return sql.length;
}

/** Splits GoogleSQL text into tokens (whitespace and comments kept, so joining texts gives the input back). */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const start = i;
    let kind: Token['kind'];
    if (/\s/.test(c)) {
      while (i < sql.length && /\s/.test(sql[i])) i++;
      kind = 'ws';
    } else if (sql.startsWith('--', i) || c === '#') {
      while (i < sql.length && sql[i] !== '\n') i++;
      kind = 'comment';
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      kind = 'comment';
    } else if (c === "'" || c === '"') {
      i = stringEnd(sql, i, c);
      kind = 'string';
    } else if (/[rRbB]/.test(c) && (sql[i + 1] === "'" || sql[i + 1] === '"')) {
      i = stringEnd(sql, i + 1, sql[i + 1]);
      kind = 'string';
    } else if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      i = end < 0 ? sql.length : end + 1;
      kind = 'backtick';
    } else if (c === '@' && sql[i + 1] !== '@' && IDENT_START.test(sql[i + 1] ?? '')) {
      i++;
      while (i < sql.length && IDENT.test(sql[i])) i++;
      kind = 'param';
    } else if (c === '?') {
      i++;
      kind = 'positional';
    } else if (IDENT_START.test(c)) {
      while (i < sql.length && IDENT.test(sql[i])) i++;
      kind = 'ident';
    } else if (/[0-9]/.test(c)) {
      while (i < sql.length && /[0-9.eE]/.test(sql[i])) i++;
      kind = 'number';
    } else {
      i++;
      kind = 'punct';
    }
    out.push({ kind, text: sql.slice(start, i), start });
  }
  return out;
}

/** 1-based `[line:column]` of an offset, as BigQuery writes error positions. */
export function position(sql: string, offset: number): string {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `[${line}:${column}]`;
}
