/**
 * Per-pipeline counters for the console and the end-of-run summary of `tributary up`: produced
 * (the producers), indexed (drainIndex summaries), landed in bronze / silver / quarantine
 * (drainLake summaries), failures of any job. Counters also feed `tributary budget --from-run`.
 */
import type { LocalPlan } from './provision/plan';
import type { JobResult } from './runtime';

/** Counters of one pipeline. */
export interface PipelineCounters {
  produced: number;
  bronze: number;
  silver: number;
  quarantined: number;
  indexed: number;
  /** Dead-lettered messages (retries ran out) the lake drain kept in quarantine with rule `dead_letter`. */
  deadLettered: number;
  /** Failed job runs (HTTP error, timeout) of this pipeline's functions. */
  failedRuns: number;
}

const zero = (): PipelineCounters => ({ produced: 0, bronze: 0, silver: 0, quarantined: 0, indexed: 0, deadLettered: 0, failedRuns: 0 });

/** A drain summary's `written`, tolerating a missing or malformed body. */
const written = (body: unknown): number => {
  const w = (body as { written?: unknown } | undefined)?.written;
  return typeof w === 'number' ? w : 0;
};

/**
 * Items a run moved, from its JSON summary: a drain's `written`, the bridge's `published`, or
 * the sum over a drain's layers (`{ bronze, silver, quarantine }`); 0 for anything else.
 */
export function workDone(body: unknown): number {
  if (!body || typeof body !== 'object') return 0;
  const b = body as Record<string, unknown>;
  if (typeof b.written === 'number') return b.written;
  if (typeof b.published === 'number') return b.published;
  return Object.values(b).reduce<number>((n, v) => n + workDone(v), 0);
}

/** Collects counters from producers and job results. */
export class RunStatus {
  readonly pipelines = new Map<string, PipelineCounters>();
  readonly invocations = new Map<string, { runs: number; failures: number; ms: number }>();
  readonly startedAt = Date.now();
  private readonly roleOf = new Map<string, { role?: string; pipeline?: string }>();

  constructor(plan: LocalPlan, pipelines: readonly string[]) {
    for (const id of pipelines) this.pipelines.set(id, zero());
    for (const f of plan.functions) this.roleOf.set(f.name, { role: f.role, pipeline: f.pipeline });
  }

  private of(id: string): PipelineCounters {
    let c = this.pipelines.get(id);
    if (!c) this.pipelines.set(id, (c = zero()));
    return c;
  }

  produced(id: string, n: number): void {
    this.of(id).produced += n;
  }

  /** Folds one scheduled run into the counters. */
  job(r: JobResult): void {
    const inv = this.invocations.get(r.job) ?? { runs: 0, failures: 0, ms: 0 };
    inv.runs++;
    inv.ms += r.ms;
    if (!r.ok) inv.failures++;
    this.invocations.set(r.job, inv);
    const fn = this.roleOf.get(r.job);
    if (!fn?.pipeline) return;
    const c = this.of(fn.pipeline);
    if (!r.ok) {
      c.failedRuns++;
      return;
    }
    if (fn.role === 'drain-index') c.indexed += written(r.body);
    if (fn.role === 'drain-lake') {
      const b = r.body as Record<string, unknown> | undefined;
      c.bronze += written(b?.bronze);
      c.silver += written(b?.silver);
      c.quarantined += written(b?.quarantine) + written(b?.deadLetter);
      c.deadLettered += written(b?.deadLetter);
    }
  }

  /** Bronze counts at the previous {@link table} call, for the events/s column. */
  private last = { at: this.startedAt, bronze: new Map<string, number>() };

  /**
   * A fixed-width table, one row per pipeline. `events/s` is what landed in bronze per second
   * since the previous table; `backlog` is produced but not yet in bronze (negative when a
   * pipeline's own sources, such as crypto's poller, add events).
   */
  table(now = Date.now()): string {
    const seconds = Math.max(1e-3, (now - this.last.at) / 1000);
    const head = ['pipeline', 'produced', 'events/s', 'backlog', 'bronze', 'silver', 'quarantined', 'dead-lettered', 'indexed', 'failed runs'];
    const rows = [...this.pipelines].map(([id, c]) => {
      const rate = (c.bronze - (this.last.bronze.get(id) ?? 0)) / seconds;
      return [id, c.produced, rate.toFixed(rate < 10 ? 1 : 0), c.produced - c.bronze, c.bronze, c.silver, c.quarantined, c.deadLettered, c.indexed, c.failedRuns].map(String);
    });
    this.last = { at: now, bronze: new Map([...this.pipelines].map(([id, c]) => [id, c.bronze])) };
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [line(head), ...rows.map(line)].join('\n');
  }

  /** Counters as JSON, for `tributary budget --from-run`. */
  toJSON(): Record<string, unknown> {
    return {
      durationSeconds: (Date.now() - this.startedAt) / 1000,
      pipelines: Object.fromEntries(this.pipelines),
      invocations: Object.fromEntries(this.invocations),
    };
  }
}
