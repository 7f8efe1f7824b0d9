/**
 * BigQuery ML in the query path: CREATE MODEL and DROP MODEL statements run here; ML.* calls in
 * any other statement are computed first into temporary tables that the statement then reads in
 * their place (so `SELECT ... FROM ML.PREDICT(MODEL m, (query)) AS p` works inside CTAS, joins, ...).
 */
import { nowMs } from '../catalog';
import { duplicate, notFound } from '../errors';
import type { QueryOutcome } from '../query';
import { translate } from '../sql/translate';
import { q } from '../types';
import type { Warehouse } from '../warehouse';
import { mlFunctionSql } from './functions';
import { findMlCall, parseCreateModel, parseDropModel } from './parse';
import { train } from './train';

let tempCounter = 0;

/** ML.* calls replaced by temporary tables; `temps` are dropped once the statement ran. */
export interface Expanded {
  readonly sql: string;
  readonly temps: string[];
}

/** Computes every ML.* call of `sql` into a temp table and returns the statement reading them. */
export async function expandMlCalls(wh: Warehouse, sql: string, params: ReadonlyMap<string, string>, temps: string[] = []): Promise<Expanded> {
  let text = sql;
  for (let call = findMlCall(text); call; call = findMlCall(text)) {
    const model = wh.models.get(call.datasetId, call.modelId);
    if (!model) throw notFound(`Model ${call.datasetId}.${call.modelId}`);
    let input: string | undefined;
    if (call.input) {
      const inner = await expandMlCalls(wh, call.input, params, temps);
      const [translated] = await translate(inner.sql, { params });
      input = `__ml_in_${++tempCounter}`;
      temps.push(input);
      await wh.engine.query(`CREATE TEMP TABLE ${input} AS SELECT *, row_number() OVER () AS __row FROM (${translated})`);
    }
    const out = `__ml_${++tempCounter}`;
    temps.push(out);
    await wh.engine.query(`CREATE TEMP TABLE ${out} AS ${mlFunctionSql(call.fn, model, call.settings, input)}`);
    text = `${text.slice(0, call.start)}${out}${text.slice(call.end)}`;
  }
  return { sql: text, temps };
}

/** Drops the temp tables of {@link expandMlCalls}. */
export async function dropTemps(wh: Warehouse, temps: readonly string[]): Promise<void> {
  for (const t of temps) await wh.engine.query(`DROP TABLE IF EXISTS temp.${q(t)}`);
}

/** Runs CREATE MODEL / DROP MODEL; undefined for any other statement. */
export async function runModelStatement(wh: Warehouse, projectId: string, sql: string, params: ReadonlyMap<string, string>): Promise<QueryOutcome | undefined> {
  const drop = parseDropModel(sql);
  if (drop) {
    if (!wh.models.delete(drop.datasetId, drop.modelId) && !drop.ifExists) throw notFound(`Model ${projectId}:${drop.datasetId}.${drop.modelId}`);
    return { fields: [], rows: [], statementType: 'DROP_MODEL', ddlOperationPerformed: 'DROP', totalBytesProcessed: '0' };
  }
  const create = parseCreateModel(sql);
  if (!create) return undefined;
  await wh.dataset(projectId, create.datasetId);
  const existing = wh.models.get(create.datasetId, create.modelId);
  if (existing && create.ifNotExists) return { fields: [], rows: [], statementType: 'CREATE_MODEL', totalBytesProcessed: '0' };
  if (existing && !create.replace) throw duplicate(`Model ${projectId}:${create.datasetId}.${create.modelId}`);
  const expanded = await expandMlCalls(wh, create.query, params);
  try {
    const [translated] = await translate(expanded.sql, { params });
    const data = await wh.engine.query(translated);
    const trained = train(data, create.options);
    const now = nowMs();
    wh.models.put({
      projectId,
      datasetId: create.datasetId,
      modelId: create.modelId,
      options: create.options,
      creationTime: existing?.creationTime ?? now,
      lastModifiedTime: now,
      ...trained,
    });
  } finally {
    await dropTemps(wh, expanded.temps);
  }
  return {
    fields: [],
    rows: [],
    statementType: 'CREATE_MODEL',
    ddlOperationPerformed: existing ? 'REPLACE' : 'CREATE',
    totalBytesProcessed: '0',
  };
}
