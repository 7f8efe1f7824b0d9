/**
 * Runs one GoogleSQL query (or script): translate, execute on DuckDB, and describe the result the
 * way BigQuery's job statistics do (statement type, DML row counts, DDL target).
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { estimateBytes } from './bytes';
import { invalidQuery } from './errors';
import { refreshExternals } from './external';
import { dropTemps, expandMlCalls, runModelStatement } from './ml';
import { tokenize } from './sql/lexer';
import { paramLiterals, type QueryParameter } from './sql/params';
import { translate } from './sql/translate';
import { fieldOf, lit, type Field } from './types';
import type { Warehouse } from './warehouse';

/** What a query asks for. */
export interface QuerySpec {
  readonly sql: string;
  readonly params?: readonly QueryParameter[];
  /** `{ datasetId }` resolves unqualified table names. */
  readonly defaultDataset?: { datasetId?: string };
  readonly dryRun?: boolean;
  /** Project the query runs in (named in errors). @default 'local' */
  readonly projectId?: string;
}

/** What it gives back. */
export interface QueryOutcome {
  readonly fields: Field[];
  readonly rows: DuckDBValue[][];
  readonly statementType: string;
  readonly numDmlAffectedRows?: string;
  readonly ddlOperationPerformed?: string;
  readonly ddlTargetTable?: { datasetId: string; tableId: string };
  readonly totalBytesProcessed: string;
}

/** Words of the statement up to the first `(` or `AS`, upper-cased, comments skipped. */
export function leadingWords(sql: string, n = 6): string[] {
  const words: string[] = [];
  for (const t of tokenize(sql)) {
    if (t.kind === 'ws' || t.kind === 'comment') continue;
    if (t.kind !== 'ident' && t.kind !== 'backtick') break;
    words.push(t.kind === 'ident' ? t.text.toUpperCase() : t.text);
    if (words.length >= n) break;
  }
  return words;
}

/** BigQuery's statementType for a statement. */
export function statementType(sql: string): string {
  const w = leadingWords(sql);
  const first = w[0] ?? '';
  if (first === 'SELECT' || first === 'WITH' || first === '(') return 'SELECT';
  if (first === 'INSERT' || first === 'UPDATE' || first === 'DELETE' || first === 'MERGE') return first;
  if (first === 'CREATE' || first === 'DROP' || first === 'ALTER') {
    const rest = w.slice(1).filter((x) => !['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'IF', 'NOT', 'EXISTS', 'EXTERNAL', 'MATERIALIZED'].includes(x));
    const what = rest[0] === 'SCHEMA' ? 'SCHEMA' : rest[0] ?? 'TABLE';
    const asSelect = first === 'CREATE' && what === 'TABLE' && /\bAS\b/i.test(sql) ? '_AS_SELECT' : '';
    return `${first}_${what}${asSelect}`;
  }
  if (first === 'TRUNCATE') return 'TRUNCATE_TABLE';
  return 'SCRIPT';
}

function ddlTarget(sql: string): { datasetId: string; tableId: string } | undefined {
  const toks = tokenize(sql).filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
  const i = toks.findIndex((t) => ['TABLE', 'VIEW', 'MODEL'].includes(t.text.toUpperCase()));
  if (i < 0) return undefined;
  let j = i + 1;
  while (['IF', 'NOT', 'EXISTS'].includes(toks[j]?.text.toUpperCase())) j++;
  const parts: string[] = [];
  for (; j < toks.length; j++) {
    const t = toks[j];
    if (t.kind === 'backtick') parts.push(...t.text.slice(1, -1).split('.'));
    else if (t.kind === 'ident') parts.push(t.text);
    else if (t.text !== '.') break;
    if (toks[j + 1]?.text !== '.' && t.kind !== 'punct') break;
  }
  return parts.length >= 2 ? { datasetId: parts[parts.length - 2], tableId: parts[parts.length - 1] } : undefined;
}

/** Whether the statement is CREATE/DROP MODEL (handled by ./ml, not the transpiler). */
const findsModelStatement = (sql: string): boolean => {
  const w = leadingWords(sql, 4);
  return (w[0] === 'CREATE' || w[0] === 'DROP') && w.includes('MODEL');
};

/** Runs a query. */
export async function runQuery(wh: Warehouse, spec: QuerySpec): Promise<QueryOutcome> {
  if (!spec.sql?.trim()) throw invalidQuery('Syntax error: Unexpected end of script at [1:1]');
  const type = statementType(spec.sql);
  await refreshExternals(wh);
  const params = paramLiterals(spec.params);
  const ds = spec.defaultDataset?.datasetId;
  if (spec.dryRun) {
    if (findsModelStatement(spec.sql)) return { fields: [], rows: [], statementType: type, totalBytesProcessed: '0' };
    const statements = await translate(spec.sql, { params });
    await wh.engine.exclusive(async (conn) => {
      if (ds) await wh.engine.queryOn(conn, `SET search_path = ${lit(`${ds},main`)}`);
      try {
        for (const s of statements) if (statementType(s) === 'SELECT') await wh.engine.queryOn(conn, `EXPLAIN ${s}`);
      } finally {
        if (ds) await wh.engine.queryOn(conn, 'RESET search_path');
      }
    });
    const bytes = type === 'SELECT' || type === 'SCRIPT' ? await estimateBytes(wh, spec.sql, ds) : '0';
    return { fields: [], rows: [], statementType: type, totalBytesProcessed: bytes };
  }
  const model = await runModelStatement(wh, spec.projectId ?? 'local', spec.sql, params);
  if (model) return model;
  const expanded = await expandMlCalls(wh, spec.sql, params);
  let last;
  try {
    const statements = await translate(expanded.sql, { params });
    last = await wh.engine.exclusive(async (conn) => {
      if (ds) await wh.engine.queryOn(conn, `SET search_path = ${lit(`${ds},main`)}`);
      try {
        let result;
        for (const s of statements) result = await wh.engine.queryOn(conn, s);
        return result;
      } finally {
        if (ds) await wh.engine.queryOn(conn, 'RESET search_path');
      }
    });
  } finally {
    await dropTemps(wh, expanded.temps);
  }
  if (!last) throw invalidQuery('Syntax error: Unexpected end of script at [1:1]');
  if (type === 'INSERT' || type === 'UPDATE' || type === 'DELETE' || type === 'MERGE') {
    const count = last.rows[0]?.[0];
    return { fields: [], rows: [], statementType: type, numDmlAffectedRows: String(count ?? 0), totalBytesProcessed: '0' };
  }
  if (type !== 'SELECT' && type !== 'SCRIPT') {
    const target = ddlTarget(spec.sql);
    const replace = leadingWords(spec.sql, 2)[1] === 'OR';
    return {
      fields: [],
      rows: [],
      statementType: type,
      ddlOperationPerformed: type.startsWith('DROP') ? 'DROP' : replace ? 'REPLACE' : 'CREATE',
      ...(target && { ddlTargetTable: target }),
      totalBytesProcessed: '0',
    };
  }
  const bytes = await estimateBytes(wh, spec.sql, ds);
  return { fields: last.names.map((n, i) => fieldOf(n, last.types[i])), rows: last.rows, statementType: type, totalBytesProcessed: bytes };
}
