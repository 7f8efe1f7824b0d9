/**
 * The BigQuery emulator: REST v2 on DuckDB that `@google-cloud/bigquery` uses unchanged through
 * `BIGQUERY_EMULATOR_HOST=http://localhost:9050` (bare paths) or `apiEndpoint` (`/bigquery/v2`).
 * GoogleSQL is translated to DuckDB (./sql), external tables read the Cloud Storage emulator's
 * files on disk, and BigQuery ML runs in process (./ml).
 *
 * ```ts
 * const bq = await startBigQuery({ port: 0, dataDir: '.tributary/bigquery', storageRoot: gcs.root });
 * process.env.BIGQUERY_EMULATOR_HOST = bq.url;
 * ```
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorHandle, EmulatorOptions } from '../common/types';
import { datasetRoutes } from './api/datasets';
import { jobRoutes } from './api/jobs';
import { modelRoutes } from './api/models';
import { tabledataRoutes } from './api/tabledata';
import { tableRoutes } from './api/tables';
import { makeHandler, unimplemented, type Route } from './http';
import { Jobs } from './jobs';
import { runLoad } from './load';
import { Warehouse } from './warehouse';

/** Options for {@link startBigQuery}. */
export interface BigQueryOptions extends EmulatorOptions {
  /** Port; 0 picks a free one. @default 9050 */
  readonly port?: number;
  /** The Cloud Storage emulator's filesystem root, where `gs://` URIs are read. @default undefined (external tables and loads answer 400) */
  readonly storageRoot?: string;
  /** Location datasets and jobs report. @default 'US' */
  readonly location?: string;
}

/** A running BigQuery emulator. */
export interface BigQueryHandle extends EmulatorHandle {
  /** The warehouse behind it (DuckDB and the catalog), for tests and benchmarks. */
  readonly warehouse: Warehouse;
}

/** Operations left out (see UNSUPPORTED.md), answered with 501. */
const UNIMPLEMENTED: Route[] = [
  unimplemented('POST', '/projects/{projectId}/datasets/{datasetId}/tables/{tableId}:getIamPolicy', 'tables.getIamPolicy'),
  unimplemented('POST', '/projects/{projectId}/datasets/{datasetId}/tables/{tableId}:setIamPolicy', 'tables.setIamPolicy'),
  unimplemented('POST', '/projects/{projectId}/datasets/{datasetId}/tables/{tableId}:testIamPermissions', 'tables.testIamPermissions'),
  unimplemented('POST', '/projects/{projectId}/datasets/{datasetId}:undelete', 'datasets.undelete'),
  unimplemented('GET', '/projects/{projectId}/datasets/{datasetId}/routines', 'routines.list'),
  unimplemented('POST', '/projects/{projectId}/datasets/{datasetId}/routines', 'routines.insert'),
  unimplemented('GET', '/projects/{projectId}/datasets/{datasetId}/routines/{routineId}', 'routines.get'),
  unimplemented('GET', '/projects/{projectId}/datasets/{datasetId}/rowAccessPolicies', 'rowAccessPolicies.list'),
  unimplemented('GET', '/projects/{projectId}/serviceAccount', 'projects.getServiceAccount'),
  unimplemented('GET', '/projects', 'projects.list'),
];

/** Starts the emulator; resolves once it listens. */
export async function startBigQuery(options: BigQueryOptions = {}): Promise<BigQueryHandle> {
  const wh = await Warehouse.open({ dataDir: options.dataDir, storageRoot: options.storageRoot, location: options.location });
  const jobs = new Jobs();
  const routes: Route[] = [
    ...datasetRoutes(wh),
    ...tableRoutes(wh),
    ...tabledataRoutes(wh),
    ...jobRoutes({ wh, jobs, load: (projectId, config) => runLoad(wh, projectId, config) }),
    ...modelRoutes(wh),
    ...UNIMPLEMENTED,
  ];
  const handler = makeHandler(routes, (op, error) => {
    process.stdout.write(`${JSON.stringify({ severity: 'ERROR', message: `bigquery ${op} failed: ${error.message}`, stack: error.stack })}\n`);
  });
  const server = createServer((req, res) => void handler(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9050, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: `http://${host}:${port}`,
    warehouse: wh,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await wh.close();
    },
  };
}
