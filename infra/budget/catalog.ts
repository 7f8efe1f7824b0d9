/**
 * The price catalog: every list price the budget uses, as data. USD, on-demand list prices,
 * with the page each came from and the date it was read. A price that differs by region has
 * `regions` overrides; `usd` is the price everywhere else we deploy (us-central1, europe-west1
 * and the US/EU multi-regions are all Tier 1 for Cloud Run). Free tiers are modelled here and
 * switched off by `tributary budget --no-free-tier`.
 *
 * `verified: true` means the figure was checked against the page's text on `read`; `false`
 * means it is the published list price as we know it and the page should be re-read before a
 * budget is signed off (the report lists these).
 */

/** A free monthly allowance, shared by every resource that uses the price. */
export interface FreeTier {
  /** Free quantity per month, in the entry's unit. */
  readonly quantity: number;
  /** Who the allowance belongs to. */
  readonly scope: 'billing-account' | 'project';
  /** Only in these locations (lower case); everywhere when absent. */
  readonly regions?: readonly string[];
}

/** One price. */
export interface PriceEntry {
  /** Stable id used by the pricers, e.g. `pubsub.throughput`. */
  readonly id: string;
  /** Service, as shown in the charts by service. */
  readonly service: string;
  readonly description: string;
  /** Unit the price is per, e.g. `TiB`, `GiB-month`, `vCPU-second`, `1M requests`. */
  readonly unit: string;
  /** USD per unit where no regional override applies. */
  readonly usd: number;
  /** USD per unit by location (lower case: `europe-west1`, `eu`, `us`). */
  readonly regions?: Readonly<Record<string, number>>;
  readonly freeTier?: FreeTier;
  /** The page the price was read from. */
  readonly source: string;
  /** Date read, YYYY-MM-DD. */
  readonly read: string;
  readonly verified: boolean;
  readonly note?: string;
}

const READ = '2026-11-30';
const PUBSUB = 'https://cloud.google.com/pubsub/pricing';
const RUN = 'https://cloud.google.com/run/pricing';
const SCHEDULER = 'https://cloud.google.com/scheduler/pricing';
const GCS = 'https://cloud.google.com/storage/pricing';
const BQ = 'https://cloud.google.com/bigquery/pricing';
const KAFKA = 'https://cloud.google.com/managed-service-for-apache-kafka/pricing';
const SECRETS = 'https://cloud.google.com/secret-manager/pricing';
const OBSERVABILITY = 'https://cloud.google.com/stackdriver/pricing';
const EVENTARC = 'https://cloud.google.com/eventarc/docs/run/pricing';
const NETWORK = 'https://cloud.google.com/vpc/network-pricing';
const VPC_ACCESS = 'https://cloud.google.com/vpc/pricing#serverless-vpc-pricing';

/** Tebibyte and gibibyte in bytes (Google bills "GB"/"TB" as binary units). */
export const GIB = 2 ** 30;
export const TIB = 2 ** 40;

/** The catalog. Ids are unique (checked by the tests). */
export const CATALOG: readonly PriceEntry[] = [
  // Pub/Sub
  { id: 'pubsub.throughput', service: 'Pub/Sub', description: 'Message delivery throughput (publish and subscribe; 1,000-byte minimum per request)', unit: 'TiB', usd: 40, freeTier: { quantity: 10 / 1024, scope: 'billing-account' }, source: PUBSUB, read: READ, verified: true },
  { id: 'pubsub.storage', service: 'Pub/Sub', description: 'Retained acknowledged messages, topic retention and snapshots', unit: 'GiB-month', usd: 0.27, source: PUBSUB, read: READ, verified: false },
  // Cloud Run functions (2nd gen) = Cloud Run request-based billing, Tier 1
  { id: 'run.cpu', service: 'Cloud Run functions', description: 'vCPU time, request-based billing (rounded up to 100 ms)', unit: 'vCPU-second', usd: 0.000024, freeTier: { quantity: 180_000, scope: 'billing-account' }, source: RUN, read: READ, verified: true },
  { id: 'run.memory', service: 'Cloud Run functions', description: 'Memory time, request-based billing (rounded up to 100 ms)', unit: 'GiB-second', usd: 0.0000025, freeTier: { quantity: 360_000, scope: 'billing-account' }, source: RUN, read: READ, verified: false },
  { id: 'run.requests', service: 'Cloud Run functions', description: 'Requests (invocations)', unit: '1M requests', usd: 0.4, freeTier: { quantity: 2, scope: 'billing-account' }, source: RUN, read: READ, verified: true },
  { id: 'run.idleCpu', service: 'Cloud Run functions', description: 'Idle minimum instances, vCPU', unit: 'vCPU-second', usd: 0.0000025, source: RUN, read: READ, verified: false },
  { id: 'run.idleMemory', service: 'Cloud Run functions', description: 'Idle minimum instances, memory', unit: 'GiB-second', usd: 0.0000025, source: RUN, read: READ, verified: false },
  { id: 'run.instanceCpu', service: 'Cloud Run functions', description: 'vCPU time, instance-based billing (CPU always allocated)', unit: 'vCPU-second', usd: 0.000018, source: RUN, read: READ, verified: true },
  { id: 'run.instanceMemory', service: 'Cloud Run functions', description: 'Memory time, instance-based billing (CPU always allocated)', unit: 'GiB-second', usd: 0.000002, source: RUN, read: READ, verified: false },
  // Cloud Scheduler
  { id: 'scheduler.job', service: 'Cloud Scheduler', description: 'Job (paused jobs count), billed per day at $0.10 per 31 days', unit: 'job-day', usd: 0.1 / 31, freeTier: { quantity: (3 * 730) / 24, scope: 'billing-account' }, source: SCHEDULER, read: READ, verified: true },
  // Cloud Storage (regional prices; multi-region EU/US overrides)
  { id: 'gcs.standard.storage', service: 'Cloud Storage', description: 'Standard storage', unit: 'GiB-month', usd: 0.02, regions: { eu: 0.026, us: 0.026 }, freeTier: { quantity: 5, scope: 'billing-account', regions: ['us-central1', 'us-east1', 'us-west1'] }, source: GCS, read: READ, verified: true },
  { id: 'gcs.nearline.storage', service: 'Cloud Storage', description: 'Nearline storage', unit: 'GiB-month', usd: 0.01, regions: { eu: 0.015, us: 0.015 }, source: GCS, read: READ, verified: true },
  { id: 'gcs.coldline.storage', service: 'Cloud Storage', description: 'Coldline storage', unit: 'GiB-month', usd: 0.004, regions: { eu: 0.007, us: 0.007 }, source: GCS, read: READ, verified: true },
  { id: 'gcs.archive.storage', service: 'Cloud Storage', description: 'Archive storage', unit: 'GiB-month', usd: 0.0012, regions: { eu: 0.0024, us: 0.0024 }, source: GCS, read: READ, verified: true },
  { id: 'gcs.standard.classA', service: 'Cloud Storage', description: 'Class A operations, Standard (insert, list, set storage class)', unit: '1k operations', usd: 0.005, regions: { eu: 0.01, us: 0.01 }, freeTier: { quantity: 5, scope: 'billing-account', regions: ['us-central1', 'us-east1', 'us-west1'] }, source: GCS, read: READ, verified: true, note: 'the regional price was checked; the multi-region (EU, US) override was not' },
  { id: 'gcs.standard.classB', service: 'Cloud Storage', description: 'Class B operations, Standard (get, metadata)', unit: '1k operations', usd: 0.0004, freeTier: { quantity: 50, scope: 'billing-account', regions: ['us-central1', 'us-east1', 'us-west1'] }, source: GCS, read: READ, verified: true },
  { id: 'gcs.nearline.classA', service: 'Cloud Storage', description: 'Class A operations, Nearline (including lifecycle SetStorageClass into Nearline)', unit: '1k operations', usd: 0.01, regions: { eu: 0.02, us: 0.02 }, source: GCS, read: READ, verified: false },
  { id: 'gcs.nearline.classB', service: 'Cloud Storage', description: 'Class B operations, Nearline', unit: '1k operations', usd: 0.001, source: GCS, read: READ, verified: false },
  { id: 'gcs.nearline.retrieval', service: 'Cloud Storage', description: 'Nearline data retrieval', unit: 'GiB', usd: 0.01, source: GCS, read: READ, verified: false },
  // BigQuery
  { id: 'bigquery.analysis', service: 'BigQuery', description: 'On-demand analysis (bytes processed; 10 MiB minimum per table referenced)', unit: 'TiB', usd: 6.25, freeTier: { quantity: 1, scope: 'billing-account' }, source: BQ, read: READ, verified: false },
  { id: 'bigquery.activeStorage', service: 'BigQuery', description: 'Active logical storage', unit: 'GiB-month', usd: 0.02, freeTier: { quantity: 10, scope: 'billing-account' }, source: BQ, read: READ, verified: false },
  { id: 'bigquery.longTermStorage', service: 'BigQuery', description: 'Long-term logical storage (unmodified 90 days)', unit: 'GiB-month', usd: 0.01, source: BQ, read: READ, verified: false, note: 'shares the 10 GiB free storage with active storage; modelled on active storage only' },
  { id: 'bqml.createModel', service: 'BigQuery ML', description: 'CREATE MODEL, on-demand (KMEANS, LINEAR_REG, LOGISTIC_REG, ARIMA_PLUS, ...): bytes processed', unit: 'TiB', usd: 312.5, freeTier: { quantity: 10 / 1024, scope: 'billing-account' }, source: BQ, read: READ, verified: false, note: 'ARIMA_PLUS bills the bytes processed once per candidate model (auto.ARIMA trains dozens in parallel)' },
  // Managed Service for Apache Kafka
  { id: 'kafka.dcu', service: 'Managed Kafka', description: 'Data Compute Units (1 vCPU = 0.6 DCU, 1 GiB RAM = 0.1 DCU)', unit: 'DCU-hour', usd: 0.09, source: KAFKA, read: READ, verified: true, note: 'the page quotes 9 cents per DCU-hour in us-central1; other regions may differ' },
  { id: 'kafka.localStorage', service: 'Managed Kafka', description: 'Local broker storage (about 100 GiB provisioned per vCPU)', unit: 'GiB-month', usd: 0.17, source: KAFKA, read: READ, verified: false },
  { id: 'kafka.persistentStorage', service: 'Managed Kafka', description: 'Persistent (long-term) storage, one replica billed', unit: 'GiB-month', usd: 0.1, source: KAFKA, read: READ, verified: false },
  // Secret Manager
  { id: 'secrets.version', service: 'Secret Manager', description: 'Active secret versions', unit: 'version-month', usd: 0.06, freeTier: { quantity: 6, scope: 'billing-account' }, source: SECRETS, read: READ, verified: true },
  { id: 'secrets.access', service: 'Secret Manager', description: 'Access operations', unit: '10k operations', usd: 0.03, freeTier: { quantity: 1, scope: 'billing-account' }, source: SECRETS, read: READ, verified: true },
  // Observability
  { id: 'logging.ingestion', service: 'Cloud Logging', description: 'Log ingestion (request logs and structured logs)', unit: 'GiB', usd: 0.5, freeTier: { quantity: 50, scope: 'project' }, source: OBSERVABILITY, read: READ, verified: true },
  { id: 'monitoring.alertCondition', service: 'Cloud Monitoring', description: 'Alerting policy conditions', unit: 'condition-month', usd: 0.1, source: OBSERVABILITY, read: READ, verified: false, note: 'alerting charges as announced on the pricing page; check whether they are in effect for your billing account' },
  // Eventarc
  { id: 'eventarc.googleEvents', service: 'Eventarc', description: 'Events from Google sources (Cloud Storage finalize), delivered through Pub/Sub', unit: '1M events', usd: 0, source: EVENTARC, read: READ, verified: true, note: 'no Eventarc charge for Google-source events; the transport Pub/Sub topic is billed as Pub/Sub' },
  // Networking
  { id: 'egress.internet', service: 'Networking', description: 'Internet egress, Premium tier (to an Elasticsearch deployment outside Google Cloud)', unit: 'GiB', usd: 0.12, source: NETWORK, read: READ, verified: false },
  { id: 'network.interZone', service: 'Networking', description: 'Data transfer between zones of a region (Kafka replication between brokers)', unit: 'GiB', usd: 0.01, source: NETWORK, read: READ, verified: false },
  { id: 'psc.endpoint', service: 'Networking', description: 'Private Service Connect endpoint (clients reach Managed Kafka through one per subnet)', unit: 'endpoint-hour', usd: 0.01, source: 'https://cloud.google.com/vpc/pricing#psc-forwarding-rules', read: READ, verified: false },
  { id: 'psc.data', service: 'Networking', description: 'Private Service Connect data processed (produce and consume)', unit: 'GiB', usd: 0.01, source: 'https://cloud.google.com/vpc/pricing#psc-forwarding-rules', read: READ, verified: false },
  { id: 'vpcaccess.instance', service: 'Networking', description: 'Serverless VPC Access connector instance (e2-micro)', unit: 'instance-hour', usd: 0.0084, regions: { 'europe-west1': 0.0092 }, source: VPC_ACCESS, read: READ, verified: false },
];

/** A price id that is not in the catalog. */
export class UnknownPriceError extends Error {
  constructor(id: string) {
    super(`no price ${JSON.stringify(id)} in infra/budget/catalog.ts; add an entry with its source page and the date read`);
    this.name = 'UnknownPriceError';
  }
}

const BY_ID = new Map(CATALOG.map((e) => [e.id, e]));

/** The catalog entry for a price id. */
export function priceEntry(id: string): PriceEntry {
  const e = BY_ID.get(id);
  if (!e) throw new UnknownPriceError(id);
  return e;
}

/** USD per unit of `id` in `location` (case-insensitive; falls back to the default price). */
export function unitPrice(id: string, location: string): number {
  const e = priceEntry(id);
  return e.regions?.[location.toLowerCase()] ?? e.usd;
}

/** The free monthly quantity of `id` in `location`, 0 when there is none there. */
export function freeQuantity(id: string, location: string): number {
  const tier = priceEntry(id).freeTier;
  if (!tier) return 0;
  if (tier.regions && !tier.regions.includes(location.toLowerCase())) return 0;
  return tier.quantity;
}
