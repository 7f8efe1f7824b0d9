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
import { block, HOURS_PER_MONTH, SECONDS_PER_MONTH } from './pricers/util';
import { runsPerMonth } from './schedule';
import type { BreakEven } from './types';
import { ASSUMPTIONS } from './workload';

interface FnShape {
  readonly cpu: number;
  readonly gib: number;
  readonly env: Readonly<Record<string, string>>;
}

function shapeOf(graph: ResourceGraph, name: string): FnShape | undefined {
  const r = graph.resources('google_cloudfunctions2_function').find((x) => resolvedConfig(graph, x).name === name);
  if (!r) return undefined;
  const sc = block(resolvedConfig(graph, r).service_config) ?? {};
  const mib = memoryMib(sc.available_memory);
  return { cpu: sc.available_cpu !== undefined ? Number(sc.available_cpu) : defaultCpu(mib), gib: mib / 1024, env: (sc.environment_variables ?? {}) as Record<string, string> };
}

/**
 * Functions of the pipelines that could not carry `factor` × the declared rates with their
 * `max_instance_count`: the enrich function needs rate × duration / concurrency instances, a
 * drain one instance per {@link ASSUMPTIONS.drainEventsPerSecondPerInstance} events/s.
 */
export function capacityWarnings(graph: ResourceGraph, pipelines: readonly PipelineDefinition[], factor: number): string[] {
  const out: string[] = [];
  const limit = (name: string) => {
    const r = graph.resources('google_cloudfunctions2_function').find((x) => resolvedConfig(graph, x).name === name);
    const sc = r ? block(resolvedConfig(graph, r).service_config) : undefined;
    return sc ? { max: Number(sc.max_instance_count ?? 100), concurrency: Number(sc.max_instance_request_concurrency ?? 1) } : undefined;
  };
  for (const p of pipelines) {
    const eps = p.workload.eventsPerSecond * factor;
    const enrich = limit(functionName(p.id, 'enrich'));
    const needed = Math.ceil((eps * ASSUMPTIONS.enrichDurationMs) / 1000 / (enrich?.concurrency ?? 1));
    if (enrich && needed > enrich.max) out.push(`${functionName(p.id, 'enrich')} needs about ${needed} instances at ${eps} events/s; max_instance_count is ${enrich.max}`);
    for (const role of ['drain-index', 'drain-lake'] as const) {
      const drain = limit(functionName(p.id, role));
      const drains = Math.ceil(eps / ASSUMPTIONS.drainEventsPerSecondPerInstance);
      if (drain && drains > drain.max) out.push(`${functionName(p.id, role)} needs about ${drains} instances at ${eps} events/s; max_instance_count is ${drain.max}`);
    }
  }
  return out;
}

/** Runs a month of the scheduler job that calls function `name` (every minute when it has none). */
function scheduledRuns(graph: ResourceGraph, name: string): number {
  const job = graph.resources('google_cloud_scheduler_job').find((x) => resolvedConfig(graph, x).name === name);
  const schedule = job && resolvedConfig(graph, job).schedule;
  return runsPerMonth(typeof schedule === 'string' ? schedule : '* * * * *');
}

/** The monthly cost model of the two designs for one pipeline, at list prices. */
export interface DesignCosts {
  /** USD per month per event/s of the per-event design. */
  readonly perEventPerEps: number;
  /** USD per month of one drain instance running on its schedule. */
  readonly drainPerInstance: number;
  /** USD per month of the drain's scheduler job. */
  readonly drainJob: number;
  /** USD per month per event/s of the drain design (pulled bytes). */
  readonly drainPerEps: number;
}

/** Per-event: push (1,000-byte minimum), a request, 100 ms rounding. Drain: its loop time on its schedule, batched pulls. */
export function designCosts(graph: ResourceGraph, p: PipelineDefinition, region: string): DesignCosts | undefined {
  const perEventFn = shapeOf(graph, functionName(p.id, 'enrich'));
  const drainFn = shapeOf(graph, functionName(p.id, 'drain-lake'));
  if (!perEventFn || !drainFn) return undefined;
  const cpuP = unitPrice('run.cpu', region);
  const memP = unitPrice('run.memory', region);
  const reqP = unitPrice('run.requests', region) / 1e6;
  const psP = unitPrice('pubsub.throughput', region) / TIB;
  const bytes = p.workload.avgEventBytes;
  const loopSeconds = billableSeconds(Number(drainFn.env.DRAIN_DEADLINE_MS ?? 50_000));
  return {
    perEventPerEps: SECONDS_PER_MONTH * (billableSeconds(ASSUMPTIONS.enrichDurationMs) * (perEventFn.cpu * cpuP + perEventFn.gib * memP) + reqP + Math.max(1000, bytes) * psP),
    drainPerInstance: scheduledRuns(graph, functionName(p.id, 'drain-lake')) * (loopSeconds * (drainFn.cpu * cpuP + drainFn.gib * memP) + reqP),
    drainJob: unitPrice('scheduler.job', region) * (HOURS_PER_MONTH / 24),
    drainPerEps: SECONDS_PER_MONTH * bytes * psP,
  };
}

/** Break-even of each pipeline that has both an enrich function and a lake drain to model the drain on. */
export function breakEvens(graph: ResourceGraph, pipelines: readonly PipelineDefinition[], region: string): BreakEven[] {
  const out: BreakEven[] = [];
  const cap = ASSUMPTIONS.drainEventsPerSecondPerInstance;
  for (const p of pipelines) {
    const c = designCosts(graph, p, region);
    if (!c) continue;
    const a = c.perEventPerEps;
    const b = c.drainPerEps;
    const drain = (eps: number) => (Math.ceil(eps / cap) || 1) * c.drainPerInstance + c.drainJob + b * eps;
    // The first rate at which a·eps reaches the drain's cost, instance count by instance count.
    let breakEven: number | null = null;
    if (a > b) {
      for (let k = 1; k <= 10_000 && breakEven === null; k++) {
        const x = (k * c.drainPerInstance + c.drainJob) / (a - b);
        if (x <= k * cap) breakEven = Math.max(x, (k - 1) * cap);
      }
    }
    const eps = p.workload.eventsPerSecond;
    const perEventMonthlyCost = Math.round(a * eps * 100) / 100;
    const drainMonthlyCost = Math.round(drain(eps) * 100) / 100;
    out.push({ pipeline: p.id, eventsPerSecond: eps, perEventMonthlyCost, drainMonthlyCost, breakEvenEventsPerSecond: breakEven === null ? null : Math.round(breakEven * 1000) / 1000, cheaper: perEventMonthlyCost <= drainMonthlyCost ? 'per-event' : 'drain' });
  }
  return out;
}
