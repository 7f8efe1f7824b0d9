/**
 * GoogleSQL → DuckDB. Three passes: (1) on tokens, query parameters become placeholder
 * identifiers and backticked `project.dataset.table` references become `dataset.table` (one DuckDB
 * schema per dataset); (2) `@polyglot-sql/sdk` transpiles the statement on its AST; (3) the
 * placeholders are replaced by typed DuckDB literals of the parameter values.
 */
import { invalidQuery } from '../errors';
import { tokenize, type Token } from './lexer';
import { transpile } from './polyglot';
import { quoteUnnestAliases, rewriteCalls } from './calls';
import { rewriteShapes } from './rewrites';
import { rejectLeftovers, rejectUnsupported } from './unsupported';

/** Prefix of the identifiers parameters stand in for while the transpiler runs. */
const PARAM_PREFIX = '__bqp_';

/** Options for {@link translate}. */
export interface TranslateOptions {
  /** DuckDB literal per parameter: by name for `@name`, by 1-based position as `"1"` for `?`. */
  readonly params?: ReadonlyMap<string, string>;
}

const TABLE_KEYWORDS = new Set(['FROM', 'JOIN', 'INTO', 'TABLE', 'VIEW', 'UPDATE', 'MERGE', 'USING', 'MODEL', 'EXISTS']);

/** Splits a backticked path into its parts and drops the project: `a.b.c` → `b`.`c`. */
function tableRef(text: string): string {
  const parts = text.slice(1, -1).split('.');
  const kept = parts.length >= 3 ? parts.slice(-2) : parts;
  return kept.map((p) => `\`${p}\``).join('.');
}

/** Pass 1: parameters to placeholders, table references to `dataset`.`table`. */
export function rewriteTokens(sql: string, params: ReadonlyMap<string, string>): string {
  const tokens = tokenize(sql);
  const out: string[] = [];
  let positional = 0;
  let lastWord = '';
  for (let i = 0; i < tokens.length; i++) {
    const t: Token = tokens[i];
    if (t.kind === 'param') {
      const name = t.text.slice(1);
      if (!params.has(name)) throw invalidQuery(`Query parameter '${name}' not found at ${pos(sql, t)}`);
      out.push(PARAM_PREFIX + name);
    } else if (t.kind === 'positional') {
      positional++;
      if (!params.has(String(positional))) throw invalidQuery(`Positional query parameter ${positional} not found at ${pos(sql, t)}`);
      out.push(`${PARAM_PREFIX}${positional}`);
    } else if (t.kind === 'backtick' && t.text.includes('.')) {
      out.push(tableRef(t.text));
    } else if (t.kind === 'ident' && TABLE_KEYWORDS.has(lastWord) && isThreePart(tokens, i)) {
      // project.dataset.table unquoted: drop the project and its dot.
      i += 1;
      continue;
    } else out.push(t.text);
    if (t.kind !== 'ws' && t.kind !== 'comment') lastWord = t.kind === 'ident' ? t.text.toUpperCase() : '';
  }
  return out.join('');
}

function isThreePart(tokens: Token[], i: number): boolean {
  const texts = tokens.slice(i, i + 5).map((t) => t.text);
  return texts.length === 5 && texts[1] === '.' && texts[3] === '.' && tokens[i + 2].kind !== 'ws' && tokens[i + 4].kind !== 'ws';
}

function pos(sql: string, t: Token): string {
  const before = sql.slice(0, t.start);
  return `[${before.split('\n').length}:${t.start - before.lastIndexOf('\n')}]`;
}

/** Pass 3: placeholders (bare or double-quoted) to literals. */
function bindParams(sql: string, params: ReadonlyMap<string, string>): string {
  return tokenize(sql)
    .map((t) => {
      const name = t.kind === 'ident' ? t.text : t.kind === 'string' && t.text.startsWith('"') ? t.text.slice(1, -1) : '';
      if (!name.startsWith(PARAM_PREFIX)) return t.text;
      const value = params.get(name.slice(PARAM_PREFIX.length));
      return value === undefined ? t.text : `(${value})`;
    })
    .join('');
}

/** Translates one GoogleSQL statement (or script) into DuckDB statements. */
export async function translate(sql: string, options: TranslateOptions = {}): Promise<string[]> {
  const params = options.params ?? new Map<string, string>();
  rejectUnsupported(sql);
  const called = rewriteCalls(rewriteTokens(sql, params));
  rejectLeftovers(called, sql);
  const rewritten = rewriteShapes(called);
  const statements = await transpile(rewritten);
  return statements.map((s) => bindParams(quoteUnnestAliases(s), params));
}
