/**
 * The pipelines' SQL (`sql/<id>/kpi_<name>.sql`, `model_<name>.sql`, `predict_<name>.sql`), read
 * and rendered for the scheduled queries. Files name tables `dataset.table` without a project:
 * BigQuery resolves them in the project that runs the query, locally and in the cloud alike.
 * Numbers that the definition owns are `{{placeholders}}`, filled here, so the SQL and the
 * definition cannot drift apart:
 *
 * | placeholder | value |
 * | --- | --- |
 * | `{{time_field}}` | the pipeline's `timeField` (event time of a silver row) |
 * | `{{scan_days}}` | the KPI's `scanDays` |
 * | `{{train_days}}` | the model's `trainDays` |
 * | `{{horizon}}` | the model's `timeSeries.horizon` |
 * | `{{model_options}}` | the OPTIONS list of CREATE MODEL, rendered from the model declaration |
 * | `{{features}}` | the model's `features` as a select list (`a.b` becomes `a.b AS a_b`) |
 * | `{{label}}`, `{{timestamp_col}}`, `{{data_col}}`, `{{id_col}}` | the model's label and time-series columns, as aliased |
 *
 * A nested column `a.b` of a declaration is selected as `a_b`: that is the name the options use.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KpiDefinition, ModelDefinition, PipelineDefinition } from '../pipelines/types';
import { kpiTable, modelName, predictionTable } from '../pipelines/naming';

/** Root of the SQL files. @default `<repo>/sql` */
export const SQL_ROOT = resolve(__dirname, '..', 'sql');

/** Kinds of SQL file, by file-name prefix. */
export type SqlKind = 'kpi' | 'model' | 'predict';

/** A SQL file that is missing, unexpected, or uses a placeholder that has no value. */
export class SqlFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'SqlFileError';
  }
}

/** Path of a pipeline's SQL file. */
export const sqlFile = (opts: { readonly pipeline: string; readonly kind: SqlKind; readonly name: string; readonly root?: string }): string =>
  join(opts.root ?? SQL_ROOT, opts.pipeline, `${opts.kind}_${opts.name}.sql`);

/** Every SQL file a pipeline declares (KPIs, models and their predictions). */
export function declaredSqlFiles(p: PipelineDefinition, root = SQL_ROOT): string[] {
  return [
    ...p.kpis.map((k) => sqlFile({ pipeline: p.id, kind: 'kpi', name: k.name, root })),
    ...p.models.flatMap((m) => [sqlFile({ pipeline: p.id, kind: 'model', name: m.name, root }), sqlFile({ pipeline: p.id, kind: 'predict', name: m.name, root })]),
  ];
}

/** Every `.sql` file present under a pipeline's folder. */
export function presentSqlFiles(pipeline: string, root = SQL_ROOT): string[] {
  const dir = join(root, pipeline);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => join(dir, f));
}

const literal = (v: string | number | boolean | readonly string[]): string =>
  Array.isArray(v) ? `[${v.map((s) => `'${s}'`).join(', ')}]` : typeof v === 'string' ? `'${v.replace(/'/g, "\\'")}'` : String(v);

/** The output name of a declared column: `a.b` → `a_b`. */
export const columnAlias = (column: string): string => column.replace(/\./g, '_');

/** A declared column as a select item: `a.b AS a_b`, or the plain name. */
const selectItem = (column: string): string => (column.includes('.') ? `${column} AS ${columnAlias(column)}` : column);

/** The OPTIONS(...) body of CREATE MODEL for a model declaration. */
export function modelOptions(m: ModelDefinition): string {
  const opts: Record<string, string | number | boolean | readonly string[]> = { model_type: m.type };
  if (m.type === 'LINEAR_REG' && m.label) opts.input_label_cols = [columnAlias(m.label)];
  if (m.type === 'ARIMA_PLUS' && m.timeSeries) {
    opts.time_series_timestamp_col = columnAlias(m.timeSeries.timestampCol);
    opts.time_series_data_col = columnAlias(m.timeSeries.dataCol);
    if (m.timeSeries.idCol) opts.time_series_id_col = columnAlias(m.timeSeries.idCol);
    opts.horizon = m.timeSeries.horizon;
  }
  Object.assign(opts, m.options);
  return Object.entries(opts).map(([k, v]) => `${k} = ${literal(v)}`).join(',\n  ');
}

/** Reads a SQL file and fills its placeholders; throws {@link SqlFileError} on any gap. */
export function renderSql(file: string, values: Readonly<Record<string, string | number>>): string {
  if (!existsSync(file)) throw new SqlFileError(file, 'is missing; every KPI and model declared in pipelines/<id>.ts needs its SQL file (see sql/README.md)');
  const text = readFileSync(file, 'utf8');
  return text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    if (!(key in values)) throw new SqlFileError(file, `uses {{${key}}}, which has no value here; known: ${Object.keys(values).join(', ') || 'none'}`);
    return String(values[key]);
  });
}

/** The rendered KPI query. */
export const kpiSql = (p: PipelineDefinition, k: KpiDefinition, root = SQL_ROOT): string =>
  renderSql(sqlFile({ pipeline: p.id, kind: 'kpi', name: k.name, root }), { time_field: p.timeField, scan_days: k.scanDays });

/** Placeholder values of a model's files. */
function modelValues(p: PipelineDefinition, m: ModelDefinition): Record<string, string | number> {
  const values: Record<string, string | number> = { time_field: p.timeField, train_days: m.trainDays, model_options: modelOptions(m) };
  if (m.features?.length) values.features = m.features.map(selectItem).join(', ');
  if (m.label) values.label = selectItem(m.label);
  if (m.timeSeries) {
    values.horizon = m.timeSeries.horizon;
    values.timestamp_col = columnAlias(m.timeSeries.timestampCol);
    values.data_col = columnAlias(m.timeSeries.dataCol);
    if (m.timeSeries.idCol) values.id_col = columnAlias(m.timeSeries.idCol);
  }
  return values;
}

/** One rendered model file: `model` trains, `predict` serves. */
export const modelFileSql = (p: PipelineDefinition, m: ModelDefinition, kind: 'model' | 'predict', root = SQL_ROOT): string =>
  renderSql(sqlFile({ pipeline: p.id, kind, name: m.name, root }), modelValues(p, m));

/** The rendered training and prediction queries of a model. */
export function modelSql(p: PipelineDefinition, m: ModelDefinition, root = SQL_ROOT): { train: string; predict: string } {
  return { train: modelFileSql(p, m, 'model', root), predict: modelFileSql(p, m, 'predict', root) };
}

/** The table or model a SQL file must create, by kind. */
export function sqlTarget(p: PipelineDefinition, kind: SqlKind, name: string): string {
  if (kind === 'kpi') return `TABLE gold.${kpiTable(p.id, name)}`;
  if (kind === 'model') return `MODEL ml.${modelName(p.id, name)}`;
  return `TABLE ml.${predictionTable(p.id, name)}`;
}

/**
 * What is wrong with the SQL of a set of pipelines: declared files that are missing, files no
 * declaration asks for, files that do not render, and files that do not `CREATE OR REPLACE` the
 * table or model their name promises. Empty when all is well.
 */
export function sqlProblems(pipelines: readonly PipelineDefinition[], root = SQL_ROOT): string[] {
  const problems: string[] = [];
  for (const p of pipelines) {
    const declared = new Set(declaredSqlFiles(p, root));
    for (const f of presentSqlFiles(p.id, root)) if (!declared.has(f)) problems.push(`${f}: no KPI or model of pipeline ${p.id} declares it`);
    const check = (kind: SqlKind, name: string, render: () => string) => {
      const file = sqlFile({ pipeline: p.id, kind, name, root });
      try {
        const sql = render();
        const target = sqlTarget(p, kind, name);
        if (!new RegExp(`CREATE OR REPLACE ${target.replace('.', '\\.')}\\b`).test(sql)) problems.push(`${file}: does not CREATE OR REPLACE ${target}`);
      } catch (err) {
        if (err instanceof SqlFileError) problems.push(err.message);
        else throw err;
      }
    };
    for (const k of p.kpis) check('kpi', k.name, () => kpiSql(p, k, root));
    for (const m of p.models) {
      check('model', m.name, () => modelFileSql(p, m, 'model', root));
      check('predict', m.name, () => modelFileSql(p, m, 'predict', root));
    }
  }
  return problems;
}
