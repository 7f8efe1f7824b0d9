/**
 * One environment's stack: everything ARCHITECTURE §5 deploys, generated from the pipeline
 * definitions. Adding a pipeline file adds its resources here with no change to this file.
 */
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { GcsBackend, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { JsonSchema } from '../schemas/types';
import type { PipelineDefinition } from '../pipelines/types';
import type { StackConfig } from './config';
import { CloudFunction, FunctionSource } from './constructs/functions';
import { grantProjectRole, ServiceIdentity } from './constructs/iam';
import { Kafka } from './constructs/kafka';
import { Lake, SecureBucket } from './constructs/lake';
import type { PipelineMessaging } from './constructs/messaging';
import { Monitoring } from './constructs/monitoring';
import { PipelineResources } from './constructs/pipeline';
import { ProjectServices } from './constructs/project';
import { Secrets } from './constructs/secrets';
import { Warehouse, type BqField } from './constructs/warehouse';
import { functionName, functionSourceBucket, platformAccountId, sharedFunctionName, SHARED_FUNCTIONS } from './names';

/** Stack name of an environment. */
export const stackName = (environment: string): string => `tributary-${environment}`;

/** What a stack is built from. */
export interface TributaryStackProps {
  readonly config: StackConfig;
  readonly pipelines: readonly PipelineDefinition[];
  /** JSON Schema → BigQuery fields (schemas/derive.ts `toBigQuerySchema`). */
  readonly toBigQuerySchema: (schema: JsonSchema) => readonly BqField[];
  /** Repository root packaged as the function source. @default process.cwd() */
  readonly root?: string;
  /** SQL root. @default `<repo>/sql` */
  readonly sqlRoot?: string;
}

/** A duplicate pipeline id: two definitions would fight over the same resources. */
export class DuplicatePipelineError extends Error {
  constructor(id: string) {
    super(`two pipeline definitions use the id "${id}"; ids name every resource, so each must be unique (rename one file's id)`);
    this.name = 'DuplicatePipelineError';
  }
}

/** The Tributary stack of one environment. */
export class TributaryStack extends TerraformStack {
  readonly pipelineResources = new Map<string, PipelineResources>();
  readonly config: StackConfig;
  readonly pipelines: readonly PipelineDefinition[];

  constructor(scope: Construct, props: TributaryStackProps) {
    super(scope, stackName(props.config.environment));
    const c = props.config;
    this.config = c;
    this.pipelines = props.pipelines;
    const project = c.project;
    const labels = { 'tributary-env': c.environment };
    new GoogleProvider(this, 'google', { project, region: c.region, defaultLabels: { ...labels, 'managed-by': 'tributary' } });
    const beta = c.kafka === 'managed' && c.bridge === 'connect' ? new GoogleBetaProvider(this, 'google-beta', { project, region: c.region }) : undefined;
    if (c.stateBucket) new GcsBackend(this, { bucket: c.stateBucket, prefix: `tributary/${c.environment}` });
    else new LocalBackend(this, { path: `terraform.${c.environment}.tfstate` });

    const seen = new Set<string>();
    for (const p of props.pipelines) {
      if (seen.has(p.id)) throw new DuplicatePipelineError(p.id);
      seen.add(p.id);
    }

    const services = new ProjectServices(this, 'services', {
      project,
      extraApis: c.kafka === 'managed' ? ['managedkafka.googleapis.com', ...(c.bridge === 'function' ? ['vpcaccess.googleapis.com'] : [])] : [],
    });
    const lake = new Lake(this, 'lake', {
      project,
      location: c.region,
      bronzeNearlineDays: c.bronzeNearlineDays,
      quarantineDeleteDays: c.quarantineDeleteDays,
      forceDestroy: c.forceDestroy,
      labels,
    });
    const sourceBucket = new SecureBucket(this, 'function-source-bucket', { project, name: functionSourceBucket(project), location: c.region, forceDestroy: true, labels });
    const source = new FunctionSource(this, 'function-source', { bucket: sourceBucket, root: props.root });
    const secrets = new Secrets(this, 'secrets', { project, labels });

    const identity = (purpose: Parameters<typeof platformAccountId>[0], displayName: string) =>
      new ServiceIdentity(this, `${purpose}-identity`, { project, accountId: platformAccountId(purpose), displayName });
    const scheduler = identity('scheduler', 'Tributary Cloud Scheduler jobs (OIDC invoker)');
    const push = identity('pubsub-push', 'Tributary Pub/Sub push (OIDC invoker)');
    const eventarc = identity('eventarc', 'Tributary Cloud Storage event triggers');
    new ServiceAccountIamMember(this, 'pubsub-agent-signs-push-tokens', { serviceAccountId: push.account.name, role: 'roles/iam.serviceAccountTokenCreator', member: services.pubsubAgent.member });
    grantProjectRole(this, 'eventarc-receiver', { project, role: 'roles/eventarc.eventReceiver', to: eventarc });
    if (props.pipelines.some((p) => p.sources.some((s) => s.kind === 'files'))) {
      grantProjectRole(this, 'storage-agent-publishes-events', { project, role: 'roles/pubsub.publisher', to: services.storageAgent });
    }

    const warehouse = new Warehouse(this, 'warehouse', { project, location: c.bigqueryLocation, services, forceDestroy: c.forceDestroy, labels });
    lake.lake.grantRead(warehouse.queries);
    const monitoring = new Monitoring(this, 'monitoring', {
      project,
      alertEmail: c.alertEmail,
      oldestUnackedAlertSeconds: c.oldestUnackedAlertSeconds,
      functionErrorRateAlert: c.functionErrorRateAlert,
    });

    const messaging = new Map<string, PipelineMessaging>();
    for (const p of props.pipelines) {
      const r = new PipelineResources(this, `pipeline-${p.id}`, {
        project,
        region: c.region,
        pipeline: p,
        services,
        lake,
        secrets,
        source,
        schedulerIdentity: scheduler,
        pushIdentity: push,
        eventarcIdentity: eventarc,
        maxDeliveryAttempts: c.maxDeliveryAttempts,
      });
      this.pipelineResources.set(p.id, r);
      messaging.set(p.id, r.messaging);
      warehouse.addPipeline({ pipeline: p, enrichedFields: props.toBigQuerySchema(p.enrichedSchema), sqlRoot: props.sqlRoot });
      monitoring.addPipeline(p.id, [...r.functions.keys()].map((role) => functionName(p.id, role)));
    }

    const api = new CloudFunction(this, 'api', {
      project,
      region: c.region,
      name: sharedFunctionName('api'),
      target: SHARED_FUNCTIONS.api,
      source,
      memory: '512M',
      maxInstances: 20,
      labels: { 'tributary-function': 'api', 'tributary-signature': 'http' },
      env: { GOOGLE_CLOUD_PROJECT: project, PIPELINES: props.pipelines.map((p) => p.id).join(','), BIGQUERY_LOCATION: c.bigqueryLocation },
      secrets: [secrets.env('elasticsearchUrl'), secrets.env('elasticsearchApiKey')],
    });
    grantProjectRole(this, 'api-job-user', { project, role: 'roles/bigquery.jobUser', to: api.identity });
    for (const d of ['silver', 'quarantine', 'gold', 'ml'] as const) warehouse.grantRead(d, api.identity);
    lake.lake.grantRead(api.identity);
    secrets.grantRead('elasticsearchUrl', api.identity);
    secrets.grantRead('elasticsearchApiKey', api.identity);
    if (c.publicApi) api.grantInvoke({ member: 'allUsers' });

    if (c.kafka === 'managed') {
      new Kafka(this, 'kafka', {
        project,
        projectNumber: services.projectNumber,
        region: c.region,
        subnet: c.kafkaSubnet ?? `projects/${project}/regions/${c.region}/subnetworks/default`,
        bridge: c.bridge,
        vpcConnectorRange: c.vpcConnectorRange,
        pipelines: messaging,
        source,
        schedulerIdentity: scheduler,
        betaProvider: beta,
        labels,
      });
    }

    new TerraformOutput(this, 'lake_bucket', { value: lake.lake.name, description: 'The lake bucket (bronze/, silver/, quarantine/)' });
    new TerraformOutput(this, 'landing_bucket', { value: lake.landing.name, description: 'Drop files for file-source pipelines under <pipeline>/' });
    new TerraformOutput(this, 'api_url', { value: api.uri, description: 'The HTTP API' });
    new TerraformOutput(this, 'dashboard_url', { value: `${api.uri}/`, description: 'The live dashboard (served by the API)' });
  }
}
