/**
 * End-to-end benchmark (issue 11): the taxi pipeline in process, as `local/e2e.test.ts` runs it
 * (every emulator, the real functions under the functions framework, the synthesized graph),
 * measured through the official clients.
 *
 * 1. Rate steps: taxi events are produced to Kafka at 50, 100, ... 1,600 events/s (doubling) for
 *    {@link STEP_S} s each, stopping at the first step not sustained and then trying once half
 *    way back to the last sustained rate (after the index and silver have caught up). Every 2 s the bench counts what is searchable in Elasticsearch
 *    (`count` on `taxi` after a refresh) and queryable in `silver.taxi` (BigQuery
 *    `COUNT(DISTINCT event_id)`), and turns each count into a lag: how long ago the oldest event
 *    not yet visible was produced. A step is sustained when the producer kept its rate, the peak
 *    index lag of the step's second half is at most 2 s above the first half's and stayed under
 *    {@link INDEX_LAG_BOUND_S}, and the lake lag stayed under the lake's batch age plus
 *    {@link LAKE_SLACK_S} (the lake flushes on a 45 s batch age, so a 20 s step cannot see it
 *    settle; its bound is the batching, and a lag past that means the drain fell behind).
 * 2. Latency at a modest fixed rate: each event is tagged by its ride_id (= event_id) with its
 *    produce time; Elasticsearch is polled (`search`, `terms` on ride_id, no forced refresh: the
 *    index's own refresh interval counts) and silver is polled (`SELECT event_id ... IN UNNEST`);
 *    p50/p99 from produce to first seen. Resolution is the poll interval.
 *
 * In the real graph the bridge and the drains run on a 1-minute Cloud Scheduler schedule, each
 * invocation working for up to its deadline. Here the bench drives them continuously
 * (`scheduler.runNow` in a loop, back to back), which is what back-to-back invocations do when
 * each one runs to its deadline under load. Lake latency is dominated by the drain's batch age
 * (taxi: 45 s), not by processing. The machine is a shared 2-core box: numbers are as measured,
 * with the load average beside them.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { Client as Elasticsearch } from '@elastic/elasticsearch';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../functions/shared/log';
import { taxi } from '../pipelines';
import { taxiGenerator } from '../pipelines/generators/taxi';
import { freePort } from '../local/ports';
import { openSink, produce, type EventSink } from '../local/producers';
import { LOCAL_ENV, startLocal, type LocalRuntime } from '../local/runtime';
import { localStack } from '../local/stack';

const RATES = [50, 100, 200, 400, 800, 1600];
const STEP_S = 20;
const SAMPLE_MS = 2_000;
const INDEX_LAG_BOUND_S = 30;
const LAKE_SLACK_S = 20;
const LATENCY_RATE = 50;
const LATENCY_S = 15;
const JOBS = ['tributary-bridge', 'taxi-drain-index', 'taxi-drain-lake'];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const load = () => loadavg().map((l) => round(l, 2));

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** `n` taxi events (seed `seed`) starting an hour ago, or earlier so the last is not in the future (the generator spaces them ~0.5 s). */
function taxiEvents(n: number, seed: number): { bytes: Buffer; id: string }[] {
  const start = new Date(Date.now() - Math.max(3_600_000, n * 500 + 600_000));
  return [...taxiGenerator.generate({ count: n, seed, start })].map((s) => {
    const e = s.event as { ride_id: string };
    return { bytes: Buffer.from(JSON.stringify(e)), id: e.ride_id };
  });
}

/** Running total produced and when: the produce time of the n-th event overall. */
class Timeline {
  private readonly marks: { total: number; at: number }[] = [];
  total = 0;
  mark(total: number): void {
    this.total = total;
    this.marks.push({ total, at: Date.now() });
  }
  /** Seconds since the oldest event not yet visible was produced (0 when all visible). */
  lagS(visible: number, now: number): number {
    if (visible >= this.total) return 0;
    const m = this.marks.find((x) => x.total > visible);
    return m ? (now - m.at) / 1000 : 0;
  }
}

interface Visible {
  readonly indexed: number;
  readonly silver: number;
}

export default async function e2eBench(): Promise<Record<string, unknown>> {
  Object.assign(process.env, LOCAL_ENV); // no GCE metadata probe from the bench's own clients
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-e2e-'));
  const loadAtStart = load();
  const t0 = Date.now();
  const stack = localStack({ pipelines: ['taxi'], dataDir: dir });
  const rt: LocalRuntime = await startLocal({
    stackFile: stack.file,
    dataDir: join(dir, 'state'),
    apiPort: await freePort(),
    emulatorPorts: { kafka: 0, pubsub: 0, gcs: 0, bigquery: 0, elasticsearch: 0 },
    log: createLogger({ sink: () => {} }),
    onFunctionLine: () => {},
  });
  const startupMs = Date.now() - t0;
  const kafka = rt.emulators.get('kafka')!;
  const es = new Elasticsearch({ node: rt.env.ELASTICSEARCH_URL });
  const bq = new BigQuery({ projectId: rt.plan.project, apiEndpoint: rt.env.BIGQUERY_EMULATOR_HOST });
  let sink: EventSink | undefined;

  // Drive the bridge and the drains back to back for the whole run.
  let driving = true;
  const jobRuns: Record<string, { runs: number; failures: number }> = {};
  const drivers = JOBS.map(async (job) => {
    jobRuns[job] = { runs: 0, failures: 0 };
    while (driving) {
      try {
        await rt.scheduler.runNow(job);
        jobRuns[job].runs++;
      } catch {
        jobRuns[job].failures++;
      }
      await sleep(250);
    }
  });

  const visible = async (): Promise<Visible> => {
    // The index (and its alias) appear with the first bulk write; until then nothing is searchable.
    const exists = await es.indices.exists({ index: 'taxi' });
    if (exists) await es.indices.refresh({ index: 'taxi-*' });
    const indexed = exists ? (await es.count({ index: 'taxi' })).count : 0;
    const [rows] = await bq.query({ query: 'SELECT COUNT(DISTINCT event_id) AS n FROM silver.taxi' });
    return { indexed, silver: Number(rows[0].n) };
  };

  try {
    sink = await openSink('taxi', { kind: 'kafka', brokers: [`${kafka.host}:${kafka.port}`] });
    const timeline = new Timeline();
    const lakeAgeS = taxi.batching.lake.ageMs / 1000;
    const steps: Record<string, unknown>[] = [];
    let highestSustained = 0;

    // ---- 1. rate steps
    // The listed rates in order; after the first failure, one more step half way back to the last sustained rate.
    const queue = [...RATES];
    let bisected = false;
    for (let i = 0; queue.length; i++) {
      const rate = queue.shift()!;
      if (bisected) {
        // The step back starts from empty backlogs, not from what the failed step left.
        const t = Date.now();
        const behind = async () => {
          const v = await visible().catch(() => ({ indexed: 0, silver: 0 }));
          return v.indexed < timeline.total || v.silver < timeline.total;
        };
        while ((await behind()) && Date.now() - t < 75_000) await sleep(SAMPLE_MS);
      }
      const events = taxiEvents(rate * STEP_S, 1000 + i);
      const base = timeline.total;
      const samples: { atS: number; indexLagS: number; lakeLagS: number; indexed: number; silver: number; indexBacklog: number; lakeBacklog: number }[] = [];
      const stepStart = Date.now();
      let producing = true;
      const sampleErrors: string[] = [];
      const sampler = (async () => {
        while (producing) {
          await sleep(SAMPLE_MS);
          const v = await visible().catch((err: unknown) => (sampleErrors.push(String(err)), undefined));
          if (!v) continue;
          const now = Date.now();
          samples.push({
            atS: round((now - stepStart) / 1000),
            indexLagS: round(timeline.lagS(v.indexed, now)),
            lakeLagS: round(timeline.lagS(v.silver, now)),
            indexed: v.indexed,
            silver: v.silver,
            indexBacklog: timeline.total - v.indexed,
            lakeBacklog: timeline.total - v.silver,
          });
        }
      })();
      const sent = await produce({ events: events.map((e) => e.bytes), sink, rate, onProgress: (n) => timeline.mark(base + n) });
      const produceS = (Date.now() - stepStart) / 1000;
      producing = false;
      await sampler;
      const achieved = sent / produceS;
      // The index lag is a saw-tooth (the 5 s batch age); compare the peaks of the two halves of the step.
      const peak = (xs: typeof samples) => Math.max(0, ...xs.map((s) => s.indexLagS));
      const last = samples[samples.length - 1];
      const indexGrowthS = peak(samples.filter((s) => s.atS >= STEP_S / 2)) - peak(samples.filter((s) => s.atS < STEP_S / 2));
      // What reached the index per second over the step (first to last sample): the capacity when the step is not sustained.
      const first = samples[0];
      const indexedPerS = last && first && last.atS > first.atS ? (last.indexed - first.indexed) / (last.atS - first.atS) : 0;
      const maxLakeLagS = Math.max(0, ...samples.map((s) => s.lakeLagS));
      const checks = {
        producerKeptRate: achieved >= 0.95 * rate,
        indexLagNotGrowing: indexGrowthS <= 2,
        indexLagBounded: (last?.indexLagS ?? 0) <= INDEX_LAG_BOUND_S,
        lakeLagWithinBatching: maxLakeLagS <= lakeAgeS + LAKE_SLACK_S,
      };
      const sustained = Object.values(checks).every(Boolean);
      steps.push({ rate, sent, achievedRate: round(achieved), sustained, checks, indexedPerS: round(indexedPerS), indexLagGrowthS: round(indexGrowthS), maxLakeLagS, loadAverage: load(), sampleErrors: sampleErrors.slice(0, 3), samples });
      process.stdout.write(`e2e step ${rate}/s: achieved ${round(achieved)}/s, sustained ${sustained} ${JSON.stringify(checks)} last ${JSON.stringify(last)}\n`);
      if (sustained) {
        highestSustained = Math.max(highestSustained, rate);
        continue;
      }
      queue.length = 0;
      const mid = Math.round((highestSustained + rate) / 2 / 50) * 50;
      if (!bisected && highestSustained && mid > highestSustained && mid < rate) queue.push(mid), (bisected = true);
    }

    // Catch up before measuring latency, so the latency phase does not queue behind a backlog.
    const catchUpStart = Date.now();
    let v = await visible();
    while ((v.indexed < timeline.total || v.silver < timeline.total) && Date.now() - catchUpStart < 120_000) {
      await sleep(SAMPLE_MS);
      v = await visible();
    }
    const catchUp = { produced: timeline.total, indexed: v.indexed, silver: v.silver, seconds: round((Date.now() - catchUpStart) / 1000) };
    process.stdout.write(`e2e catch-up ${JSON.stringify(catchUp)}\n`);

    // ---- 2. latency at a fixed modest rate
    const tagged = taxiEvents(LATENCY_RATE * LATENCY_S, 9_999);
    const producedAt = new Map<string, number>();
    const toEs = new Map<string, number>();
    const toSilver = new Map<string, number>();
    let idx = 0;
    const producing = produce({
      events: tagged.map((e) => e.bytes),
      sink,
      rate: LATENCY_RATE,
      onProgress: (n) => {
        const at = Date.now();
        for (; idx < n; idx++) producedAt.set(tagged[idx].id, at);
      },
    });
    const pending = (seen: Map<string, number>) => [...producedAt.keys()].filter((id) => !seen.has(id));
    const pollEs = async () => {
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline && (producedAt.size < tagged.length || toEs.size < tagged.length)) {
        const ids = pending(toEs);
        if (ids.length) {
          const r = await es.search<{ ride_id: string }>({ index: 'taxi', size: ids.length, _source: ['ride_id'], query: { terms: { ride_id: ids } } });
          const at = Date.now();
          for (const h of r.hits.hits) if (h._source && !toEs.has(h._source.ride_id)) toEs.set(h._source.ride_id, at);
        }
        await sleep(500);
      }
    };
    const pollSilver = async () => {
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline && (producedAt.size < tagged.length || toSilver.size < tagged.length)) {
        const ids = pending(toSilver);
        if (ids.length) {
          const [rows] = await bq.query({ query: 'SELECT event_id FROM silver.taxi WHERE event_id IN UNNEST(@ids)', params: { ids } });
          const at = Date.now();
          for (const r of rows as { event_id: string }[]) if (!toSilver.has(r.event_id)) toSilver.set(r.event_id, at);
        }
        await sleep(1_000);
      }
    };
    await Promise.all([producing, pollEs(), pollSilver()]);
    const latencies = (seen: Map<string, number>, pollMs: number) => {
      const ms = [...seen].map(([id, at]) => at - producedAt.get(id)!).sort((a, b) => a - b);
      return { events: tagged.length, seen: ms.length, p50Ms: quantile(ms, 0.5), p99Ms: quantile(ms, 0.99), maxMs: ms[ms.length - 1] ?? null, pollIntervalMs: pollMs };
    };
    const latency = {
      rate: LATENCY_RATE,
      seconds: LATENCY_S,
      searchableInElasticsearch: latencies(toEs, 500),
      queryableInSilver: latencies(toSilver, 1_000),
      loadAverage: load(),
    };
    process.stdout.write(`e2e latency ${JSON.stringify(latency)}\n`);

    return {
      note:
        'Taxi pipeline in process (local/runtime.ts startLocal, every emulator, the real functions). The bench drives the bridge and both drains ' +
        'continuously (scheduler.runNow back to back) instead of on their 1-minute schedule. Index batch age 5 s + index refresh 5 s; ' +
        `lake batch age ${lakeAgeS} s dominates lake latency. Shared 2-core machine with other jobs running: numbers as measured, load average beside them.`,
      highestSustainedRate: highestSustained,
      // False when every step held: the highest rate is then a lower bound, not this machine's ceiling.
      ceilingFound: steps.some((s) => !s.sustained),
      sustainedRule: `producer >= 95% of rate; peak index lag of the step's second half <= first half's + 2 s and index lag <= ${INDEX_LAG_BOUND_S} s; lake lag <= batch age ${lakeAgeS} s + ${LAKE_SLACK_S} s`,
      stepSeconds: STEP_S,
      steps,
      catchUp,
      latency,
      jobRuns,
      startupMs,
      loadAverage: { start: loadAtStart, end: load() },
    };
  } finally {
    driving = false;
    await sink?.close().catch(() => {});
    await Promise.all(drivers);
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
