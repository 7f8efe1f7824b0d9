/**
 * External tables over the local lake: PARQUET, NEWLINE_DELIMITED_JSON and CSV at `gs://` URIs,
 * read from the Cloud Storage emulator's files on disk (`gs://b/n` at `<storageRoot>/b/n`, see
 * emulators/gcs/paths.ts). An external table is a DuckDB view over `read_parquet` / `read_json` /
 * `read_csv`, so every query re-lists the files. Hive partitioning: AUTO (types inferred), STRINGS
 * (all STRING) and CUSTOM (`sourceUriPrefix` like `gs://b/t/{dt:DATE}/{region:STRING}`).
 * While no file matches yet, the view is an empty relation of the given schema and is rebuilt on
 * the next query.
 */
import { join } from 'node:path';
import { invalid } from './errors';
import { duckTypeOf, lit, q, type Field } from './types';
import type { Warehouse } from './warehouse';

/** What {@link createExternal} needs. */
export interface ExternalSpec {
  readonly datasetId: string;
  readonly tableId: string;
  readonly config: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly fields?: Field[];
}

const HIVE_TYPES: Record<string, string> = { STRING: 'VARCHAR', INTEGER: 'BIGINT', INT64: 'BIGINT', DATE: 'DATE', TIMESTAMP: 'TIMESTAMPTZ', FLOAT: 'DOUBLE', FLOAT64: 'DOUBLE', BOOLEAN: 'BOOLEAN' };

/** A `gs://` URI (with BigQuery's one `*` wildcard) as a DuckDB glob under the storage root. */
export function localGlob(storageRoot: string, uri: string): string {
  const m = /^gs:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!m) throw invalid(`Invalid source URI ${uri}: external data must be at gs://bucket/object URIs`);
  let object = m[2];
  // BigQuery's `*` matches across `/`; DuckDB's `**` does.
  if (object.endsWith('*')) object = `${object.slice(0, -1)}**`;
  else object = object.replace(/\/\*(\.[A-Za-z0-9]+)$/, '/**/*$1');
  return join(storageRoot, m[1], object);
}

function hiveOptions(config: ExternalSpec['config']): string[] {
  const hive = config.hivePartitioningOptions;
  if (!hive) return [];
  const mode = String(hive.mode ?? 'AUTO').toUpperCase();
  if (mode === 'STRINGS') return ['hive_partitioning = true', 'hive_types_autocast = false'];
  if (mode === 'CUSTOM') {
    const prefix = String(hive.sourceUriPrefix ?? '');
    const keys = [...prefix.matchAll(/\{(\w+):(\w+)\}/g)];
    if (!keys.length) throw invalid(`hivePartitioningOptions.sourceUriPrefix ${prefix} has no {key:TYPE} segments for mode CUSTOM`);
    const types = keys.map(([, k, t]) => {
      const duck = HIVE_TYPES[t.toUpperCase()];
      if (!duck) throw invalid(`Unsupported hive partition key type ${t} in ${prefix}`);
      return `${lit(k)}: ${duck}`;
    });
    return ['hive_partitioning = true', `hive_types = {${types.join(', ')}}`];
  }
  if (mode !== 'AUTO') throw invalid(`Invalid hivePartitioningOptions.mode ${mode}; use AUTO, STRINGS or CUSTOM`);
  return ['hive_partitioning = true'];
}

/** The DuckDB table function reading the files of an external configuration. */
export function reader(spec: ExternalSpec, globs: string[]): string {
  const { config, fields } = spec;
  const files = `[${globs.map(lit).join(', ')}]`;
  const opts = hiveOptions(config);
  const format = String(config.sourceFormat ?? '').toUpperCase();
  const columns = fields?.length ? `{${fields.map((f) => `${lit(f.name)}: ${lit(duckTypeOf(f))}`).join(', ')}}` : undefined;
  switch (format) {
    case 'PARQUET':
      return `read_parquet(${[files, ...opts].join(', ')})`;
    case 'NEWLINE_DELIMITED_JSON':
      return `read_json(${[files, "format = 'newline_delimited'", ...(columns ? [`columns = ${columns}`] : []), ...opts].join(', ')})`;
    case 'CSV': {
      const csv = config.csvOptions ?? {};
      const header = Number(csv.skipLeadingRows ?? 0) > 0;
      const extra = [`header = ${header}`, `delim = ${lit(csv.fieldDelimiter ?? ',')}`];
      if (csv.quote !== undefined) extra.push(`quote = ${lit(csv.quote)}`);
      if (columns) extra.push(`columns = ${columns}`);
      return `read_csv(${[files, ...extra, ...opts].join(', ')})`;
    }
    default:
      throw invalid(`Unsupported external sourceFormat ${config.sourceFormat}; the local emulator reads PARQUET, NEWLINE_DELIMITED_JSON and CSV`);
  }
}

/** Whether an error is DuckDB finding no file for a glob. */
const noFiles = (e: unknown): boolean => /No files found/i.test((e as Error).message);

/** Creates (or replaces) the DuckDB view standing for an external table; `true` when it reads files. */
export async function createExternal(wh: Warehouse, spec: ExternalSpec): Promise<boolean> {
  const root = wh.options.storageRoot;
  if (!root) throw invalid('External tables need the Cloud Storage emulator on disk: start the BigQuery emulator with storageRoot');
  const uris: string[] = spec.config.sourceUris ?? [];
  if (!uris.length) throw invalid('externalDataConfiguration.sourceUris is required');
  const name = `${q(spec.datasetId)}.${q(spec.tableId)}`;
  try {
    await wh.engine.query(`CREATE OR REPLACE VIEW ${name} AS SELECT * FROM ${reader(spec, uris.map((u) => localGlob(root, u)))}`);
    return true;
  } catch (e) {
    if (!noFiles(e)) throw e;
    if (!spec.fields?.length) throw invalid(`No files match ${uris.join(', ')} and no schema was given, so the table's columns cannot be detected`);
    const cols = spec.fields.map((f) => `CAST(NULL AS ${duckTypeOf(f)}) AS ${q(f.name)}`);
    // CUSTOM hive keys are columns too, even before a file exists (views over the table name them).
    const hive = spec.config.hivePartitioningOptions;
    if (String(hive?.mode ?? '').toUpperCase() === 'CUSTOM') {
      for (const [, k, t] of String(hive?.sourceUriPrefix ?? '').matchAll(/\{(\w+):(\w+)\}/g)) {
        if (!spec.fields.some((f) => f.name === k)) cols.push(`CAST(NULL AS ${HIVE_TYPES[t.toUpperCase()] ?? 'VARCHAR'}) AS ${q(k)}`);
      }
    }
    await wh.engine.query(`CREATE OR REPLACE VIEW ${name} AS SELECT ${cols.join(', ')} WHERE false`);
    return false;
  }
}

/** Rebuilds external tables created before their files existed; called before each query. */
export async function refreshExternals(wh: Warehouse): Promise<void> {
  for (const t of wh.catalog.tables.values()) {
    if (t.type !== 'EXTERNAL' || !t.pendingFiles || !t.externalDataConfiguration) continue;
    const reads = await createExternal(wh, { datasetId: t.datasetId, tableId: t.tableId, config: t.externalDataConfiguration, fields: t.schema?.fields });
    if (reads) {
      t.pendingFiles = false;
      wh.catalog.save();
    }
  }
}
