import { ResourceGraph } from '../graph';
import { ALPHA, BETA } from '../test-fixtures/pipelines';
import { synthFixture } from '../test-fixtures/synth';
import { uncoveredTypes } from './pricers';
import { buildReport } from './report';
import { capacityWarnings } from './sensitivity';
import { parseUsageFile } from './usage-file';

const graphOf = (json: ReturnType<typeof synthFixture>['json']) => new ResourceGraph(json, { project: 'tributary-test' });

describe('the budget over the fixture stack', () => {
  const { json } = synthFixture();
  const graph = graphOf(json);
  const report = buildReport({ graph, stack: 'tributary-test', pipelines: [ALPHA, BETA] });

  it('lists every resource of the graph exactly once', () => {
    expect(report.resources.map((r) => r.address).sort()).toEqual(graph.resources().map((r) => r.address).sort());
  });

  it('gives every free or not-priced resource a reason', () => {
    for (const r of report.resources.filter((x) => x.status !== 'priced')) expect([r.address, typeof r.reason]).toEqual([r.address, 'string']);
  });

  it('adds up: the total is the sum of resources, of services and of pipelines', () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(report.resources.map((r) => r.monthlyCost))).toBeCloseTo(report.totalMonthlyCost, 4);
    expect(sum(Object.values(report.byService))).toBeCloseTo(report.totalMonthlyCost, 4);
    expect(sum(Object.values(report.byPipeline))).toBeCloseTo(report.totalMonthlyCost, 4);
    expect(Object.keys(report.byPipeline).sort()).toEqual(['alpha', 'beta', 'shared']);
  });

  it('attributes each pipeline function, topic and scheduled query to its pipeline', () => {
    const of = (type: string, name: string) => report.resources.find((r) => r.type === type && r.name === name)?.pipeline;
    expect([
      of('google_cloudfunctions2_function', 'alpha-enrich'),
      of('google_service_account', 'alpha-enrich'),
      of('google_pubsub_topic', 'beta-raw'),
      of('google_bigquery_data_transfer_config', 'beta model forecast'),
      of('google_bigquery_table', 'silver.beta_lake'),
      of('google_cloudfunctions2_function', 'tributary-api'),
    ]).toEqual(['alpha', 'alpha', 'beta', 'beta', 'beta', null]);
  });

  it('prices the lake from the declared retention and its lifecycle rules', () => {
    const lake = report.resources.find((r) => r.name === 'tributary-test-lake');
    const q = (name: string) => lake?.costComponents.find((c) => c.name === name)?.monthlyQuantity ?? 0;
    // 30 days kept, bronze moves to Nearline after 30: all in Standard, nothing in Nearline yet.
    expect(q('Standard storage')).toBeGreaterThan(0);
    expect(q('Nearline storage (after lifecycle)')).toBe(0);
    expect(q('Class A operations')).toBeGreaterThan(0);
  });

  it('grows with the declared rates (1×, 10×, 100×)', () => {
    const [x1, x10, x100] = report.sensitivity.map((s) => s.totalMonthlyCost);
    expect(x1).toBe(report.totalMonthlyCost);
    expect(x10).toBeGreaterThan(x1);
    expect(x100).toBeGreaterThan(x10);
  });

  it('finds where the drain design becomes cheaper than per-event functions', () => {
    for (const b of report.breakEven) {
      expect(b.breakEvenEventsPerSecond).toBeGreaterThan(0);
      expect(b.cheaper).toBe(b.eventsPerSecond < (b.breakEvenEventsPerSecond ?? Infinity) ? 'per-event' : 'drain');
    }
  });

  it('puts the break-even where a per-event function costs as much as a drain (by hand)', () => {
    // Per event/s a month: 2,628,000 events × (0.1 s × (0.333 vCPU × $0.000024 + 0.5 GiB × $0.0000025) + $0.40/1M + 1,000 B × $40/TiB)
    const a = 2_628_000 * (0.1 * (0.333 * 0.000024 + 0.5 * 0.0000025) + 0.4e-6 + (1000 * 40) / 2 ** 40);
    // Drain (lake drain's shape: 1 GiB, 0.583 vCPU): 43,800 runs × (50 s × (0.583 × $0.000024 + 1 × $0.0000025) + $0.40/1M), plus its job
    const drain = 43_800 * (50 * (0.583 * 0.000024 + 0.0000025) + 0.4e-6) + (0.1 / 31) * (730 / 24);
    const b = 2_628_000 * 300 * (40 / 2 ** 40); // pulled bytes, batched
    const alpha = report.breakEven.find((x) => x.pipeline === 'alpha');
    expect(alpha?.breakEvenEventsPerSecond).toBeCloseTo(drain / (a - b), 2);
    expect(alpha?.perEventMonthlyCost).toBeCloseTo(a * 10, 2);
  });

  it('warns when a rate needs more instances than a function may start', () => {
    expect(capacityWarnings(graph, [ALPHA], 1)).toEqual([]);
    // 10,000 events/s × 50 ms = 500 concurrent enrich requests; drains carry 1,000 events/s each.
    expect(capacityWarnings(graph, [ALPHA], 1000)).toEqual([
      expect.stringMatching(/^alpha-enrich needs about 500 instances at 10000 events\/s; max_instance_count is \d+$/),
      'alpha-drain-index needs about 10 instances at 10000 events/s; max_instance_count is 1',
      'alpha-drain-lake needs about 10 instances at 10000 events/s; max_instance_count is 1',
    ]);
  });

  it('costs more without free tiers', () => {
    expect(buildReport({ graph, stack: 's', pipelines: [ALPHA, BETA], freeTier: false, factors: [1] }).totalMonthlyCost).toBeGreaterThan(report.totalMonthlyCost);
  });

  it('takes usage from an Infracost usage file over the declared workload', () => {
    const usageFile = parseUsageFile('version: 0.1\nresource_usage:\n  google_pubsub_topic.alpha-raw:\n    monthly_message_data_tb: 1\n');
    const r = buildReport({ graph, stack: 's', pipelines: [ALPHA, BETA], usageFile, freeTier: false, factors: [1] });
    expect(r.resources.find((x) => x.name === 'alpha-raw' && x.type === 'google_pubsub_topic')?.costComponents[0].monthlyCost).toBeCloseTo(40, 2);
  });

  it('takes usage from run counters scaled to a month', () => {
    // 600 s run, 6,000 invocations of 100 ms at 512 MiB: × 4,380 to a month = 26.28M invocations.
    const run = { version: 1 as const, durationSeconds: 600, functions: { 'alpha-enrich': { invocations: 6000, totalDurationMs: 600_000 } } };
    const r = buildReport({ graph, stack: 's', pipelines: [], run, freeTier: false, factors: [1] });
    const fn = r.resources.find((x) => x.type === 'google_cloudfunctions2_function' && x.name === 'alpha-enrich');
    // 26.28M × 0.1 s × (0.333 × 0.000024 + 0.5 × 0.0000025) + 26.28 × 0.40
    expect(fn?.monthlyCost).toBeCloseTo(2_628_000 * (0.333 * 0.000024 + 0.5 * 0.0000025) + 26.28 * 0.4, 2);
  });
});

describe('coverage of every stack configuration', () => {
  // The default configuration is covered above (priceGraph throws on a type without a rule).
  const configs = [{ kafka: 'none' as const }, { bridge: 'connect' as const, alertEmail: 'ops@example.com', publicApi: true }];
  it.each(configs)('has a pricer or a free/not-priced entry for every resource type (%o)', (config) => {
    const { json } = synthFixture({ config });
    expect(uncoveredTypes(Object.keys(json.resource ?? {}))).toEqual([]);
  });
});
