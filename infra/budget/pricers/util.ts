/** Small helpers shared by the pricers. */
import type { UsageValues } from '../types';

/** A usage value as a number; `fallback` when absent. Throws on a non-numeric value. */
export function num(usage: UsageValues, key: string, fallback = 0): number {
  const v = usage[key];
  if (v === undefined || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageValueError(key, v);
  return n;
}

/** A usage value that should be a non-negative number and is not. */
export class UsageValueError extends Error {
  constructor(key: string, value: unknown) {
    super(`usage key ${key} = ${JSON.stringify(value)} is not a non-negative number; fix it in the usage file or counters`);
    this.name = 'UsageValueError';
  }
}

/** Hours in a billing month (Google's and Infracost's convention). */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** The first element of a Terraform block that cdktf may write as an object or a one-element list. */
export function block(v: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(v)) return v[0] as Record<string, unknown> | undefined;
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

/** Seconds in a Terraform duration string (`604800s`, `3.5s`); undefined when absent. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}
