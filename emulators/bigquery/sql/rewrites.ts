/**
 * Token-level rewrites for GoogleSQL shapes the transpiler leaves wrong for DuckDB, each into a
 * form it passes through (with a DuckDB macro from ./macros.ts where one is needed):
 * - `ARRAY_AGG(x ORDER BY y LIMIT n)` → `__bq_limit(ARRAY_AGG(x ORDER BY y), n)` (DuckDB has no LIMIT there);
 * - `a[OFFSET(i)].field` → `a[(i) + 1].field` (the transpiler leaves subscripts before a field access alone);
 * - `DATE_ADD` / `DATE_SUB` → `__bq_date_add` / `__bq_date_sub`, which return a DATE as BigQuery does
 *   (DuckDB's date + interval is a TIMESTAMP).
 */
import { tokenize, type Token } from './lexer';

const upper = (t: Token | undefined): string => (t && t.kind === 'ident' ? t.text.toUpperCase() : '');

function nextSolid(toks: Token[], i: number): number {
  let j = i;
  while (j < toks.length && (toks[j].kind === 'ws' || toks[j].kind === 'comment')) j++;
  return j;
}

function closeOf(toks: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (toks[i].text === '(' || toks[i].text === '[') depth++;
    else if (toks[i].text === ')' || toks[i].text === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Applies the rewrites above. */
export function rewriteShapes(sql: string): string {
  const toks = tokenize(sql);
  const out: string[] = toks.map((t) => t.text);
  for (let i = 0; i < toks.length; i++) {
    const word = upper(toks[i]);
    if (word === 'DATE_ADD' || word === 'DATE_SUB') {
      const open = nextSolid(toks, i + 1);
      if (toks[open]?.text === '(') out[i] = `__bq_${word.toLowerCase()}`;
    } else if (word === 'ARRAY_AGG') {
      const open = nextSolid(toks, i + 1);
      if (toks[open]?.text !== '(') continue;
      const close = closeOf(toks, open);
      let depth = 0;
      for (let j = open; j < close; j++) {
        if (toks[j].text === '(') depth++;
        if (toks[j].text === ')') depth--;
        if (depth === 1 && upper(toks[j]) === 'LIMIT') {
          const n = toks.slice(j + 1, close).map((t) => t.text).join('').trim();
          out[i] = `__bq_limit(${out[i]}`;
          for (let k = j; k < close; k++) out[k] = '';
          out[close] = `), ${n})`;
          break;
        }
      }
    } else if (toks[i].text === '[') {
      const fnAt = nextSolid(toks, i + 1);
      const fn = upper(toks[fnAt]);
      if (!['OFFSET', 'SAFE_OFFSET', 'ORDINAL', 'SAFE_ORDINAL'].includes(fn)) continue;
      const open = nextSolid(toks, fnAt + 1);
      if (toks[open]?.text !== '(') continue;
      const close = closeOf(toks, open);
      const bracket = nextSolid(toks, close + 1);
      if (toks[bracket]?.text !== ']' || toks[nextSolid(toks, bracket + 1)]?.text !== '.') continue;
      const inner = toks.slice(open + 1, close).map((t) => t.text).join('');
      for (let k = i + 1; k < bracket; k++) out[k] = '';
      out[i + 1] = fn.endsWith('OFFSET') ? `(${inner}) + 1` : `(${inner})`;
    }
  }
  return out.join('');
}
