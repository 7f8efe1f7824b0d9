/**
 * Builds the budget report: usage from the declared workloads, then measured run counters,
 * then a usage file (each overriding the one before, key by key), priced over the graph, with
 * totals by service and pipeline, the 1×/10×/100× sensitivity and the per-event/drain
 * break-even.
 */
import type { ResourceGraph } from '../graph';
import type { PipelineDefinition } from '../../pipelines/types';
import { priceEntry } from './catalog';
import { priceGraph, roundUsd } from './estimate';
import { usageFromRun, type RunCounters } from './from-run';
import { breakEvens, capacityWarnings } from './sensitivity';
import type { BudgetReport, UsageValues } from './types';
import { usageFromFile, type UsageFile } from './usage-file';
import { workloadUsage } from './workload';

/** Options of {@link buildReport}. */
export interface BudgetOptions {
  readonly graph: ResourceGraph;
  /** Stack name, e.g. `tributary-dev`. */
  readonly stack: string;
  /** Pipeline definitions (their workloads); may be empty when usage comes from elsewhere. */
  readonly pipelines: readonly PipelineDefinition[];
  readonly usageFile?: UsageFile;
  readonly run?: RunCounters;
  /** @default true */
  readonly freeTier?: boolean;
  /** Folder of the stack JSON, for asset sizes. */
  readonly stackDir?: string;
  /** Sensitivity multipliers of the declared rates. @default [1, 10, 100] */
  readonly factors?: readonly number[];
}

/** The provider's region in the stack, else europe-west1. */
export function stackRegion(graph: ResourceGraph): string {
  const google = graph.json.provider?.google;
  const cfg = (Array.isArray(google) ? google[0] : google) as { region?: string } | undefined;
  return cfg?.region ?? 'europe-west1';
}

function merge(...layers: ReadonlyMap<string, UsageValues>[]): Map<string, UsageValues> {
  const out = new Map<string, UsageValues>();
  for (const layer of layers) for (const [k, v] of layer) out.set(k, { ...(out.get(k) ?? {}), ...v });
  return out;
}

/** Prices the graph and assembles the report. */
export function buildReport(opts: BudgetOptions): BudgetReport {
  const region = stackRegion(opts.graph);
  const explicit = [
    ...(opts.run ? [usageFromRun(opts.run, opts.graph).usage] : []),
    ...(opts.usageFile ? [usageFromFile(opts.usageFile, opts.graph)] : []),
  ];
  const usageAt = (factor: number) => merge(workloadUsage({ graph: opts.graph, pipelines: opts.pipelines, factor, stackDir: opts.stackDir }), ...explicit);
  const price = (factor: number) => priceGraph({ graph: opts.graph, usage: usageAt(factor), region, freeTier: opts.freeTier });
  const base = price(1);
  const byService: Record<string, number> = {};
  const byPipeline: Record<string, number> = {};
  const used = new Set<string>();
  for (const r of base.resources) {
    const key = r.pipeline ?? 'shared';
    byPipeline[key] = roundUsd((byPipeline[key] ?? 0) + r.monthlyCost);
    for (const c of r.costComponents) {
      const service = priceEntry(c.priceId).service;
      byService[service] = roundUsd((byService[service] ?? 0) + c.monthlyCost);
      used.add(c.priceId);
    }
  }
  const factors = opts.factors ?? [1, 10, 100];
  return {
    schemaVersion: 1,
    stack: opts.stack,
    currency: 'USD',
    region,
    freeTier: opts.freeTier !== false,
    usageSources: ['declared workload', ...(opts.run ? ['run counters'] : []), ...(opts.usageFile ? [`usage file ${opts.usageFile.file}`] : [])],
    totalMonthlyCost: base.totalMonthlyCost,
    byService,
    byPipeline,
    resources: base.resources,
    sensitivity: factors.map((factor) => ({
      factor,
      totalMonthlyCost: factor === 1 ? base.totalMonthlyCost : price(factor).totalMonthlyCost,
      capacityWarnings: capacityWarnings(opts.graph, opts.pipelines, factor),
    })),
    breakEven: breakEvens(opts.graph, opts.pipelines, region),
    unverifiedPrices: [...used].filter((id) => !priceEntry(id).verified).sort(),
  };
}
