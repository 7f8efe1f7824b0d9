/**
 * The naming rule of ARCHITECTURE §4, applied in one place. Infra, functions, the local
 * runtime and the budget call these; nobody spells a resource name by hand.
 */

/** The four Pub/Sub topics of a pipeline. */
export type TopicRole = 'raw' | 'enriched' | 'quarantine' | 'dead-letter';

/** Lake layers under `gs://<project>-lake/`. */
export type LakeLayer = 'bronze' | 'silver' | 'quarantine';

/** BigQuery datasets. */
export const DATASETS = ['bronze', 'silver', 'quarantine', 'gold', 'ml'] as const;
export type Dataset = (typeof DATASETS)[number];

/** Kafka topic a pipeline's producers write: `<id>.raw`. */
export const kafkaTopic = (pipeline: string): string => `${pipeline}.raw`;

/** Pub/Sub topic id: `<id>-raw`, `<id>-enriched`, `<id>-quarantine`, `<id>-dead-letter`. */
export const pubsubTopic = (pipeline: string, role: TopicRole): string => `${pipeline}-${role}`;

/** Subscription id for a consumer of a topic, e.g. `taxi-enriched-index`. */
export const pubsubSubscription = (pipeline: string, role: TopicRole, consumer: string): string =>
  `${pubsubTopic(pipeline, role)}-${consumer}`;

/** The lake bucket: `<project>-lake`. */
export const lakeBucket = (project: string): string => `${project}-lake`;

/** The landing bucket for file drops: `<project>-landing`. */
export const landingBucket = (project: string): string => `${project}-landing`;

/** Lake object prefix for a layer and pipeline: `silver/taxi/`. */
export const lakePrefix = (layer: LakeLayer, pipeline: string): string => `${layer}/${pipeline}/`;

/**
 * Lake object name: `<layer>/<id>/dt=YYYY-MM-DD/[<key>=<value>/…]<file>.parquet`.
 * Partition values are URI-encoded so any value is a safe path segment.
 */
export function lakeObject(opts: {
  readonly layer: LakeLayer;
  readonly pipeline: string;
  readonly dt: string;
  readonly partitions?: ReadonlyArray<readonly [string, string]>;
  readonly file: string;
}): string {
  const parts = (opts.partitions ?? []).map(([k, v]) => `${k}=${encodeURIComponent(v)}/`).join('');
  return `${lakePrefix(opts.layer, opts.pipeline)}dt=${opts.dt}/${parts}${opts.file}.parquet`;
}

/** BigQuery table of a pipeline in a layer dataset: `silver.taxi`. */
export const bqTable = (dataset: Dataset, pipeline: string): string => `${dataset}.${pipeline}`;

/** Gold KPI table id inside `gold`: `<id>_<kpi>`. */
export const kpiTable = (pipeline: string, kpi: string): string => `${pipeline}_${kpi}`;

/** BigQuery ML model id inside `ml`: `<id>_<model>`. */
export const modelName = (pipeline: string, model: string): string => `${pipeline}_${model}`;

/** Prediction table of a model in `ml` (what its predict query writes): `<id>_<model>_predictions`. */
export const predictionTable = (pipeline: string, model: string): string => `${modelName(pipeline, model)}_predictions`;

/** Elasticsearch: index template and alias `<id>`, daily index `<id>-YYYY.MM.DD` for a UTC date. */
export const esAlias = (pipeline: string): string => pipeline;
export const esIndexPattern = (pipeline: string): string => `${pipeline}-*`;
export function esDailyIndex(pipeline: string, when: Date): string {
  const d = when.toISOString().slice(0, 10).replace(/-/g, '.');
  return `${pipeline}-${d}`;
}
