/**
 * The pipeline definition: the one place a pipeline is described (ARCHITECTURE §1). Infra,
 * functions, the local runtime and the budget all read it; none of them keeps its own list of
 * a pipeline's topics, tables or KPIs. A definition is data plus small pure functions.
 *
 * Names derived from `id` (topics, buckets, datasets, indices) are not stored here: the naming
 * helper (`pipelines/naming.ts`) applies ARCHITECTURE §4 to the id.
 */
import type { JsonSchema } from '../schemas/types';

/** A JSON value as decoded from an event payload. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Why an event was rejected: the rule it broke and a human-readable detail. */
export interface RuleViolation {
  /** Stable machine name, e.g. `schema.required`, `coordinates.range`, `too_large`, `invalid_json`. */
  readonly rule: string;
  /** What was wrong, with the offending value, e.g. `pickup.lat 123.4 is outside [-90, 90]`. */
  readonly detail: string;
}

/**
 * A validation rule beyond the JSON Schema. Runs only on events that passed the schema, so it
 * may rely on the schema's types. Returns undefined when the event is fine.
 */
export interface Rule<Raw> {
  /** Stable name recorded in quarantine, e.g. `timestamp.future`. */
  readonly name: string;
  /** One sentence a user reads in the data-quality report. */
  readonly description: string;
  readonly check: (event: Raw, ctx: EnrichContext) => RuleViolation | undefined;
}

/**
 * What enrichment may use besides the event. `now` is injected (never read the clock inside a
 * pipeline) so tests and replays are deterministic. `state` is per function instance and
 * best-effort (for example the iot `stuck` detector keeps the last values per sensor there).
 */
export interface EnrichContext {
  readonly now: Date;
  readonly state: Map<string, unknown>;
}

/** Batch policy for a drain: flush when any limit is reached (STYLE.md: policy apart from sink). */
export interface BatchPolicy {
  /** Events per batch. */
  readonly count: number;
  /** Encoded bytes per batch. */
  readonly bytes: number;
  /** Age of the oldest buffered event, in milliseconds. */
  readonly ageMs: number;
}

/** A gold KPI table, rebuilt by a BigQuery scheduled query from `sql/<pipeline>/kpi_<name>.sql`. */
export interface KpiDefinition {
  /** Table name suffix: the table is `gold.<pipeline>_<name>`. */
  readonly name: string;
  readonly description: string;
  /** BigQuery scheduled-query schedule, e.g. `every 15 minutes`, `every 24 hours`. */
  readonly schedule: string;
  /** How many days of silver the query scans (its partition filter); used by the budget. */
  readonly scanDays: number;
}

/** BigQuery ML model types Tributary trains. */
export type ModelType = 'KMEANS' | 'LINEAR_REG' | 'ARIMA_PLUS';

/**
 * A BigQuery ML model `ml.<pipeline>_<name>`, trained by `sql/<pipeline>/model_<name>.sql`
 * (CREATE OR REPLACE MODEL) and served by `sql/<pipeline>/predict_<name>.sql`, which writes
 * `ml.<pipeline>_<name>_predictions`. Both run as scheduled queries.
 */
export interface ModelDefinition {
  readonly name: string;
  readonly type: ModelType;
  readonly description: string;
  /** Input columns (KMEANS features, LINEAR_REG features). */
  readonly features?: readonly string[];
  /** LINEAR_REG label column. */
  readonly label?: string;
  /** ARIMA_PLUS time column, data column and optional series id column. */
  readonly timeSeries?: { readonly timestampCol: string; readonly dataCol: string; readonly idCol?: string; readonly horizon: number };
  /** Other OPTIONS(...) of CREATE MODEL, e.g. `{ num_clusters: 8 }`. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** Retraining schedule (scheduled-query syntax). */
  readonly schedule: string;
  /** Days of silver the training reads; used by the budget. */
  readonly trainDays: number;
}

/** Where a pipeline's events come from. The infra and local runtime create what each kind needs. */
export type SourceDefinition =
  /** Files replayed by `tributary produce` at a rate or at the data's own pace. */
  | { readonly kind: 'replay'; readonly formats: readonly ('ndjson' | 'csv' | 'json' | 'iot-folder')[]; readonly timestampField: string }
  /** The deterministic generator behind `tributary generate`. */
  | { readonly kind: 'generator' }
  /** API pollers (the `pollQuotes` function on a schedule). */
  | { readonly kind: 'poller'; readonly apis: readonly ('cryptocompare' | 'finnhub')[]; readonly schedule: string }
  /** Files dropped in `gs://<project>-landing/<pipeline>/` (the `ingestFile` function). */
  | { readonly kind: 'files'; readonly formats: readonly ('csv' | 'json' | 'ndjson' | 'log')[] }
  /** Incremental extraction of a PostgreSQL table (the `pgSource` function on a schedule). */
  | { readonly kind: 'postgres'; readonly table: string; readonly watermarkColumn: string; readonly schedule: string };

/** Declared steady-state workload, read by the budget estimator. */
export interface Workload {
  /** Average events per second arriving on `<id>-raw`. */
  readonly eventsPerSecond: number;
  /** Average raw event size in bytes. */
  readonly avgEventBytes: number;
  /** Days the lake keeps silver data before lifecycle rules act. */
  readonly retentionDays: number;
}

/**
 * One pipeline. `Raw` is the validated raw event type (derived from `schema`), `Enriched` the
 * silver row (derived from `enrichedSchema`).
 */
export interface PipelineDefinition<Raw = Record<string, Json>, Enriched = Record<string, Json>> {
  /** Lower-case id used in every name (`taxi`, `stocks`, ...). */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** JSON Schema (2020-12) of the raw event; the source of validation and of the bronze schema. */
  readonly schema: JsonSchema;
  /** JSON Schema of the enriched event (silver, the index, the enriched topic). */
  readonly enrichedSchema: JsonSchema;
  /** Stable id: from the source where it has one, else a hash of the content. */
  eventId(event: Raw): string;
  /** Domain rules beyond the schema. */
  readonly rules: readonly Rule<Raw>[];
  /** Pure enrichment; must not throw on a schema-valid event that passed the rules. */
  enrich(event: Raw, ctx: EnrichContext): Enriched;
  /** Field of the enriched event holding its event time (ISO 8601); drives `dt=` and daily indices. */
  readonly timeField: string;
  /** Lake partition keys after `dt`, each a field of the enriched event (ARCHITECTURE §6). */
  readonly partitionKeys: readonly string[];
  /** Fields the query API accepts as filters (`GET /api/<id>/events?<field>=...`). */
  readonly filterFields: readonly string[];
  /** Elasticsearch index settings for the `<id>` template. */
  readonly index: { readonly shards: number; readonly replicas: number; readonly refreshInterval: string };
  /** Drain batch policies. */
  readonly batching: { readonly index: BatchPolicy; readonly lake: BatchPolicy };
  readonly kpis: readonly KpiDefinition[];
  readonly models: readonly ModelDefinition[];
  readonly sources: readonly SourceDefinition[];
  readonly workload: Workload;
}
