/**
 * Query-string validation of the API: only the parameters a route declares, each value checked
 * against its type before it is bound as a BigQuery query parameter. Anything else is a 400
 * that names what is allowed, so a caller learns the contract from the error.
 */
import { fieldsOf } from '../../schemas/derive';
import type { AnyPipeline } from '../runtime';

/** A 4xx answer with a message a caller can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Scalar kind of a filter field, from the enriched schema. */
export type FilterKind = 'string' | 'integer' | 'number' | 'boolean';

/** The filter fields of a pipeline with their kinds (nested or non-scalar fields are refused at load). */
export function filterKinds(p: AnyPipeline): Map<string, FilterKind> {
  const fields = new Map(fieldsOf(p.enrichedSchema).map((f) => [f.name, f]));
  const out = new Map<string, FilterKind>();
  for (const name of p.filterFields) {
    const f = fields.get(name);
    const kind: FilterKind = f?.kind === 'integer' ? 'integer' : f?.kind === 'number' ? 'number' : f?.kind === 'boolean' ? 'boolean' : 'string';
    out.set(name, kind);
  }
  return out;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A timestamp parameter: RFC 3339 (or a plain date, meaning its UTC midnight). */
export function parseTime(name: string, value: string): Date {
  const ms = ISO.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new ApiError(400, `${name}=${JSON.stringify(value.slice(0, 60))} is not a timestamp; use RFC 3339, e.g. ${name}=2026-11-22T10:00:00Z or ${name}=2026-11-22`);
  return new Date(ms);
}

/** `limit`: an integer in [1, max]. */
export function parseLimit(value: string | null, fallback: number, max: number): number {
  if (value === null) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > max) throw new ApiError(400, `limit=${JSON.stringify(value.slice(0, 20))} must be an integer from 1 to ${max}`);
  return Number(value);
}

/** A filter value checked against its field's kind; returns the typed value to bind. */
export function parseFilter(field: string, kind: FilterKind, value: string): string | number | boolean {
  const bad = (what: string) => new ApiError(400, `${field}=${JSON.stringify(value.slice(0, 60))} is not ${what}`, { field, expected: kind });
  switch (kind) {
    case 'integer':
      if (!/^-?\d{1,18}$/.test(value)) throw bad('an integer');
      return Number(value);
    case 'number':
      if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) throw bad('a number');
      return Number(value);
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw bad('true or false');
      return value === 'true';
    case 'string':
      // Bound as a parameter either way; refusing control characters and overlong values keeps logs and errors clean.
      if (value.length === 0 || value.length > 256 || /[\u0000-\u001f\u007f]/.test(value)) throw bad('a value of 1 to 256 printable characters');
      return value;
  }
}

/** Refuses any query parameter not in `allowed`, naming the allowed ones. */
export function checkKnown(query: URLSearchParams, allowed: readonly string[]): void {
  for (const key of new Set(query.keys())) {
    if (!allowed.includes(key)) throw new ApiError(400, `unknown parameter ${JSON.stringify(key.slice(0, 60))}; allowed: ${allowed.join(', ')}`, { allowed });
    if (query.getAll(key).length > 1) throw new ApiError(400, `parameter ${key} is given more than once; give it once`);
  }
}
