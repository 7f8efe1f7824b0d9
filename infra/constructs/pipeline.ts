/**
 * Everything one pipeline runs on (ARCHITECTURE §2, §5): its Pub/Sub, the enrich function on a
 * push subscription of `<id>-raw`, the index and lake drains on Cloud Scheduler, and the source
 * functions its `sources` ask for (file ingest on landing-bucket finalize, API pollers, the
 * PostgreSQL extractor). Each function runs as its own account with only the grants below.
 * The environment each function gets is the contract in infra/README.md.
 */
import { Construct } from 'constructs';
import { landingBucket, lakeBucket, pubsubSubscription, pubsubTopic } from '../../pipelines/naming';
import type { BatchPolicy, PipelineDefinition, SourceDefinition } from '../../pipelines/types';
import { CONSUMERS, functionName, PIPELINE_FUNCTIONS, type PipelineFunctionRole, type SecretKey } from '../names';
import { toCron } from '../schedule';
import { CloudFunction, ScheduledCall, type FunctionSource } from './functions';
import type { ServiceIdentity } from './iam';
import type { Lake } from './lake';
import { PipelineMessaging } from './messaging';
import type { ProjectServices } from './project';
import type { Secrets } from './secrets';

/** Drains run every minute and return before the next run. */
export const DRAIN_SCHEDULE = '* * * * *';
/** Drain function timeout (s); the loop's own budget is `DRAIN_DEADLINE_MS`. */
export const DRAIN_TIMEOUT_SECONDS = 90;
/** Time a drain loops before it flushes and returns (ms): ends before the next scheduler tick. */
export const DRAIN_DEADLINE_MS = 50_000;

/** Shared pieces a pipeline's resources use. */
export interface PipelineResourcesProps {
  readonly project: string;
  readonly region: string;
  readonly pipeline: PipelineDefinition;
  readonly services: ProjectServices;
  readonly lake: Lake;
  readonly secrets: Secrets;
  readonly source: FunctionSource;
  /** Presents OIDC tokens for Cloud Scheduler jobs. */
  readonly schedulerIdentity: ServiceIdentity;
  /** Presents OIDC tokens for push subscriptions. */
  readonly pushIdentity: ServiceIdentity;
  /** Receives Cloud Storage events for the file-ingest trigger. */
  readonly eventarcIdentity: ServiceIdentity;
  /** @default 5 */
  readonly maxDeliveryAttempts?: number;
}

const batchEnv = (p: BatchPolicy): Record<string, string> => ({
  BATCH_COUNT: String(p.count),
  BATCH_BYTES: String(p.bytes),
  BATCH_AGE_MS: String(p.ageMs),
});

/** A drain holds messages for the batch age plus the flush: ack deadline in seconds (10..600). */
export const drainAckDeadline = (p: BatchPolicy): number => Math.min(600, Math.max(60, Math.ceil(p.ageMs / 1000) + 60));

/** The resources of one pipeline. */
export class PipelineResources extends Construct {
  readonly messaging: PipelineMessaging;
  readonly functions = new Map<PipelineFunctionRole, CloudFunction>();
  private readonly props: PipelineResourcesProps;

  constructor(scope: Construct, id: string, props: PipelineResourcesProps) {
    super(scope, id);
    this.props = props;
    const p = props.pipeline;
    this.messaging = new PipelineMessaging(this, 'messaging', {
      project: props.project,
      pipeline: p.id,
      pubsubAgent: props.services.pubsubAgent,
      maxDeliveryAttempts: props.maxDeliveryAttempts,
      labels: { 'tributary-pipeline': p.id },
    });
    this.enrich();
    this.drainIndex();
    this.drainLake();
    for (const source of p.sources) this.source(source);
  }

  private fn(role: PipelineFunctionRole, opts: { env: Record<string, string>; signature: 'http' | 'cloudevent' } & Partial<ConstructorParameters<typeof CloudFunction>[2]>): CloudFunction {
    const { project, region, pipeline } = this.props;
    const { env, signature, ...rest } = opts;
    const f = new CloudFunction(this, role, {
      project,
      region,
      name: functionName(pipeline.id, role),
      target: PIPELINE_FUNCTIONS[role],
      source: this.props.source,
      env: { GOOGLE_CLOUD_PROJECT: project, PIPELINE: pipeline.id, ...env },
      labels: { 'tributary-pipeline': pipeline.id, 'tributary-function': role, 'tributary-signature': signature },
      ...rest,
    });
    this.functions.set(role, f);
    return f;
  }

  /** enrich: CloudEvent function fed by the `<id>-raw-enrich` push subscription. */
  private enrich(): void {
    const { pipeline: p, pushIdentity } = this.props;
    const m = this.messaging;
    const f = this.fn('enrich', {
      signature: 'cloudevent',
      memory: '512M',
      maxInstances: 100,
      env: {
        SUBSCRIPTION: pubsubSubscription(p.id, 'raw', CONSUMERS.enrich),
        ENRICHED_TOPIC: pubsubTopic(p.id, 'enriched'),
        QUARANTINE_TOPIC: pubsubTopic(p.id, 'quarantine'),
      },
    });
    m.grantPublish('enriched', f.identity);
    m.grantPublish('quarantine', f.identity);
    f.grantInvoke(pushIdentity);
    // The functions framework reads the topic from the push path (projects/<p>/topics/<t>).
    m.push('raw', CONSUMERS.enrich, {
      endpoint: `${f.uri}/${m.topics.raw.id}`,
      audience: f.uri,
      serviceAccountEmail: pushIdentity.email,
    });
  }

  /** drainIndex: HTTP drain of `<id>-enriched-index` into Elasticsearch. */
  private drainIndex(): void {
    const { pipeline: p, secrets } = this.props;
    const sub = this.messaging.pull('enriched', CONSUMERS.index, { ackDeadlineSeconds: drainAckDeadline(p.batching.index) });
    const f = this.fn('drain-index', {
      signature: 'http',
      memory: '512M',
      maxInstances: 1,
      timeoutSeconds: DRAIN_TIMEOUT_SECONDS,
      env: { SUBSCRIPTION: pubsubSubscription(p.id, 'enriched', CONSUMERS.index), DRAIN_DEADLINE_MS: String(DRAIN_DEADLINE_MS), ...batchEnv(p.batching.index) },
      secrets: [secrets.env('elasticsearchUrl'), secrets.env('elasticsearchApiKey')],
    });
    this.messaging.grantSubscribe(sub, f.identity);
    secrets.grantRead('elasticsearchUrl', f.identity);
    secrets.grantRead('elasticsearchApiKey', f.identity);
    // Documents Elasticsearch rejects (mapping errors) go to quarantine instead of being dropped.
    this.messaging.grantPublish('quarantine', f.identity);
    this.schedule(f, DRAIN_SCHEDULE);
  }

  /** drainLake: HTTP drain of raw, enriched and quarantine into the lake's three layers, and of dead letters into quarantine. */
  private drainLake(): void {
    const { pipeline: p, project, lake } = this.props;
    const ack = drainAckDeadline(p.batching.lake);
    const subs = {
      BRONZE_SUBSCRIPTION: this.messaging.pull('raw', CONSUMERS.lake, { ackDeadlineSeconds: ack }),
      SILVER_SUBSCRIPTION: this.messaging.pull('enriched', CONSUMERS.lake, { ackDeadlineSeconds: ack }),
      QUARANTINE_SUBSCRIPTION: this.messaging.pull('quarantine', CONSUMERS.lake, { ackDeadlineSeconds: ack }),
      DEAD_LETTER_SUBSCRIPTION: this.messaging.deadLetters(CONSUMERS.lake, { ackDeadlineSeconds: ack }),
    };
    const f = this.fn('drain-lake', {
      signature: 'http',
      memory: '1G',
      maxInstances: 1,
      timeoutSeconds: DRAIN_TIMEOUT_SECONDS,
      env: {
        LAKE_BUCKET: lakeBucket(project),
        BRONZE_SUBSCRIPTION: pubsubSubscription(p.id, 'raw', CONSUMERS.lake),
        SILVER_SUBSCRIPTION: pubsubSubscription(p.id, 'enriched', CONSUMERS.lake),
        QUARANTINE_SUBSCRIPTION: pubsubSubscription(p.id, 'quarantine', CONSUMERS.lake),
        DEAD_LETTER_SUBSCRIPTION: pubsubSubscription(p.id, 'dead-letter', CONSUMERS.lake),
        PARTITION_KEYS: p.partitionKeys.join(','),
        TIME_FIELD: p.timeField,
        DRAIN_DEADLINE_MS: String(DRAIN_DEADLINE_MS),
        ...batchEnv(p.batching.lake),
      },
    });
    for (const sub of Object.values(subs)) this.messaging.grantSubscribe(sub, f.identity);
    lake.lake.grantCreate(f.identity);
    this.schedule(f, DRAIN_SCHEDULE);
  }

  private source(source: SourceDefinition): void {
    const { pipeline: p, project, lake, secrets } = this.props;
    const where = `pipeline ${p.id} source ${source.kind}`;
    switch (source.kind) {
      case 'files': {
        const f = this.fn('ingest-file', {
          signature: 'cloudevent',
          memory: '1G',
          timeoutSeconds: 540,
          env: {
            LANDING_BUCKET: landingBucket(project),
            LANDING_PREFIX: `${p.id}/`,
            RAW_TOPIC: pubsubTopic(p.id, 'raw'),
            FILE_FORMATS: source.formats.join(','),
          },
          eventTrigger: {
            triggerRegion: this.props.region,
            eventType: 'google.cloud.storage.object.v1.finalized',
            retryPolicy: 'RETRY_POLICY_RETRY',
            serviceAccountEmail: this.props.eventarcIdentity.email,
            eventFilters: [{ attribute: 'bucket', value: lake.landing.name }],
          },
        });
        lake.landing.grantRead(f.identity);
        this.messaging.grantPublish('raw', f.identity);
        // The per-file ingestion report is written (create-only) to the lake.
        lake.lake.grantCreate(f.identity);
        f.grantInvoke(this.props.eventarcIdentity);
        return;
      }
      case 'poller': {
        const keys = source.apis.map((api): SecretKey => (api === 'cryptocompare' ? 'cryptocompareApiKey' : 'finnhubApiKey'));
        const f = this.fn('poll-quotes', {
          signature: 'http',
          env: { RAW_TOPIC: pubsubTopic(p.id, 'raw'), POLL_APIS: source.apis.join(',') },
          secrets: keys.map((k) => secrets.env(k)),
        });
        for (const k of keys) secrets.grantRead(k, f.identity);
        this.messaging.grantPublish('raw', f.identity);
        this.schedule(f, toCron(source.schedule, where));
        return;
      }
      case 'postgres': {
        const f = this.fn('pg-source', {
          signature: 'http',
          timeoutSeconds: 300,
          maxInstances: 1,
          env: {
            RAW_TOPIC: pubsubTopic(p.id, 'raw'),
            PGSOURCE_TABLE: source.table,
            PGSOURCE_WATERMARK_COLUMN: source.watermarkColumn,
            STATE_BUCKET: lakeBucket(project),
            STATE_OBJECT: `state/${p.id}/pg-source.json`,
          },
          secrets: [secrets.env('postgresUrl')],
        });
        secrets.grantRead('postgresUrl', f.identity);
        this.messaging.grantPublish('raw', f.identity);
        lake.lake.grantReadWrite(f.identity);
        this.schedule(f, toCron(source.schedule, where));
        return;
      }
      case 'replay':
      case 'generator':
        // Producers outside the cloud (tributary produce / generate) publish to Kafka or <id>-raw.
        return;
    }
  }

  private schedule(f: CloudFunction, schedule: string): void {
    new ScheduledCall(this, `${f.node.id}-schedule`, {
      project: this.props.project,
      region: this.props.region,
      fn: f,
      schedule,
      invoker: this.props.schedulerIdentity,
    });
  }
}
