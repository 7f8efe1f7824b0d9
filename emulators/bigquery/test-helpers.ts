/**
 * Test setup shared by the emulator's tests: an emulator on a free port and an official client
 * pointed at it.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { startBigQuery, type BigQueryHandle, type BigQueryOptions } from './index';

/** A running emulator and a client for it. */
export interface TestBigQuery {
  readonly emulator: BigQueryHandle;
  readonly bq: BigQuery;
}

/** Starts an emulator (port 0) and returns an official client using `apiEndpoint`. */
export async function startTestBigQuery(options: BigQueryOptions = {}): Promise<TestBigQuery> {
  const emulator = await startBigQuery({ port: 0, ...options });
  const bq = new BigQuery({ apiEndpoint: emulator.url, projectId: 'test-project' });
  return { emulator, bq };
}
