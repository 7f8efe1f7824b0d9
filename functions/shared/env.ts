/**
 * The environment contract of the functions (infra/README.md, "Function environment"). Every
 * read goes through here, so a missing or malformed variable fails the cold start with a message
 * naming the variable and what the infra sets it to.
 */
import type { BatchPolicy } from '../../pipelines/types';

/** A required environment variable is missing or malformed. */
export class EnvError extends Error {
  constructor(
    readonly variable: string,
    why: string,
  ) {
    super(`environment variable ${variable} ${why} (the infra sets it: see infra/README.md, "Function environment")`);
    this.name = 'EnvError';
  }
}

/** The environment a function reads; `process.env` by default, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A required string variable. */
export function required(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v.trim() === '') throw new EnvError(name, 'is not set');
  return v.trim();
}

/** An optional string variable with a default. */
export function optional(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

/** A positive integer variable with a default. */
export function integer(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new EnvError(name, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

/** A comma list (empty entries dropped). */
export function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The project id: `GOOGLE_CLOUD_PROJECT` (also `GCLOUD_PROJECT`, which older tooling sets). */
export function project(env: Env): string {
  const v = env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT;
  if (!v) throw new EnvError('GOOGLE_CLOUD_PROJECT', 'is not set');
  return v;
}

/** The pipeline a function serves: `PIPELINE`. */
export const pipelineId = (env: Env): string => required(env, 'PIPELINE');

/** `BATCH_COUNT`, `BATCH_BYTES`, `BATCH_AGE_MS`, over the definition's policy. */
export function batchPolicy(env: Env, fallback: BatchPolicy): BatchPolicy {
  return {
    count: integer(env, 'BATCH_COUNT', fallback.count) || fallback.count,
    bytes: integer(env, 'BATCH_BYTES', fallback.bytes) || fallback.bytes,
    ageMs: integer(env, 'BATCH_AGE_MS', fallback.ageMs),
  };
}

/** `DRAIN_DEADLINE_MS`: how long a drain keeps pulling. @default 50000 */
export const drainDeadlineMs = (env: Env): number => integer(env, 'DRAIN_DEADLINE_MS', 50_000);
