/**
 * jobs.insert (QUERY; LOAD in ../load.ts), jobs.query, jobs.get, jobs.list, jobs.cancel,
 * jobs.delete and jobs.getQueryResults with `maxResults` / `pageToken` / `startIndex` paging.
 * Query jobs run to completion inside the request, so every job answers DONE.
 */
import { BigQueryError, invalid, unimplementedError } from '../errors';
import { ok, type Reply, type Req, type Route } from '../http';
import { jobResource, Jobs, type Job } from '../jobs';
import { runQuery } from '../query';
import { rowOf, timestampFormat, type TimestampFormat } from '../types';
import type { Warehouse } from '../warehouse';

/** Everything the job handlers share. */
export interface JobContext {
  readonly wh: Warehouse;
  readonly jobs: Jobs;
  /** Runs a LOAD job's configuration (see ../load.ts). */
  readonly load?: (projectId: string, config: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

/** Runs a query job to completion; a failure is kept on the job, not thrown. */
async function runQueryJob(ctx: JobContext, job: Job, query: Record<string, any>, dryRun: boolean): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (query.useLegacySql === true) {
    job.error = invalid('Legacy SQL is not supported by the local BigQuery emulator; set useLegacySql: false');
    return;
  }
  try {
    const out = await runQuery(ctx.wh, { sql: query.query, params: query.queryParameters, defaultDataset: query.defaultDataset, dryRun, projectId: job.projectId });
    job.fields = out.fields;
    job.rows = out.rows;
    const q: Record<string, unknown> = {
      totalBytesProcessed: out.totalBytesProcessed,
      totalBytesBilled: out.totalBytesProcessed,
      cacheHit: false,
      statementType: out.statementType,
      ...(out.numDmlAffectedRows !== undefined && { numDmlAffectedRows: out.numDmlAffectedRows, dmlStats: { insertedRowCount: out.statementType === 'INSERT' ? out.numDmlAffectedRows : '0' } }),
      ...(out.ddlOperationPerformed && { ddlOperationPerformed: out.ddlOperationPerformed }),
      ...(out.ddlTargetTable && { ddlTargetTable: { projectId: job.projectId, ...out.ddlTargetTable } }),
      ...(out.fields.length && { schema: { fields: out.fields } }),
    };
    job.statistics = { totalBytesProcessed: out.totalBytesProcessed, query: q };
  } catch (e) {
    if (!(e instanceof BigQueryError)) throw e;
    job.error = e;
  } finally {
    job.endTime = Date.now();
  }
}

function newJob(projectId: string, jobId: string, location: string, configuration: Record<string, unknown>): Job {
  const now = Date.now();
  return { projectId, jobId, location, configuration, creationTime: now, startTime: now, endTime: now, statistics: {} };
}

/** A page of a finished query job's rows. */
function page(job: Job, opts: { maxResults?: unknown; pageToken?: unknown; startIndex?: unknown; format: TimestampFormat }) {
  const rows = job.rows ?? [];
  const start = opts.pageToken ? Number(opts.pageToken) : opts.startIndex ? Number(opts.startIndex) : 0;
  const max = opts.maxResults !== undefined && opts.maxResults !== null ? Number(opts.maxResults) : 100_000;
  const end = Math.min(rows.length, start + max);
  return {
    schema: { fields: job.fields ?? [] },
    totalRows: String(rows.length),
    rows: rows.slice(start, end).map((r) => rowOf(r, opts.format)),
    ...(end < rows.length && { pageToken: String(end) }),
  };
}

function dmlFields(job: Job): Record<string, unknown> {
  const q = (job.statistics.query ?? {}) as Record<string, unknown>;
  return {
    ...(q.numDmlAffectedRows !== undefined && { numDmlAffectedRows: q.numDmlAffectedRows, dmlStats: q.dmlStats }),
    ...(q.statementType !== undefined && { statementType: q.statementType }),
    totalBytesProcessed: q.totalBytesProcessed ?? '0',
  };
}

/** The job routes. */
export function jobRoutes(ctx: JobContext): Route[] {
  const base = '/projects/{projectId}';
  const insert = async (req: Req): Promise<Reply> => {
    const { projectId } = req.params;
    const configuration = req.body?.configuration ?? {};
    const jobId: string = req.body?.jobReference?.jobId ?? Jobs.newId();
    const location: string = req.body?.jobReference?.location ?? ctx.wh.location;
    const job = newJob(projectId, jobId, location, configuration);
    if (configuration.query) await runQueryJob(ctx, job, configuration.query, configuration.dryRun === true);
    else if (configuration.load && ctx.load) {
      try {
        job.statistics = { load: await ctx.load(projectId, configuration.load) };
      } catch (e) {
        if (!(e instanceof BigQueryError)) throw e;
        job.error = e;
      }
      job.endTime = Date.now();
    } else throw unimplementedError(`jobs.insert of a ${Object.keys(configuration).filter((k) => k !== 'dryRun' && k !== 'labels').join('/') || 'empty'} job`);
    if (configuration.dryRun !== true) ctx.jobs.add(job);
    return ok(jobResource(job));
  };
  const query = async (req: Req): Promise<Reply> => {
    const { projectId } = req.params;
    const b = req.body ?? {};
    const jobId = Jobs.newId();
    const job = newJob(projectId, jobId, b.location ?? ctx.wh.location, { query: { query: b.query, useLegacySql: b.useLegacySql ?? true } });
    await runQueryJob(ctx, job, { ...b, useLegacySql: b.useLegacySql ?? true }, b.dryRun === true);
    if (job.error) throw job.error;
    ctx.jobs.add(job);
    return ok({
      kind: 'bigquery#queryResponse',
      jobReference: { projectId, jobId, location: job.location },
      jobComplete: true,
      cacheHit: false,
      ...(b.dryRun === true ? { schema: { fields: job.fields ?? [] }, totalRows: '0' } : page(job, { maxResults: b.maxResults, format: timestampFormat(b.formatOptions) })),
      ...dmlFields(job),
    });
  };
  const getQueryResults = (req: Req): Reply => {
    const job = ctx.jobs.get(req.params.projectId, req.params.jobId);
    if (job.error) throw job.error;
    const qs = req.query;
    const format = timestampFormat({ useInt64Timestamp: qs.get('formatOptions.useInt64Timestamp') ?? undefined, timestampOutputFormat: qs.get('formatOptions.timestampOutputFormat') ?? undefined });
    return ok({
      kind: 'bigquery#getQueryResultsResponse',
      etag: `"${job.endTime}"`,
      jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
      jobComplete: true,
      cacheHit: false,
      ...page(job, { maxResults: qs.get('maxResults'), pageToken: qs.get('pageToken'), startIndex: qs.get('startIndex'), format }),
      ...dmlFields(job),
    });
  };
  return [
    { method: 'POST', path: `${base}/jobs`, op: 'jobs.insert', handle: insert },
    { method: 'POST', path: `${base}/queries`, op: 'jobs.query', handle: query },
    { method: 'GET', path: `${base}/queries/{jobId}`, op: 'jobs.getQueryResults', handle: getQueryResults },
    { method: 'GET', path: `${base}/jobs/{jobId}`, op: 'jobs.get', handle: (req) => ok(jobResource(ctx.jobs.get(req.params.projectId, req.params.jobId))) },
    {
      method: 'GET',
      path: `${base}/jobs`,
      op: 'jobs.list',
      handle: (req) => ok({ kind: 'bigquery#jobList', etag: '"0"', jobs: ctx.jobs.list(req.params.projectId).map((j) => ({ ...jobResource(j), state: 'DONE' })) }),
    },
    {
      method: 'POST',
      path: `${base}/jobs/{jobId}/cancel`,
      op: 'jobs.cancel',
      handle: (req) => ok({ kind: 'bigquery#jobCancelResponse', job: jobResource(ctx.jobs.get(req.params.projectId, req.params.jobId)) }),
    },
    {
      method: 'DELETE',
      path: `${base}/jobs/{jobId}/delete`,
      op: 'jobs.delete',
      handle: (req) => {
        ctx.jobs.get(req.params.projectId, req.params.jobId);
        return { status: 204 };
      },
    },
  ];
}
