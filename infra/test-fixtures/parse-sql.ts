/**
 * Parses GoogleSQL with @polyglot-sql/sdk (BigQuery dialect). CREATE MODEL is kept whole by the
 * parser, so its OPTIONS are dropped and its query parsed on its own.
 */
import { Dialect, init, parse } from '@polyglot-sql/sdk';

let ready: Promise<void> | undefined;

/** The parse error of a statement, or undefined when it parses. */
export async function googleSqlError(sql: string): Promise<string | undefined> {
  ready ??= init();
  await ready;
  const model = /CREATE OR REPLACE MODEL\s+\S+\s+OPTIONS\s*\(([\s\S]*?)\)\s*AS\s+([\s\S]*)$/i.exec(sql);
  const r = parse(model ? model[2] : sql, Dialect.BigQuery);
  return r.success ? undefined : String(r.error);
}
