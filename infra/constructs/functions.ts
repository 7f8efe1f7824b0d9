/**
 * Cloud Functions (2nd gen): the one source archive of the functions bundle, a function construct
 * that always comes with its own service account, and the Cloud Scheduler job that calls an HTTP
 * function with an OIDC token. Environment contract per function: infra/README.md.
 */
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import {
  Cloudfunctions2Function,
  type Cloudfunctions2FunctionEventTrigger,
} from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { functionAccountId } from '../names';
import { ServiceIdentity, type Grantee } from './iam';
import type { SecretEnv } from './secrets';
import type { SecureBucket } from './lake';

/** Node.js runtime of every function. */
export const RUNTIME = 'nodejs22';

/** What goes into the source archive: Cloud Build runs `npm run build` (tsc) on it. `dashboard` is served by the api function. */
export const SOURCE_PATHS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'functions', 'pipelines', 'schemas', 'dashboard'] as const;

/** Staging folders of this process, removed when it exits (the asset is copied at synth). */
const stagingDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of stagingDirs) rmSync(dir, { recursive: true, force: true });
});

/** Props of {@link FunctionSource}. */
export interface FunctionSourceProps {
  /** Bucket holding the archive. */
  readonly bucket: SecureBucket;
  /** Repository root to package. @default process.cwd() */
  readonly root?: string;
}

/**
 * The functions bundle as one zip in the source bucket (a `TerraformAsset`). Test files and
 * build output are left out; the object name carries the content hash, so a change redeploys.
 */
export class FunctionSource extends Construct {
  readonly bucketName: string;
  readonly objectName: string;

  constructor(scope: Construct, id: string, props: FunctionSourceProps) {
    super(scope, id);
    const root = resolve(props.root ?? process.cwd());
    const staging = mkdtempSync(join(tmpdir(), 'tributary-fn-src-'));
    stagingDirs.add(staging);
    for (const p of SOURCE_PATHS) {
      const from = join(root, p);
      if (!existsSync(from)) continue;
      cpSync(from, join(staging, p), { recursive: true, filter: (src) => !/\.test\.ts$|\.test-helpers\.ts$/.test(basename(src)) && !['node_modules', 'artifacts'].includes(basename(src)) });
    }
    const asset = new TerraformAsset(this, 'bundle', { path: staging, type: AssetType.ARCHIVE });
    const object = new StorageBucketObject(this, 'object', {
      bucket: props.bucket.name,
      name: `functions-${asset.assetHash}.zip`,
      source: asset.path,
    });
    this.bucketName = props.bucket.name;
    this.objectName = object.name;
  }
}

/** Props of {@link CloudFunction}. */
export interface CloudFunctionProps {
  readonly project: string;
  readonly region: string;
  /** Function name; its service account id is the same. */
  readonly name: string;
  /** Functions-framework target (entry point), e.g. `enrich`. */
  readonly target: string;
  readonly source: FunctionSource;
  /** Plain environment variables (no secrets: those go in `secrets`). */
  readonly env: Readonly<Record<string, string>>;
  /** @default [] */
  readonly secrets?: readonly SecretEnv[];
  /** @default '256M' */
  readonly memory?: string;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /** @default 10 */
  readonly maxInstances?: number;
  /** @default 0 */
  readonly minInstances?: number;
  /** Event trigger (Cloud Storage finalize); HTTP-only when undefined. @default undefined */
  readonly eventTrigger?: Cloudfunctions2FunctionEventTrigger;
  /** Serverless VPC Access connector id for private egress. @default undefined */
  readonly vpcConnector?: string;
  /** `ALLOW_ALL` only for the public API. @default 'ALLOW_INTERNAL_AND_GCLB' for the API, else 'ALLOW_ALL' behind IAM */
  readonly ingress?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A 2nd-gen Cloud Function running as its own service account. */
export class CloudFunction extends Construct {
  readonly fn: Cloudfunctions2Function;
  readonly identity: ServiceIdentity;
  /** `${…service_config[0].uri}` reference. */
  readonly uri: string;
  readonly timeoutSeconds: number;
  private readonly props: CloudFunctionProps;
  private grants = 0;

  constructor(scope: Construct, id: string, props: CloudFunctionProps) {
    super(scope, id);
    this.props = props;
    this.timeoutSeconds = props.timeoutSeconds ?? 60;
    this.identity = new ServiceIdentity(this, 'identity', {
      project: props.project,
      accountId: functionAccountId(props.name),
      displayName: `Tributary function ${props.name}`,
    });
    this.fn = new Cloudfunctions2Function(this, 'function', {
      project: props.project,
      location: props.region,
      name: props.name,
      labels: props.labels,
      buildConfig: {
        runtime: RUNTIME,
        entryPoint: props.target,
        source: { storageSource: { bucket: props.source.bucketName, object: props.source.objectName } },
      },
      serviceConfig: {
        serviceAccountEmail: this.identity.email,
        availableMemory: props.memory ?? '256M',
        timeoutSeconds: this.timeoutSeconds,
        maxInstanceCount: props.maxInstances ?? 10,
        minInstanceCount: props.minInstances ?? 0,
        ingressSettings: props.ingress ?? 'ALLOW_ALL',
        allTrafficOnLatestRevision: true,
        environmentVariables: { ...props.env },
        secretEnvironmentVariables: [...(props.secrets ?? [])],
        vpcConnector: props.vpcConnector,
        vpcConnectorEgressSettings: props.vpcConnector ? 'PRIVATE_RANGES_ONLY' : undefined,
      },
      eventTrigger: props.eventTrigger,
    });
    this.uri = this.fn.serviceConfig.uri;
  }

  /** Lets `to` call the function (`roles/run.invoker` on its Cloud Run service only). */
  grantInvoke(to: Grantee): void {
    new CloudRunV2ServiceIamMember(this, `invoke-${++this.grants}`, {
      project: this.props.project,
      location: this.props.region,
      name: this.fn.name,
      role: 'roles/run.invoker',
      member: to.member,
    });
  }
}

/** Props of {@link ScheduledCall}. */
export interface ScheduledCallProps {
  readonly project: string;
  readonly region: string;
  readonly fn: CloudFunction;
  /** unix-cron schedule, e.g. `* * * * *`. */
  readonly schedule: string;
  /** Account whose OIDC token the job presents; granted invoke on the function. */
  readonly invoker: ServiceIdentity;
  /** JSON body posted to the function. @default '{}' */
  readonly body?: string;
  /** Job name. @default the function name */
  readonly name?: string;
}

/** A Cloud Scheduler job POSTing to an HTTP function with an OIDC token. */
export class ScheduledCall extends Construct {
  readonly job: CloudSchedulerJob;

  constructor(scope: Construct, id: string, props: ScheduledCallProps) {
    super(scope, id);
    props.fn.grantInvoke(props.invoker);
    this.job = new CloudSchedulerJob(this, 'job', {
      project: props.project,
      region: props.region,
      name: props.name ?? props.fn.fn.name,
      schedule: props.schedule,
      timeZone: 'Etc/UTC',
      attemptDeadline: `${Math.min(1800, props.fn.timeoutSeconds + 30)}s`,
      retryConfig: { retryCount: 0 },
      httpTarget: {
        uri: props.fn.uri,
        httpMethod: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from(props.body ?? '{}').toString('base64'),
        oidcToken: { serviceAccountEmail: props.invoker.email, audience: props.fn.uri },
      },
    });
  }
}
