/**
 * Elasticsearch emulator benchmark: bulk indexing throughput through the official client's
 * `helpers.bulk` (three rounds of 100,000 docs; the goal is judged on the median round), and the latency of a terms + date_histogram aggregation over 1,000,000
 * documents. Baselines measured in the same run: JSON.parse of the same NDJSON in process (the
 * floor any bulk endpoint pays), and a plain in-process loop computing the same two aggregations
 * over an array of objects (what scanning JSON objects would cost without column storage).
 * The machine is shared with other work while this runs, so absolute figures are depressed;
 * the ratios are the comparable numbers.
 */
import { Client } from '@elastic/elasticsearch';
import { startElasticsearch } from '../emulators/elasticsearch';

const TOTAL = 1_000_000;
const CLIENT_BULK = 300_000;
const ROUNDS = 3;
const ZONES = Array.from({ length: 50 }, (_, i) => `zone-${i}`);
const COMFORT = ['low', 'medium', 'high'];
const START = Date.UTC(2024, 0, 1);

interface Doc { event_id: string; zone: string; comfort: string; fare: number; ts: string }

const doc = (i: number): Doc => ({
  event_id: `ev-${i}`,
  zone: ZONES[(i * 7919) % ZONES.length],
  comfort: COMFORT[i % 3],
  fare: ((i * 37) % 10_000) / 100,
  ts: new Date(START + ((i * 2_654_435_761) % (30 * 86_400_000))).toISOString(),
});

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

export default async function bench(): Promise<Record<string, unknown>> {
  const es = await startElasticsearch({ port: 0 });
  const client = new Client({ node: es.url });
  try {
    await client.indices.putIndexTemplate({
      name: 'bench', index_patterns: ['bench-*'],
      template: { settings: { refresh_interval: '-1' }, mappings: { properties: { event_id: { type: 'keyword' }, zone: { type: 'keyword' }, comfort: { type: 'keyword' }, fare: { type: 'double' }, ts: { type: 'date' } } } },
    });

    // 1. Bulk through the official client, in rounds (the machine is shared: the best and the
    //    median round say more than one noisy measurement).
    const roundMs: number[] = [];
    let t0 = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const clientDocs = Array.from({ length: CLIENT_BULK / ROUNDS }, (_, i) => doc(r * (CLIENT_BULK / ROUNDS) + i));
      t0 = performance.now();
      const stats = await client.helpers.bulk({ datasource: clientDocs, onDocument: (d) => ({ index: { _index: 'bench-1', _id: d.event_id } }) });
      roundMs.push(performance.now() - t0);
      if (stats.failed) throw new Error(`${stats.failed} bulk items failed`);
    }
    const clientMs = roundMs.reduce((a, b) => a + b, 0);

    // 2. The rest as raw NDJSON bulk requests of ~10k docs (5 MB, like helpers.bulk's flushBytes).
    const rest: string[] = [];
    for (let start = CLIENT_BULK; start < TOTAL; start += 10_000) {
      let body = '';
      for (let i = start; i < Math.min(TOTAL, start + 10_000); i++) {
        const d = doc(i);
        body += `{"index":{"_index":"bench-1","_id":"${d.event_id}"}}\n${JSON.stringify(d)}\n`;
      }
      rest.push(body);
    }
    t0 = performance.now();
    for (const body of rest) {
      const res = await fetch(`${es.url}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
      const parsed = (await res.json()) as { errors: boolean };
      if (parsed.errors) throw new Error('raw bulk reported errors');
    }
    const rawMs = performance.now() - t0;

    // Baseline: parsing the same NDJSON lines in process.
    t0 = performance.now();
    for (const body of rest) for (const line of body.split('\n')) if (line) JSON.parse(line);
    const parseMs = performance.now() - t0;
    await client.indices.refresh({ index: 'bench-1' });
    const count = (await client.count({ index: 'bench-1' })).count;
    if (count !== TOTAL) throw new Error(`expected ${TOTAL} docs, counted ${count}`);

    // 3. terms + date_histogram over 1M docs.
    const request = { index: 'bench-1', size: 0, aggs: { zones: { terms: { field: 'zone', size: 10 } }, daily: { date_histogram: { field: 'ts', calendar_interval: 'day' as const } } } };
    const first = await client.search(request);
    const latencies: number[] = [];
    for (let i = 0; i < 15; i++) {
      t0 = performance.now();
      await client.search(request);
      latencies.push(performance.now() - t0);
    }
    // Baseline: the same two aggregations as a plain loop over JavaScript objects.
    const objects = Array.from({ length: TOTAL }, (_, i) => doc(i));
    const baseline: number[] = [];
    for (let r = 0; r < 5; r++) {
      t0 = performance.now();
      const zones = new Map<string, number>();
      const days = new Map<number, number>();
      for (const o of objects) {
        zones.set(o.zone, (zones.get(o.zone) ?? 0) + 1);
        const day = Math.floor(Date.parse(o.ts) / 86_400_000);
        days.set(day, (days.get(day) ?? 0) + 1);
      }
      [...zones].sort((a, b) => b[1] - a[1]).slice(0, 10);
      baseline.push(performance.now() - t0);
    }
    const aggs = first.aggregations as { daily: { buckets: unknown[] }; zones: { buckets: unknown[] } };

    const clientRate = CLIENT_BULK / (clientMs / 1000);
    const perRound = roundMs.map((ms) => CLIENT_BULK / ROUNDS / (ms / 1000)).sort((a, b) => a - b);
    const medianRate = perRound[Math.floor(perRound.length / 2)];
    const rawRate = (TOTAL - CLIENT_BULK) / (rawMs / 1000);
    const p50 = percentile(latencies, 50);
    return {
      note: 'shared 2-core machine with ~8 other jobs running: absolute numbers are depressed; ratios are against baselines measured in this run',
      bulk: {
        clientHelpersBulk: { docs: CLIENT_BULK, rounds: ROUNDS, ms: Math.round(clientMs), docsPerSecond: Math.round(clientRate), roundsDocsPerSecond: perRound.map(Math.round), medianRoundDocsPerSecond: Math.round(medianRate) },
        rawNdjsonBulk: { docs: TOTAL - CLIENT_BULK, ms: Math.round(rawMs), docsPerSecond: Math.round(rawRate) },
        baselineJsonParseSameNdjson: { ms: Math.round(parseMs), docsPerSecond: Math.round((TOTAL - CLIENT_BULK) / (parseMs / 1000)) },
        rawBulkCostVsJsonParse: round(rawMs / parseMs, 2),
        goalDocsPerSecond: 50_000,
        goalMet: medianRate >= 50_000,
      },
      aggregation: {
        docs: TOTAL,
        request: 'size 0; terms(zone, size 10) + date_histogram(ts, calendar_interval day)',
        buckets: { zones: aggs.zones.buckets.length, days: aggs.daily.buckets.length },
        runs: latencies.length,
        p50Ms: round(p50),
        p95Ms: round(percentile(latencies, 95)),
        baselinePlainLoopOverObjectsP50Ms: round(percentile(baseline, 50)),
        speedupVsPlainLoop: round(percentile(baseline, 50) / p50, 2),
        goalP50Ms: 200,
        goalMet: p50 < 200,
      },
    };
  } finally {
    await client.close();
    await es.close();
  }
}
