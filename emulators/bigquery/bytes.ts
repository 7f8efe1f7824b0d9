/**
 * `totalBytesProcessed` for dry runs and query statistics, estimated the way BigQuery bills a query:
 * the bytes of the columns it reads from each table it names.
 * - External tables: the total size of the files their `gs://` URIs match now (DuckDB's `glob`
 *   lists them, their sizes come from the file system), whatever columns are read — a Parquet reader
 *   reads less, so this is an upper bound.
 * - Native tables: BigQuery's logical data size of the referenced columns (a column counts when its
 *   name appears in the query, every column for `*`): 8 bytes per INT64 / FLOAT64 / DATE /
 *   DATETIME / TIME / TIMESTAMP value, 1 per BOOL, 16 per NUMERIC, 2 + UTF-8 length per STRING and
 *   BYTES, summed over the rows; NULLs count 0.
 * - BigQuery views count the bytes of the tables their query reads (two levels deep).
 * Tables are found after FROM / JOIN as `dataset.table` (a backticked project is dropped) or as a
 * bare name in the default dataset.
 */
import { statSync } from 'node:fs';
import { tableKey } from './catalog';
import { localGlob } from './external';
import { tokenize, type Token } from './sql/lexer';
import { lit, q } from './types';
import type { Warehouse } from './warehouse';

/** A table the query reads. */
interface TableRef {
  readonly datasetId: string;
  readonly tableId: string;
}

/** Tables named after FROM / JOIN, and the identifiers the query uses (for column pruning). */
function references(sql: string, defaultDataset?: string): { tables: TableRef[]; words: Set<string>; star: boolean } {
  const toks = tokenize(sql).filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
  const tables: TableRef[] = [];
  const words = new Set<string>();
  let star = false;
  const parts = (i: number): { names: string[]; next: number } => {
    const names: string[] = [];
    let j = i;
    for (;;) {
      const t: Token | undefined = toks[j];
      if (!t || (t.kind !== 'ident' && t.kind !== 'backtick')) break;
      names.push(...(t.kind === 'backtick' ? t.text.slice(1, -1).split('.') : [t.text]));
      if (toks[j + 1]?.text !== '.') break;
      j += 2;
    }
    return { names, next: j + 1 };
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.text === '*' && ['SELECT', ',', '.', 'DISTINCT'].includes(toks[i - 1]?.text.toUpperCase() ?? '')) star = true;
    if (t.kind === 'ident' || t.kind === 'backtick') words.add(t.text.replace(/`/g, '').toLowerCase());
    const w = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (w === 'FROM' || w === 'JOIN') {
      const { names } = parts(i + 1);
      if (names.length >= 2) tables.push({ datasetId: names[names.length - 2], tableId: names[names.length - 1] });
      else if (names.length === 1 && defaultDataset) tables.push({ datasetId: defaultDataset, tableId: names[0] });
    }
  }
  return { tables, words, star };
}

const FIXED: Record<string, number> = { BIGINT: 8, INTEGER: 8, DOUBLE: 8, FLOAT: 8, DATE: 8, TIMESTAMP: 8, 'TIMESTAMP WITH TIME ZONE': 8, TIME: 8, BOOLEAN: 1, HUGEINT: 16 };

function columnBytes(name: string, type: string): string {
  const col = q(name);
  // strlen counts UTF-8 bytes; CAST(varchar AS BLOB) fails on any non-ASCII text (e.g. '°C')
  if (type === 'VARCHAR') return `COALESCE(sum(2 + strlen(${col})), 0)`;
  if (type === 'BLOB') return `COALESCE(sum(2 + octet_length(${col})), 0)`;
  const fixed = type.startsWith('DECIMAL') ? 16 : FIXED[type] ?? 8;
  return `${fixed} * count(${col})`;
}

/** Estimated bytes the query reads, as BigQuery's decimal string. */
export async function estimateBytes(wh: Warehouse, sql: string, defaultDataset?: string, depth = 0): Promise<string> {
  const { tables, words, star } = references(sql, defaultDataset);
  let total = 0n;
  const seen = new Set<string>();
  for (const ref of tables) {
    const key = tableKey(ref.datasetId, ref.tableId);
    if (seen.has(key)) continue;
    seen.add(key);
    const meta = wh.catalog.tables.get(key);
    const root = wh.options.storageRoot;
    if (meta?.type === 'EXTERNAL' && root) {
      const uris = ((meta.externalDataConfiguration?.sourceUris as string[] | undefined) ?? []).map((u) => lit(localGlob(root, u)));
      if (!uris.length) continue;
      const files = await wh.engine.query(`SELECT DISTINCT file FROM glob([${uris.join(', ')}])`);
      for (const [file] of files.rows) total += BigInt(statSync(String(file), { throwIfNoEntry: false })?.size ?? 0);
      continue;
    }
    if (meta?.type === 'VIEW' && meta.view?.query && depth < 2) {
      total += BigInt(await estimateBytes(wh, meta.view.query, ref.datasetId, depth + 1));
      continue;
    }
    const cols = await wh.engine.query(
      `SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ${lit(ref.datasetId)} AND table_name = ${lit(ref.tableId)}
         AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = ${lit(ref.datasetId)})`,
    );
    const used = cols.rows.filter(([name]) => star || words.has(String(name).toLowerCase()));
    if (!used.length) continue;
    const r = await wh.engine.query(`SELECT ${used.map(([n, t]) => columnBytes(String(n), String(t))).join(' + ')} FROM ${q(ref.datasetId)}.${q(ref.tableId)}`);
    total += BigInt(String(r.rows[0][0] ?? 0));
  }
  return total.toString();
}
