/**
 * What an end-to-end run must produce, computed from the pipeline definition alone: the payloads
 * go through `processRaw` in order, as the enrich function sees them, and the outcome is kept the
 * way the lake keeps it (silver and quarantine deduplicate by `event_id`).
 */
import { processRaw } from '../pipelines/core/process';
import type { PipelineDefinition } from '../pipelines/types';

/** The expected contents of silver and quarantine for a list of produced payloads. */
export interface Expected {
  /** Distinct `event_id`s of the valid events. */
  readonly ids: ReadonlySet<string>;
  /** The enriched valid events, each `event_id` once (first seen). */
  readonly rows: readonly Record<string, unknown>[];
  /** Per rule, the keys of the quarantine rows it yields (the `event_id`, or one key per copy without one). */
  readonly quarantine: ReadonlyMap<string, ReadonlySet<string>>;
  /** Quarantine rows in all. */
  readonly quarantinedCount: number;
  /** The rows grouped by `key`, each group reduced by `value`. */
  group<V>(key: (r: Record<string, unknown>) => string, value: (rs: Record<string, unknown>[]) => V): Map<string, V>;
  /** Earliest and latest value of a time field over the rows, in ms. */
  minTime(field: string): number;
  maxTime(field: string): number;
}

/** Groups rows by a key and reduces each group. */
export function groupBy<T, V>(rows: readonly T[], key: (r: T) => string, value: (rs: T[]) => V): Map<string, V> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return new Map([...groups].map(([k, rs]) => [k, value(rs)]));
}

/** Runs every payload through the definition's validation and enrichment. */
export function expectedOf(definition: PipelineDefinition, payloads: readonly Buffer[], now = new Date()): Expected {
  const state = new Map<string, unknown>();
  const byId = new Map<string, Record<string, unknown>>();
  const quarantine = new Map<string, Set<string>>();
  payloads.forEach((bytes, i) => {
    const r = processRaw(definition as never, bytes, { now, state });
    if (r.kind === 'ok') {
      if (!byId.has(r.event_id)) byId.set(r.event_id, r.enriched as Record<string, unknown>);
      return;
    }
    const keys = quarantine.get(r.record.rule) ?? new Set<string>();
    keys.add(r.record.event_id ?? `copy ${i}`);
    quarantine.set(r.record.rule, keys);
  });
  const rows = [...byId.values()];
  const times = (field: string) => rows.map((r) => new Date(r[field] as string).getTime());
  return {
    ids: new Set(byId.keys()),
    rows,
    quarantine,
    quarantinedCount: [...quarantine.values()].reduce((n, k) => n + k.size, 0),
    group: (key, value) => groupBy(rows, key, value),
    minTime: (field) => Math.min(...times(field)),
    maxTime: (field) => Math.max(...times(field)),
  };
}
