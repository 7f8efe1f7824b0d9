/**
 * External tables over the local lake: PARQUET, NEWLINE_DELIMITED_JSON and CSV at `gs://` URIs,
 * read from the Cloud Storage emulator's files on disk (`gs://b/n` at `<storageRoot>/b/n`).
 */
import { unimplementedError } from './errors';
import type { Field } from './types';
import type { Warehouse } from './warehouse';

/** What {@link createExternal} needs. */
export interface ExternalSpec {
  readonly datasetId: string;
  readonly tableId: string;
  readonly config: Record<string, unknown>;
  readonly fields?: Field[];
}

/** Creates the DuckDB view standing for an external table. */
export async function createExternal(_wh: Warehouse, _spec: ExternalSpec): Promise<void> {
  throw unimplementedError('tables.insert with externalDataConfiguration');
}
