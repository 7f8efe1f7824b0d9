/**
 * Crash test, in process (issue 11): taxi events go in through Kafka while the bridge, the enrich
 * function and the lake drain are each killed with SIGKILL mid-run; their hosts restart them, the
 * bridge and the drain are run again, and silver must hold every produced event exactly once
 * (checked with the official BigQuery client). Two Pub/Sub probe subscriptions on the raw and
 * enriched topics show how far the pipeline got, so each kill lands while work is in flight.
 */
import { BigQuery } from '@google-cloud/bigquery';
import type { Subscription } from '@google-cloud/pubsub';
import { taxiGenerator } from '../pipelines/generators/taxi';
import { waitForPort, type FunctionHost } from './function-host';
import { openSink, produce } from './producers';
import type { LocalRuntime } from './runtime';
import { startTestRuntime, type TestRuntime } from './runtime.test-helpers';

const N = 2_000;
const START = new Date(Date.now() - 3_600_000);
const EVENTS = [...taxiGenerator.generate({ count: N, seed: 23, start: START })].map((s) => s.event as { ride_id: string });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 50 ms until it holds or `ms` pass; returns whether it held. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

describe('tributary up, crash test (taxi)', () => {
  let t: TestRuntime;
  let rt: LocalRuntime;
  const probes: Subscription[] = [];

  beforeAll(async () => {
    t = await startTestRuntime(['taxi']);
    rt = t.rt;
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(probes.map((p) => p.close()));
    await t?.stop();
  }, 60_000);

  /** A subscription of our own on a pipeline topic, counting what reaches it. */
  async function probe(topic: string): Promise<{ count: () => number }> {
    const [sub] = await rt.clients.pubsub.topic(topic).createSubscription(`${topic}-crash-probe`, { ackDeadlineSeconds: 60 });
    probes.push(sub);
    let n = 0;
    sub.on('message', (m) => (n++, m.ack()));
    sub.on('error', () => undefined);
    return { count: () => n };
  }

  /** SIGKILLs a function's process and waits for its host to bring it back. */
  async function crash(name: string): Promise<void> {
    const host: FunctionHost = rt.functions.get(name)!;
    const before = host.restarts;
    process.kill(host.pid!, 'SIGKILL');
    expect(await until(() => host.restarts > before && host.pid !== undefined, 60_000)).toBe(true);
    await waitForPort(Number(new URL(host.url).port), 60_000);
  }

  it('loses and duplicates nothing in silver when the bridge, enrich and the lake drain are killed mid-run', async () => {
    const raw = await probe('taxi-raw');
    const enriched = await probe('taxi-enriched');
    const run = (job: string) => rt.scheduler.runNow(job).catch((err: Error) => ({ failed: err.message }));

    // Produce at a rate, so the bridge is still consuming when it is killed.
    const kafka = rt.emulators.get('kafka')!;
    const sink = await openSink('taxi', { kind: 'kafka', brokers: [`${kafka.host}:${kafka.port}`] });
    const producing = produce({ events: EVENTS.map((e) => Buffer.from(JSON.stringify(e))), sink, rate: 250 }).finally(() => sink.close());

    // 1. The bridge, killed once it has published some records and the producer is still going.
    const bridge1 = run('tributary-bridge');
    expect(await until(() => raw.count() >= 200, 120_000)).toBe(true);
    await crash('tributary-bridge');
    await bridge1;
    const rawAtBridgeKill = raw.count();

    // 2. The lake drain, killed while it holds leases on what enrich has produced so far.
    expect(await until(() => enriched.count() >= 100, 60_000)).toBe(true);
    const lake1 = run('taxi-drain-lake');
    await sleep(3_000);
    await crash('taxi-drain-lake');
    await lake1;
    expect(await producing).toBe(N);

    // 3. Enrich, killed while the restarted bridge feeds it the rest.
    const enrichedBefore = enriched.count();
    const bridge2 = run('tributary-bridge');
    const enrichKilled = await until(() => enriched.count() >= enrichedBefore + 100, 90_000);
    if (enrichKilled) await crash('taxi-enrich');
    await bridge2;

    // 4. Run the bridge and the drain again until silver holds every event and stops growing.
    const bq = new BigQuery({ projectId: rt.plan.project, apiEndpoint: rt.env.BIGQUERY_EMULATOR_HOST });
    const count = async (sql: string) => Number((await bq.query({ query: sql }))[0][0].n);
    const distinct = () => count('SELECT COUNT(DISTINCT event_id) AS n FROM silver.taxi');
    const deadline = Date.now() + 180_000;
    let silver = -1;
    for (let settled = 0; Date.now() < deadline && settled < 1; ) {
      await run('tributary-bridge');
      await run('taxi-drain-lake');
      const now = await distinct();
      settled = now === silver && now >= N ? settled + 1 : 0;
      silver = now;
      if (silver < N) await sleep(2_000);
    }
    // On failure, how far each stage got (the probes count redeliveries too).
    const diagnostics = { rawAtBridgeKill, raw: raw.count(), enriched: enriched.count(), enrichKilled, silver };
    expect({ ...diagnostics, silver: await distinct() }).toEqual({ ...diagnostics, silver: N });
    expect(await count('SELECT COUNT(*) AS n FROM silver.taxi')).toBe(N);
    const [rows] = await bq.query({ query: 'SELECT DISTINCT event_id FROM silver.taxi' });
    const ids = new Set((rows as { event_id: string }[]).map((r) => r.event_id));
    expect(EVENTS.filter((e) => !ids.has(e.ride_id)).map((e) => e.ride_id)).toEqual([]);
    // Every host came back after its crash.
    for (const fn of ['tributary-bridge', 'taxi-drain-lake', ...(enrichKilled ? ['taxi-enrich'] : [])]) {
      expect(rt.functions.get(fn)!.restarts).toBeGreaterThanOrEqual(1);
    }
  }, 420_000);
});
