/**
 * LOAD jobs from `gs://` URIs (PARQUET, NEWLINE_DELIMITED_JSON, CSV; wildcards; hive
 * partitioning) into a native table, honouring `createDisposition` and `writeDisposition`.
 */
import { nowMs, tableKey } from './catalog';
import { invalid, notFound } from './errors';
import { localGlob, reader } from './external';
import { q, type Field } from './types';
import type { Warehouse } from './warehouse';

/** Runs a load configuration; returns the job's load statistics. */
export async function runLoad(wh: Warehouse, projectId: string, config: Record<string, any>): Promise<Record<string, unknown>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const root = wh.options.storageRoot;
  if (!root) throw invalid('LOAD jobs need the Cloud Storage emulator on disk: start the BigQuery emulator with storageRoot');
  const dest = config.destinationTable ?? {};
  const { datasetId, tableId } = dest as { datasetId: string; tableId: string };
  if (!datasetId || !tableId) throw invalid('load.destinationTable needs datasetId and tableId');
  await wh.dataset(projectId, datasetId);
  const uris: string[] = config.sourceUris ?? [];
  const fields: Field[] | undefined = config.schema?.fields;
  const source = reader(
    { datasetId, tableId, config: { ...config, sourceFormat: config.sourceFormat ?? 'CSV' }, fields },
    uris.map((u) => localGlob(root, u)),
  );
  const name = `${q(datasetId)}.${q(tableId)}`;
  const exists = (await wh.relations(datasetId)).some((r) => r.name === tableId);
  const write = String(config.writeDisposition ?? 'WRITE_APPEND');
  if (!exists && config.createDisposition === 'CREATE_NEVER') throw notFound(`Table ${projectId}:${datasetId}.${tableId}`);
  if (exists && write === 'WRITE_EMPTY') {
    const r = await wh.engine.query(`SELECT count(*) FROM ${name}`);
    if (Number(r.rows[0][0]) > 0) throw invalid(`Already Exists: Table ${projectId}:${datasetId}.${tableId} is not empty (writeDisposition WRITE_EMPTY)`);
  }
  const before = exists ? Number((await wh.engine.query(`SELECT count(*) FROM ${name}`)).rows[0][0]) : 0;
  if (!exists || write === 'WRITE_TRUNCATE') {
    await wh.engine.query(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM ${source}`);
    const now = nowMs();
    wh.catalog.tables.set(tableKey(datasetId, tableId), { projectId, datasetId, tableId, type: 'TABLE', creationTime: now, lastModifiedTime: now, ...(fields && { schema: { fields } }) });
    wh.catalog.save();
  } else {
    await wh.engine.query(`INSERT INTO ${name} BY NAME SELECT * FROM ${source}`);
  }
  const after = Number((await wh.engine.query(`SELECT count(*) FROM ${name}`)).rows[0][0]);
  const loaded = write === 'WRITE_TRUNCATE' || !exists ? after : after - before;
  return { inputFiles: String(uris.length), outputRows: String(loaded), outputBytes: '0', badRecords: '0' };
}
