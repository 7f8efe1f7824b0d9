import { ResourceGraph, type TerraformJson } from '../graph';
import { CATALOG } from './catalog';
import { priceGraph, UnpricedTypeError } from './estimate';
import type { UsageValues } from './types';

const cost = (json: TerraformJson, usage: Record<string, UsageValues>, freeTier = false) =>
  priceGraph({ graph: new ResourceGraph(json, { project: 'p' }), usage: new Map(Object.entries(usage)), freeTier });

describe('worked examples, computed by hand from the catalog', () => {
  it('a topic moving 1 TiB a month costs $40.00, $39.61 after the 10 GiB free tier', () => {
    const json = { resource: { google_pubsub_topic: { t: { name: 'x-raw' } } } };
    expect(cost(json, { 'google_pubsub_topic.t': { monthly_message_data_tb: 1 } }).totalMonthlyCost).toBeCloseTo(40.0, 2);
    // (1 TiB - 10 GiB) × $40/TiB = 40 × 1014/1024 = 39.609375
    expect(cost(json, { 'google_pubsub_topic.t': { monthly_message_data_tb: 1 } }, true).totalMonthlyCost).toBeCloseTo(39.61, 2);
  });

  it('small messages are billed at 1,000 bytes per request', () => {
    const json = { resource: { google_pubsub_topic: { t: { name: 'x-raw' } } } };
    // 1e9 requests × 1000 B = 1e12 B = 0.9094947 TiB × $40 = $36.38
    const r = cost(json, { 'google_pubsub_topic.t': { monthly_messages: 1e9, avg_message_bytes: 200 } });
    expect(r.totalMonthlyCost).toBeCloseTo(36.38, 2);
  });

  it('a function with 10M invocations of 120 ms at 512 MiB', () => {
    const json = { resource: { google_cloudfunctions2_function: { f: { name: 'x-enrich', location: 'europe-west1', service_config: { available_memory: '512M' } } } } };
    const r = cost(json, { 'google_cloudfunctions2_function.f': { monthly_function_invocations: 10_000_000, request_duration_ms: 120 } });
    // 120 ms bills as 200 ms: 2,000,000 s. CPU 0.333 vCPU: 666,000 vCPU-s × $0.000024 = $15.984
    // memory 0.5 GiB: 1,000,000 GiB-s × $0.0000025 = $2.50; requests 10 × $0.40 = $4.00
    expect(r.resources[0].costComponents.map((c) => c.monthlyCost)).toEqual([15.984, 2.5, 4]);
    expect(r.totalMonthlyCost).toBeCloseTo(22.48, 2);
  });

  it('a bucket of 500 GiB with 2M Class A operations in europe-west1', () => {
    const json = { resource: { google_storage_bucket: { b: { name: 'p-lake', location: 'europe-west1' } } } };
    const r = cost(json, { 'google_storage_bucket.b': { storage_gb: 500, monthly_class_a_operations: 2_000_000 } });
    // 500 × $0.020 = $10.00; 2,000 × $0.005 per 1k = $10.00
    expect(r.totalMonthlyCost).toBeCloseTo(20.0, 2);
  });

  it('a daily scheduled query scanning 0.5 TiB a day', () => {
    const json = { resource: { google_bigquery_data_transfer_config: { q: { display_name: 'x kpi k', params: { query: 'CREATE OR REPLACE TABLE gold.x AS SELECT 1' }, schedule: 'every 24 hours' } } } };
    // 730/24 runs × 0.5 TiB × $6.25 = $95.052083; with 1 TiB free: (15.208333 - 1) × 6.25 = $88.80
    const usage = { 'google_bigquery_data_transfer_config.q': { monthly_runs: 730 / 24, tb_per_run: 0.5 } };
    expect(cost(json, usage).totalMonthlyCost).toBeCloseTo(95.05, 2);
    expect(cost(json, usage, true).totalMonthlyCost).toBeCloseTo(88.8, 2);
  });

  it('five scheduler jobs: three are free, two billed $0.10 per 31 days for 730/24 days', () => {
    const jobs = Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`j${i}`, { name: `job-${i}`, schedule: '* * * * *' }]));
    // 2 × (730 / 24) × 0.10 / 31 = $0.196237
    expect(cost({ resource: { google_cloud_scheduler_job: jobs } }, {}, true).totalMonthlyCost).toBeCloseTo(0.2, 2);
    expect(cost({ resource: { google_cloud_scheduler_job: jobs } }, {}, true).totalMonthlyCost).toBeCloseTo((2 * (730 / 24) * 0.1) / 31, 4);
  });

  it('an ARIMA_PLUS model bills its bytes once per candidate model', () => {
    const sql = "CREATE OR REPLACE MODEL ml.x OPTIONS (model_type = 'ARIMA_PLUS') AS SELECT 1";
    const json = { resource: { google_bigquery_data_transfer_config: { q: { display_name: 'x model m', params: { query: sql } } } } };
    // 30 runs × 0.001 TiB × 42 candidates × $312.50 = $393.75
    expect(cost(json, { 'google_bigquery_data_transfer_config.q': { monthly_runs: 30, tb_per_run: 0.001 } }).totalMonthlyCost).toBeCloseTo(393.75, 2);
  });
});

describe('coverage', () => {
  it('refuses a graph with a type that has no pricer and no free/not-priced entry', () => {
    const json = { resource: { google_pubsub_topic: { t: { name: 'x' } }, google_spanner_instance: { s: { name: 'db' } } } };
    expect(() => cost(json, {})).toThrow(UnpricedTypeError);
    expect(() => cost(json, {})).toThrow(/google_spanner_instance/);
  });

  it('lists free resources with their reason', () => {
    const json = { resource: { google_service_account: { a: { account_id: 'x' } } } };
    const [r] = cost(json, {}).resources;
    expect([r.status, r.reason, r.monthlyCost]).toEqual(['free', 'service accounts are free', 0]);
  });
});

describe('catalog', () => {
  it('has unique ids, a source page and a read date on every entry', () => {
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
    for (const e of CATALOG) {
      expect([e.id, e.source]).toEqual([e.id, expect.stringMatching(/^https:\/\//)]);
      expect([e.id, e.read]).toEqual([e.id, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
    }
  });
});
