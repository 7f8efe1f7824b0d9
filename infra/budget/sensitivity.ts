/**
 * Where the per-event design (a push subscription invoking the enrich function once per
 * message) stops being cheaper than the drain design (a scheduled function pulling batches for
 * 50 s a minute), per pipeline, at list prices without free tiers (they are shared and would
 * hide the marginal cost).
 */
import type { ResourceGraph } from '../graph';
import type { PipelineDefinition } from '../../pipelines/types';
import { functionName } from '../names';
import { TIB, unitPrice } from './catalog';
import { resolvedConfig } from './estimate';
import { billableSeconds, defaultCpu, memoryMib } from './pricers/functions';
import { block, SECONDS_PER_MONTH } from './pricers/util';
import { runsPerMonth } from './schedule';
import type { BreakEven } from './types';
import { ASSUMPTIONS } from './workload';

interface FnShape {
  readonly cpu: number;
  readonly gib: number;
}

function shapeOf(graph: ResourceGraph, name: string): FnShape | undefined {
  const r = graph.resources('google_cloudfunctions2_function').find((x) => resolvedConfig(graph, x).name === name);
  if (!r) return undefined;
  const sc = block(resolvedConfig(graph, r).service_config) ?? {};
  const mib = memoryMib(sc.available_memory);
  return { cpu: sc.available_cpu !== undefined ? Number(sc.available_cpu) : defaultCpu(mib), gib: mib / 1024 };
}

/** Break-even of each pipeline that has both an enrich function and a lake drain to model the drain on. */
export function breakEvens(graph: ResourceGraph, pipelines: readonly PipelineDefinition[], region: string): BreakEven[] {
  const cpuP = unitPrice('run.cpu', region);
  const memP = unitPrice('run.memory', region);
  const reqP = unitPrice('run.requests', region) / 1e6;
  const psP = unitPrice('pubsub.throughput', region) / TIB;
  const jobP = unitPrice('scheduler.job', region);
  const out: BreakEven[] = [];
  for (const p of pipelines) {
    const perEventFn = shapeOf(graph, functionName(p.id, 'enrich'));
    const drainFn = shapeOf(graph, functionName(p.id, 'drain-lake'));
    if (!perEventFn || !drainFn) continue;
    const bytes = p.workload.avgEventBytes;
    // Per event: one push delivery (1,000-byte minimum), one request, billed time rounded to 100 ms.
    const a = SECONDS_PER_MONTH * (billableSeconds(ASSUMPTIONS.enrichDurationMs) * (perEventFn.cpu * cpuP + perEventFn.gib * memP) + reqP + Math.max(1000, bytes) * psP);
    // Drain: fixed loop time per run per instance, plus pulled bytes (batched: no per-message minimum).
    const runs = runsPerMonth('* * * * *');
    const perInstance = runs * (50 * (drainFn.cpu * cpuP + drainFn.gib * memP) + reqP) + jobP;
    const b = SECONDS_PER_MONTH * bytes * psP;
    const cap = ASSUMPTIONS.drainEventsPerSecondPerInstance;
    const drain = (eps: number) => (Math.ceil(eps / cap) || 1) * perInstance + b * eps;
    let breakEven: number | null = null;
    if (a > b) {
      for (let k = 1; k <= 10_000; k++) {
        const x = (k * perInstance) / (a - b);
        if (x <= k * cap && x > (k - 1) * cap) {
          breakEven = x;
          break;
        }
      }
    }
    const eps = p.workload.eventsPerSecond;
    const perEventMonthlyCost = Math.round(a * eps * 100) / 100;
    const drainMonthlyCost = Math.round(drain(eps) * 100) / 100;
    out.push({ pipeline: p.id, eventsPerSecond: eps, perEventMonthlyCost, drainMonthlyCost, breakEvenEventsPerSecond: breakEven === null ? null : Math.round(breakEven * 1000) / 1000, cheaper: perEventMonthlyCost <= drainMonthlyCost ? 'per-event' : 'drain' });
  }
  return out;
}
