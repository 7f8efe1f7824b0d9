/**
 * BigQuery: the five datasets, and per pipeline the external tables over the lake (hive
 * partitioned, schema derived from the JSON Schema), the deduplicated silver view, and the
 * scheduled queries that rebuild gold KPI tables and retrain/serve ML models from `sql/`.
 */
import { BigqueryDataTransferConfig } from '@cdktf/provider-google/lib/bigquery-data-transfer-config';
import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Construct } from 'constructs';
import { DATASETS, lakeBucket, lakePrefix, modelName, predictionTable, type Dataset, type LakeLayer } from '../../pipelines/naming';
import type { PipelineDefinition } from '../../pipelines/types';
import { platformAccountId, scheduledQueryName, silverExternalTable } from '../names';
import { kpiSql, modelSql, SQL_ROOT } from '../sql';
import { grantProjectRole, ServiceIdentity, type Grantee } from './iam';
import type { ProjectServices } from './project';

/** A BigQuery schema field (the REST `TableFieldSchema`). */
export interface BqField {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly description?: string;
  readonly fields?: readonly BqField[];
}

/** Columns of every bronze file: the Pub/Sub message as received, before validation. */
export const BRONZE_FIELDS: readonly BqField[] = [
  { name: 'message_id', type: 'STRING', mode: 'REQUIRED', description: 'Pub/Sub message id' },
  { name: 'publish_time', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Pub/Sub publish time' },
  { name: 'attributes', type: 'JSON', mode: 'NULLABLE', description: 'message attributes' },
  { name: 'payload', type: 'STRING', mode: 'REQUIRED', description: 'message data: the text when valid UTF-8, else base64' },
];

/** Columns of every quarantine file (the quarantine record of pipelines/core). */
export const QUARANTINE_FIELDS: readonly BqField[] = [
  { name: 'pipeline', type: 'STRING', mode: 'REQUIRED' },
  { name: 'event_id', type: 'STRING', mode: 'NULLABLE' },
  { name: 'received_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'rule', type: 'STRING', mode: 'REQUIRED', description: 'the rule the event broke' },
  { name: 'detail', type: 'STRING', mode: 'REQUIRED' },
  { name: 'payload', type: 'STRING', mode: 'REQUIRED', description: 'original bytes: the text when valid UTF-8, else base64' },
];

/** Hive partition key types BigQuery accepts in a CUSTOM source URI prefix. */
const HIVE_TYPE: Readonly<Record<string, string>> = { STRING: 'STRING', INT64: 'INTEGER', INTEGER: 'INTEGER', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP' };

/** A column the warehouse needs (a partition key, event_id) that the enriched schema lacks or types wrongly. */
export class ColumnError extends Error {
  constructor(pipeline: string, key: string, type: string | undefined, why = 'hive partition keys must be STRING, INT64, DATE or TIMESTAMP fields') {
    super(`pipeline ${pipeline}: "${key}" is ${type ? `of type ${type}` : 'not a top-level field of enrichedSchema'}; ${why}`);
    this.name = 'ColumnError';
  }
}

/** Props of {@link Warehouse}. */
export interface WarehouseProps {
  readonly project: string;
  /** BigQuery location. @default 'EU' */
  readonly location?: string;
  readonly services: ProjectServices;
  /** Delete tables with the datasets on destroy. @default false */
  readonly forceDestroy?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/** What a pipeline adds to the warehouse. */
export interface WarehousePipelineProps {
  readonly pipeline: PipelineDefinition;
  /** BigQuery schema of the enriched event (from `toBigQuerySchema(enrichedSchema)`). */
  readonly enrichedFields: readonly BqField[];
  /** SQL root. @default SQL_ROOT */
  readonly sqlRoot?: string;
}

/** Datasets, tables, views and scheduled queries. */
export class Warehouse extends Construct {
  readonly datasets: Readonly<Record<Dataset, BigqueryDataset>>;
  /** Runs the scheduled queries. */
  readonly queries: ServiceIdentity;
  private readonly props: WarehouseProps;
  private grants = 0;

  constructor(scope: Construct, id: string, props: WarehouseProps) {
    super(scope, id);
    this.props = props;
    const datasets = {} as Record<Dataset, BigqueryDataset>;
    for (const d of DATASETS) {
      datasets[d] = new BigqueryDataset(this, d, {
        project: props.project,
        datasetId: d,
        location: props.location ?? 'EU',
        deleteContentsOnDestroy: props.forceDestroy ?? false,
        labels: props.labels,
      });
    }
    this.datasets = datasets;
    this.queries = new ServiceIdentity(this, 'queries', { project: props.project, accountId: platformAccountId('queries'), displayName: 'Tributary scheduled queries' });
    grantProjectRole(this, 'queries-job-user', { project: props.project, role: 'roles/bigquery.jobUser', to: this.queries });
    for (const d of ['bronze', 'silver', 'quarantine'] as const) this.grantRead(d, this.queries);
    for (const d of ['gold', 'ml'] as const) this.grantWrite(d, this.queries);
    new ServiceAccountIamMember(this, 'transfer-agent-token', {
      serviceAccountId: this.queries.account.name,
      role: 'roles/iam.serviceAccountTokenCreator',
      member: props.services.transferAgent.member,
    });
  }

  /** Read tables of a dataset (`roles/bigquery.dataViewer` on it only). */
  grantRead(dataset: Dataset, to: Grantee): void {
    this.grant(dataset, 'roles/bigquery.dataViewer', to);
  }

  /** Create and replace tables and models of a dataset (`roles/bigquery.dataEditor` on it only). */
  grantWrite(dataset: Dataset, to: Grantee): void {
    this.grant(dataset, 'roles/bigquery.dataEditor', to);
  }

  /** Tables, view and scheduled queries of one pipeline. */
  addPipeline(props: WarehousePipelineProps): void {
    const p = props.pipeline;
    const scope = new Construct(this, p.id);
    const root = props.sqlRoot ?? SQL_ROOT;
    const byName = new Map(props.enrichedFields.map((f) => [f.name, f]));
    if (!byName.has('event_id')) throw new ColumnError(p.id, 'event_id', undefined, 'the silver view keeps one row per event_id, so enrichedSchema needs a top-level event_id');
    const keys = p.partitionKeys.map((k) => {
      const t = byName.get(k)?.type;
      if (!t || !HIVE_TYPE[t] || byName.get(k)?.mode === 'REPEATED') throw new ColumnError(p.id, k, t);
      return { name: k, type: HIVE_TYPE[t] };
    });
    const silverFields = props.enrichedFields.filter((f) => !p.partitionKeys.includes(f.name) && f.name !== 'dt');
    this.external(scope, { pipeline: p.id, layer: 'bronze', dataset: 'bronze', table: p.id, fields: BRONZE_FIELDS, keys: [] });
    const silver = this.external(scope, { pipeline: p.id, layer: 'silver', dataset: 'silver', table: silverExternalTable(p.id), fields: silverFields, keys });
    this.external(scope, { pipeline: p.id, layer: 'quarantine', dataset: 'quarantine', table: p.id, fields: QUARANTINE_FIELDS, keys: [] });
    new BigqueryTable(scope, 'silver-view', {
      project: this.props.project,
      datasetId: this.datasets.silver.datasetId,
      tableId: p.id,
      deletionProtection: false,
      description: `${p.title}: one row per event_id (the latest copy) over silver.${silverExternalTable(p.id)}`,
      view: { useLegacySql: false, query: dedupViewSql(p.id) },
      dependsOn: [silver],
    });
    for (const k of p.kpis) this.scheduled(scope, { name: scheduledQueryName(p.id, 'kpi', k.name), schedule: k.schedule, query: kpiSql(p, k, root) });
    for (const m of p.models) {
      const sql = modelSql(p, m, root);
      this.scheduled(scope, { name: scheduledQueryName(p.id, 'model', m.name), schedule: m.schedule, query: sql.train });
      this.scheduled(scope, { name: scheduledQueryName(p.id, 'predict', m.name), schedule: m.schedule, query: sql.predict });
    }
  }

  private external(
    scope: Construct,
    o: { pipeline: string; layer: LakeLayer; dataset: Dataset; table: string; fields: readonly BqField[]; keys: readonly { name: string; type: string }[] },
  ): BigqueryTable {
    const base = `gs://${lakeBucket(this.props.project)}/${lakePrefix(o.layer, o.pipeline)}`;
    const prefix = [base.replace(/\/$/, ''), '{dt:DATE}', ...o.keys.map((k) => `{${k.name}:${k.type}}`)].join('/');
    return new BigqueryTable(scope, o.layer, {
      project: this.props.project,
      datasetId: this.datasets[o.dataset].datasetId,
      tableId: o.table,
      deletionProtection: false,
      labels: { ...this.props.labels, 'tributary-pipeline': o.pipeline, 'tributary-layer': o.layer },
      schema: JSON.stringify(o.fields),
      externalDataConfiguration: {
        sourceFormat: 'PARQUET',
        autodetect: false,
        sourceUris: [`${base}*`],
        hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: prefix, requirePartitionFilter: false },
      },
    });
  }

  private scheduled(scope: Construct, o: { name: string; schedule: string; query: string }): void {
    new BigqueryDataTransferConfig(scope, o.name.replace(/\s+/g, '-'), {
      project: this.props.project,
      location: this.props.location ?? 'EU',
      displayName: o.name,
      dataSourceId: 'scheduled_query',
      schedule: o.schedule,
      serviceAccountName: this.queries.email,
      params: { query: o.query },
      dependsOn: Object.values(this.datasets),
    });
  }

  private grant(dataset: Dataset, role: string, to: Grantee): void {
    new BigqueryDatasetIamMember(this, `grant-${++this.grants}`, { project: this.props.project, datasetId: this.datasets[dataset].datasetId, role, member: to.member });
  }
}

/** The silver view: the latest copy of each event_id over the external table. */
export const dedupViewSql = (pipeline: string): string =>
  `SELECT * EXCEPT (_copy)\nFROM (\n  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY dt DESC) AS _copy\n  FROM silver.${silverExternalTable(pipeline)}\n)\nWHERE _copy = 1`;

/** Table ids a pipeline's warehouse holds, by dataset (for checks and docs). */
export function pipelineTables(p: PipelineDefinition): Record<Dataset, string[]> {
  return {
    bronze: [p.id],
    silver: [silverExternalTable(p.id), p.id],
    quarantine: [p.id],
    gold: p.kpis.map((k) => `${p.id}_${k.name}`),
    ml: p.models.flatMap((m) => [modelName(p.id, m.name), predictionTable(p.id, m.name)]),
  };
}
