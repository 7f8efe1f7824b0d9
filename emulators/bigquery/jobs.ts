/**
 * Jobs: each runs to completion when inserted (the emulator has no queue), and keeps its result
 * rows in memory so `getQueryResults` can page through them. Jobs are not persisted.
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBValue } from '@duckdb/node-api';
import { BigQueryError } from './errors';
import type { Field } from './types';

/** A job and, for a query, its result. */
export interface Job {
  readonly projectId: string;
  readonly jobId: string;
  readonly location: string;
  readonly configuration: Record<string, unknown>;
  readonly creationTime: number;
  startTime: number;
  endTime: number;
  error?: BigQueryError;
  statistics: Record<string, unknown>;
  fields?: Field[];
  rows?: DuckDBValue[][];
}

/** The jobs this process has run. */
export class Jobs {
  private readonly byId = new Map<string, Job>();

  /** A new job id like BigQuery's (`job_<uuid>`). */
  static newId(): string {
    return `job_${randomUUID().replace(/-/g, '_')}`;
  }

  /** Remembers a job. */
  add(job: Job): void {
    this.byId.set(`${job.projectId}:${job.jobId}`, job);
  }

  /** A job, or BigQuery's 404. */
  get(projectId: string, jobId: string): Job {
    const job = this.byId.get(`${projectId}:${jobId}`);
    if (!job) throw new BigQueryError(404, 'notFound', `Not found: Job ${projectId}:${jobId}`);
    return job;
  }

  /** Every job of a project, newest first. */
  list(projectId: string): Job[] {
    return [...this.byId.values()].filter((j) => j.projectId === projectId).sort((a, b) => b.creationTime - a.creationTime);
  }
}

/** The job resource BigQuery answers with. */
export function jobResource(job: Job): Record<string, unknown> {
  const res: Record<string, unknown> = {
    kind: 'bigquery#job',
    etag: `"${job.endTime}"`,
    id: `${job.projectId}:${job.location}.${job.jobId}`,
    selfLink: `/bigquery/v2/projects/${job.projectId}/jobs/${job.jobId}?location=${job.location}`,
    user_email: 'emulator@localhost',
    jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
    configuration: job.configuration,
    status: { state: 'DONE' } as Record<string, unknown>,
    statistics: {
      creationTime: String(job.creationTime),
      startTime: String(job.startTime),
      endTime: String(job.endTime),
      ...job.statistics,
    },
  };
  if (job.error) {
    const detail = (job.error.toBody() as { error: { errors: unknown[] } }).error.errors[0];
    res.status = { state: 'DONE', errorResult: detail, errors: [detail] };
  }
  return res;
}
