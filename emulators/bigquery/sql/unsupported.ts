/**
 * GoogleSQL constructs the emulator cannot run correctly. Each is refused before translation with
 * BigQuery's `invalidQuery` naming the construct and its position, instead of running a silent
 * mistranslation. (Listed in ../UNSUPPORTED.md.)
 */
import { invalidQuery } from '../errors';
import { position, tokenize, type Token } from './lexer';

const solid = (toks: Token[]): Token[] => toks.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
const word = (t: Token | undefined): string => (t && t.kind === 'ident' ? t.text.toUpperCase() : '');

/** Index of the `)` closing the `(` at `open`, or -1. */
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

/** Top-level comma-separated argument count of the call whose `(` is at `open`. */
function argCount(toks: Token[], open: number, close: number): number {
  let depth = 0;
  let n = 1;
  for (let i = open + 1; i < close; i++) {
    const x = toks[i].text;
    if (x === '(' || x === '[') depth++;
    else if (x === ')' || x === ']') depth--;
    else if (x === ',' && depth === 0) n++;
  }
  return n;
}

/** Whether a top-level `LIMIT` appears inside the call. */
function hasLimit(toks: Token[], open: number, close: number): boolean {
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const x = toks[i].text;
    if (x === '(' || x === '[') depth++;
    else if (x === ')' || x === ']') depth--;
    else if (depth === 0 && word(toks[i]) === 'LIMIT') return true;
  }
  return false;
}

/** Throws `invalidQuery` for the first construct the emulator does not support. */
export function rejectUnsupported(sql: string): void {
  const toks = solid(tokenize(sql));
  const fail = (what: string, at: Token): never => {
    throw invalidQuery(`${what} is not supported by the BigQuery emulator at ${position(sql, at.start)}`);
  };
  for (let i = 0; i < toks.length; i++) {
    const w = word(toks[i]);
    const open = toks[i + 1]?.text === '(' ? i + 1 : -1;
    if (w === 'STRING_AGG' && open > 0 && hasLimit(toks, open, closeOf(toks, open))) fail('STRING_AGG with LIMIT', toks[i]);
    if ((w === 'REGEXP_EXTRACT' || w === 'REGEXP_SUBSTR') && open > 0 && argCount(toks, open, closeOf(toks, open)) > 2) {
      fail(`${w} with position or occurrence arguments`, toks[i]);
    }
    if (w === 'SELECT' && word(toks[i + 1]) === 'AS' && ['STRUCT', 'VALUE'].includes(word(toks[i + 2]))) fail(`SELECT AS ${word(toks[i + 2])}`, toks[i]);
    if (i === 0 && (w === 'DECLARE' || w === 'BEGIN')) fail(`Scripting (${w})`, toks[i]);
  }
}

/**
 * After ./calls.ts: a `WITH OFFSET` it did not rewrite (an UNNEST without an element alias) is
 * refused; the position is that of the first `WITH OFFSET` in the original text.
 */
export function rejectLeftovers(rewritten: string, original: string): void {
  const left = solid(tokenize(rewritten));
  if (!left.some((t, i) => word(t) === 'WITH' && word(left[i + 1]) === 'OFFSET')) return;
  const toks = solid(tokenize(original));
  const at = toks.find((t, i) => word(t) === 'WITH' && word(toks[i + 1]) === 'OFFSET') ?? toks[0];
  throw invalidQuery(`UNNEST ... WITH OFFSET without an element alias is not supported by the BigQuery emulator at ${position(original, at.start)}`);
}
