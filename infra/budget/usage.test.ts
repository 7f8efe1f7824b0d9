import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceGraph } from '../graph';
import { ALPHA } from '../test-fixtures/pipelines';
import { readRunCounters, RunCountersError, usageFromRun } from './from-run';
import { arimaCandidateModels, queryKind } from './pricers/bigquery';
import { memoryMib } from './pricers/functions';
import { runsPerMonth, UnknownScheduleError } from './schedule';
import { parseUsageFile, usageFromFile, UsageFileError } from './usage-file';
import { columnFraction } from './workload';

describe('schedules', () => {
  it.each([
    ['* * * * *', 43_800],
    ['*/5 * * * *', 8_760],
    ['0 * * * *', 730],
    ['every 15 minutes', 2_920],
    ['every 24 hours', 730 / 24],
    ['0 9 * * 1-5', (5 * 730) / 24 / 7],
  ])('%s runs %d times in a 730-hour month', (schedule, runs) => {
    expect(runsPerMonth(schedule)).toBeCloseTo(runs, 6);
  });

  it('says what it cannot count', () => {
    expect(() => runsPerMonth('whenever')).toThrow(UnknownScheduleError);
  });
});

describe('reading the graph', () => {
  it('counts auto.ARIMA candidate models from the OPTIONS', () => {
    expect(arimaCandidateModels("OPTIONS (model_type = 'ARIMA_PLUS')")).toBe(42);
    expect(arimaCandidateModels("OPTIONS (model_type = 'ARIMA_PLUS', auto_arima_max_order = 2)")).toBe(12);
    expect(arimaCandidateModels("OPTIONS (model_type = 'ARIMA_PLUS', auto_arima = FALSE)")).toBe(1);
  });

  it('tells training, prediction and plain queries apart', () => {
    expect(queryKind("CREATE OR REPLACE MODEL ml.x OPTIONS (model_type = 'KMEANS') AS SELECT 1")).toEqual({ kind: 'model', modelType: 'KMEANS' });
    expect(queryKind('CREATE OR REPLACE TABLE ml.p AS SELECT * FROM ML.PREDICT(MODEL ml.x, TABLE t)').kind).toBe('predict');
    expect(queryKind('CREATE OR REPLACE TABLE gold.k AS SELECT 1').kind).toBe('query');
  });

  it('reads function memory sizes', () => {
    expect([memoryMib('256M'), memoryMib('512Mi'), memoryMib('1G'), memoryMib('2Gi')]).toEqual([256, 512, 1024, 2048]);
  });

  it('bills only the silver columns a query reads, not the hive partition keys', () => {
    // ALPHA's enriched columns: event_id, event_time, value, region (partition key), count.
    expect(columnFraction(ALPHA, 'SELECT dt, region, SUM(value) FROM silver.alpha')).toBeCloseTo(1 / 4, 6);
    expect(columnFraction(ALPHA, 'SELECT value, count FROM silver.alpha PARTITION BY event_id')).toBeCloseTo(3 / 4, 6);
  });
});

const graph = new ResourceGraph(
  { resource: { google_pubsub_topic: { t1: { name: 'alpha-raw' } }, google_storage_bucket: { b: { name: 'p-lake', location: 'europe-west1' } } } },
  { project: 'p' },
);

describe('Infracost usage files', () => {
  it('applies type defaults, then per-resource usage by address or by type.name', () => {
    const u = parseUsageFile(
      ['version: 0.1', 'resource_type_default_usage:', '  google_pubsub_topic:', '    monthly_messages: 5', '    avg_message_bytes: 10', 'resource_usage:', '  google_pubsub_topic.alpha-raw:', '    monthly_messages: 7', '  google_storage_bucket.b:', '    monthly_egress_data_transfer_gb:', '      same_continent: 2', '      worldwide: 3'].join('\n'),
    );
    const usage = usageFromFile(u, graph);
    expect(usage.get('google_pubsub_topic.t1')).toEqual({ monthly_messages: 7, avg_message_bytes: 10 });
    expect(usage.get('google_storage_bucket.b')).toEqual({ monthly_egress_data_transfer_gb: 5 });
  });

  it('refuses another version, unknown sections and resources the stack lacks', () => {
    expect(() => parseUsageFile('version: 0.2\n')).toThrow(/version: 0\.1/);
    expect(() => parseUsageFile('version: 0.1\nresources: {}\n')).toThrow(UsageFileError);
    expect(() => usageFromFile(parseUsageFile('version: 0.1\nresource_usage:\n  google_pubsub_topic.nope:\n    monthly_messages: 1\n'), graph)).toThrow(/google_pubsub_topic\.nope/);
  });
});

describe('run counters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-counters-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scales counters of a run to a 730-hour month and matches buckets by role', () => {
    const run = { version: 1 as const, durationSeconds: 3600, topics: { 'alpha-raw': { messages: 1000, bytes: 300_000, requests: 100 } }, buckets: { 'local-lake': { objects: 10, bytes: 1000 } }, functions: { 'gone-fn': { invocations: 1, totalDurationMs: 1 } } };
    const { usage, unmatched } = usageFromRun(run, graph);
    expect(usage.get('google_pubsub_topic.t1')).toEqual({ monthly_messages: 730_000, avg_message_bytes: 300, messages_per_request: 10 });
    expect(usage.get('google_storage_bucket.b')?.monthly_class_a_operations).toBe(7300);
    expect(unmatched).toEqual(['google_cloudfunctions2_function:gone-fn']);
  });

  it('reads the counters `tributary up` writes, keeping the declared sizes', () => {
    writeFileSync(join(dir, 'counters.json'), JSON.stringify({ durationSeconds: 3600, pipelines: { alpha: { produced: 3600, bronze: 3600, silver: 3500, quarantined: 100, indexed: 3500, failedRuns: 0 } }, invocations: { 'alpha-drain-lake': { runs: 60, failures: 0, ms: 3_000_000 } } }));
    const run = readRunCounters(dir);
    expect(run.topics?.['alpha-raw']).toEqual({ messages: 3600 });
    expect(run.functions?.['alpha-drain-lake']).toEqual({ invocations: 60, totalDurationMs: 3_000_000 });
    expect(usageFromRun(run, graph).usage.get('google_pubsub_topic.t1')).toEqual({ monthly_messages: 2_628_000 });
  });

  it('reads DIR/counters.json and says what is wrong with a bad one', () => {
    writeFileSync(join(dir, 'counters.json'), JSON.stringify({ version: 1, durationSeconds: 60 }));
    expect(readRunCounters(dir).durationSeconds).toBe(60);
    writeFileSync(join(dir, 'counters.json'), JSON.stringify({ version: 1, durationSeconds: 0 }));
    expect(() => readRunCounters(dir)).toThrow(RunCountersError);
    expect(() => readRunCounters(join(dir, 'missing'))).toThrow(/tributary up --duration/);
  });
});
