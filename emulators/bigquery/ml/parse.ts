/**
 * The BigQuery ML statement shapes the transpiler passes through untouched, read on tokens:
 * `CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name OPTIONS(...) AS query`, `DROP MODEL`, and
 * `ML.<FUNCTION>(MODEL name [, (query) | TABLE name] [, STRUCT(value AS name, ...)])` calls.
 */
import { invalidQuery } from '../errors';
import { position, tokenize, type Token } from '../sql/lexer';

/** A literal option or setting value. */
export type OptionValue = string | number | boolean | null | OptionValue[];

/** A parsed CREATE MODEL. */
export interface CreateModel {
  readonly datasetId: string;
  readonly modelId: string;
  readonly replace: boolean;
  readonly ifNotExists: boolean;
  readonly options: Record<string, OptionValue>;
  /** The training query's GoogleSQL text. */
  readonly query: string;
}

/** A parsed ML.* call and where it sits in the statement text. */
export interface MlCall {
  readonly fn: string;
  readonly datasetId: string;
  readonly modelId: string;
  /** GoogleSQL of the input query (`(query)` or `TABLE t` as `SELECT * FROM t`). */
  readonly input?: string;
  readonly settings: Record<string, OptionValue>;
  readonly start: number;
  readonly end: number;
}

const solid = (sql: string) => tokenize(sql).filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
const upper = (t: Token | undefined) => (t && t.kind === 'ident' ? t.text.toUpperCase() : '');

/** Reads a dotted name at `i`: returns its parts and the index after it. */
function readName(toks: Token[], i: number): { parts: string[]; next: number } {
  const parts: string[] = [];
  while (i < toks.length) {
    const t = toks[i];
    if (t.kind === 'backtick') parts.push(...t.text.slice(1, -1).split('.'));
    else if (t.kind === 'ident') parts.push(t.text);
    else break;
    i++;
    if (toks[i]?.text !== '.') break;
    i++;
  }
  return { parts, next: i };
}

/** Index of the token closing the parenthesis opened at `open`. */
function closing(toks: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (toks[i].text === '(' || toks[i].text === '[') depth++;
    else if (toks[i].text === ')' || toks[i].text === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw invalidQuery('Syntax error: Unclosed parenthesis in a BigQuery ML statement');
}

function literal(toks: Token[]): OptionValue {
  if (toks.length === 0) return null;
  const t = toks[0];
  if (t.text === '[') {
    const items: OptionValue[] = [];
    let cur: Token[] = [];
    for (const x of toks.slice(1, -1)) {
      if (x.text === ',') items.push(literal(cur)), (cur = []);
      else cur.push(x);
    }
    if (cur.length) items.push(literal(cur));
    return items;
  }
  if (t.kind === 'string') return t.text.replace(/^[rRbB]?('''|"""|'|")/, '').replace(/('''|"""|'|")$/, '');
  if (t.kind === 'number' || (t.text === '-' && toks[1]?.kind === 'number')) return Number(toks.map((x) => x.text).join(''));
  if (upper(t) === 'TRUE') return true;
  if (upper(t) === 'FALSE') return false;
  if (upper(t) === 'NULL') return null;
  return toks.map((x) => x.text).join(' ');
}

/** Splits tokens at depth-0 commas. */
function splitCommas(toks: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.text === '(' || t.text === '[') depth++;
    if (t.text === ')' || t.text === ']') depth--;
    if (t.text === ',' && depth === 0) out.push(cur), (cur = []);
    else cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Parses a CREATE MODEL statement, or returns undefined for any other statement. */
export function parseCreateModel(sql: string): CreateModel | undefined {
  const toks = solid(sql);
  let i = 0;
  if (upper(toks[i]) !== 'CREATE') return undefined;
  i++;
  let replace = false;
  if (upper(toks[i]) === 'OR' && upper(toks[i + 1]) === 'REPLACE') (replace = true), (i += 2);
  if (upper(toks[i]) !== 'MODEL') return undefined;
  i++;
  let ifNotExists = false;
  if (upper(toks[i]) === 'IF') (ifNotExists = true), (i += 3);
  const { parts, next } = readName(toks, i);
  if (parts.length < 2) throw invalidQuery(`Model name must be qualified with a dataset, like dataset.model, at ${position(sql, toks[i]?.start ?? 0)}`);
  i = next;
  for (const clause of ['TRANSFORM', 'INPUT', 'OUTPUT', 'REMOTE']) {
    if (upper(toks[i]) === clause) throw invalidQuery(`CREATE MODEL ... ${clause} is not supported by the local BigQuery emulator (see UNSUPPORTED.md)`);
  }
  const options: Record<string, OptionValue> = {};
  if (upper(toks[i]) === 'OPTIONS') {
    const close = closing(toks, i + 1);
    for (const part of splitCommas(toks.slice(i + 2, close))) {
      const eq = part.findIndex((t) => t.text === '=');
      if (eq < 1) throw invalidQuery(`Syntax error in OPTIONS at ${position(sql, part[0]?.start ?? 0)}: expected name = value`);
      options[part[0].text.toLowerCase()] = literal(part.slice(eq + 1));
    }
    i = close + 1;
  }
  if (upper(toks[i]) !== 'AS') throw invalidQuery('CREATE MODEL needs AS followed by the training query (models without one are not supported)');
  const rest = toks[i + 1];
  let query = rest ? sql.slice(rest.start).trim() : '';
  if (query.startsWith('(') && query.endsWith(')')) query = query.slice(1, -1);
  return { datasetId: parts[parts.length - 2], modelId: parts[parts.length - 1], replace, ifNotExists, options, query };
}

/** Parses `DROP MODEL [IF EXISTS] name`, or undefined. */
export function parseDropModel(sql: string): { datasetId: string; modelId: string; ifExists: boolean } | undefined {
  const toks = solid(sql);
  if (upper(toks[0]) !== 'DROP' || upper(toks[1]) !== 'MODEL') return undefined;
  const ifExists = upper(toks[2]) === 'IF';
  const { parts } = readName(toks, ifExists ? 4 : 2);
  return { datasetId: parts[parts.length - 2], modelId: parts[parts.length - 1], ifExists };
}

/** The first (outermost, leftmost) ML.* call in a statement, or undefined. */
export function findMlCall(sql: string): MlCall | undefined {
  const toks = solid(sql);
  for (let i = 0; i + 3 < toks.length; i++) {
    if (upper(toks[i]) !== 'ML' || toks[i + 1].text !== '.' || toks[i + 2].kind !== 'ident' || toks[i + 3].text !== '(') continue;
    const fn = toks[i + 2].text.toUpperCase();
    const close = closing(toks, i + 3);
    const args = splitCommas(toks.slice(i + 4, close));
    if (upper(args[0]?.[0]) !== 'MODEL') throw invalidQuery(`ML.${fn} expects MODEL as its first argument at ${position(sql, toks[i].start)}`);
    const { parts } = readName(args[0], 1);
    let input: string | undefined;
    const settings: Record<string, OptionValue> = {};
    for (const arg of args.slice(1)) {
      if (arg[0]?.text === '(') input = sql.slice(arg[1].start, arg[arg.length - 1].start);
      else if (upper(arg[0]) === 'TABLE') input = `SELECT * FROM ${sql.slice(arg[1].start, arg[arg.length - 1].start + arg[arg.length - 1].text.length)}`;
      else if (upper(arg[0]) === 'STRUCT') {
        for (const s of splitCommas(arg.slice(2, -1))) {
          const as = s.findIndex((t) => upper(t) === 'AS');
          if (as < 1) throw invalidQuery(`ML.${fn} settings must be written value AS name at ${position(sql, s[0]?.start ?? 0)}`);
          settings[s[as + 1].text.toLowerCase()] = literal(s.slice(0, as));
        }
      } else throw invalidQuery(`Unexpected ML.${fn} argument at ${position(sql, arg[0]?.start ?? 0)}`);
    }
    return { fn, datasetId: parts[parts.length - 2], modelId: parts[parts.length - 1], input, settings, start: toks[i].start, end: toks[close].start + 1 };
  }
  return undefined;
}
