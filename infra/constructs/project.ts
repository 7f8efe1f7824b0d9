/**
 * The project itself: the APIs Tributary enables and the Google service agents other constructs
 * grant roles to (Pub/Sub for dead-lettering and push tokens, Cloud Storage for finalize events,
 * BigQuery Data Transfer for scheduled queries).
 */
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Aspects, TerraformResource, type IAspect } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { serviceAgent, type Grantee } from './iam';

/** APIs every deployment needs. */
export const BASE_APIS = [
  'artifactregistry.googleapis.com',
  'bigquery.googleapis.com',
  'bigquerydatatransfer.googleapis.com',
  'cloudbuild.googleapis.com',
  'cloudfunctions.googleapis.com',
  'cloudscheduler.googleapis.com',
  'eventarc.googleapis.com',
  'iam.googleapis.com',
  'monitoring.googleapis.com',
  'pubsub.googleapis.com',
  'run.googleapis.com',
  'secretmanager.googleapis.com',
  'storage.googleapis.com',
] as const;

/** The API a resource type needs enabled, by type prefix (longest prefix wins). */
export const API_OF_TYPE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['google_bigquery_data_transfer', ['bigquerydatatransfer.googleapis.com']],
  ['google_bigquery_', ['bigquery.googleapis.com']],
  ['google_cloudfunctions2_', ['cloudfunctions.googleapis.com', 'run.googleapis.com', 'cloudbuild.googleapis.com', 'artifactregistry.googleapis.com', 'eventarc.googleapis.com']],
  ['google_cloud_run_v2_', ['run.googleapis.com']],
  ['google_cloud_scheduler_', ['cloudscheduler.googleapis.com']],
  ['google_managed_kafka_', ['managedkafka.googleapis.com']],
  ['google_monitoring_', ['monitoring.googleapis.com']],
  ['google_pubsub_', ['pubsub.googleapis.com']],
  ['google_secret_manager_', ['secretmanager.googleapis.com']],
  ['google_service_account', ['iam.googleapis.com']],
  ['google_storage_', ['storage.googleapis.com']],
  ['google_vpc_access_', ['vpcaccess.googleapis.com']],
];

/** Makes every resource depend on the APIs its type needs, so a first apply on a fresh project works. */
class RequireApis implements IAspect {
  constructor(private readonly byService: ReadonlyMap<string, ProjectService>) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node instanceof ProjectService) return;
    const entry = API_OF_TYPE.filter(([prefix]) => node.terraformResourceType.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
    const needed = (entry?.[1] ?? []).map((api) => this.byService.get(api)).filter((s): s is ProjectService => s !== undefined);
    if (needed.length === 0) return;
    const have = new Set(node.dependsOn ?? []);
    node.dependsOn = [...have, ...needed.map((s) => s.fqn).filter((f) => !have.has(f))];
  }
}

/** Props of {@link ProjectServices}. */
export interface ProjectServicesProps {
  readonly project: string;
  /** APIs beyond {@link BASE_APIS} (Managed Kafka, VPC Access). @default [] */
  readonly extraApis?: readonly string[];
}

/** Enabled APIs and the project's service agents. */
export class ProjectServices extends Construct {
  /** Enabled API resources, for `dependsOn`. */
  readonly apis: ProjectService[];
  /** `service-<number>@gcp-sa-pubsub…`: dead-letters messages and signs push tokens. */
  readonly pubsubAgent: Grantee;
  /** The Cloud Storage agent: publishes finalize events to Eventarc. */
  readonly storageAgent: Grantee;
  /** `service-<number>@gcp-sa-bigquerydatatransfer…`: runs scheduled queries as a service account. */
  readonly transferAgent: Grantee;
  /** The project number (a reference), for service agents of optional services. */
  readonly projectNumber: string;

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    const apis = [...BASE_APIS, ...(props.extraApis ?? [])];
    this.apis = apis.map(
      (service) => new ProjectService(this, service.split('.')[0], { project: props.project, service, disableOnDestroy: false }),
    );
    Aspects.of(scope).add(new RequireApis(new Map(apis.map((api, i) => [api, this.apis[i]]))));
    const project = new DataGoogleProject(this, 'this', { projectId: props.project });
    const gcs = new DataGoogleStorageProjectServiceAccount(this, 'gcs', { project: props.project });
    this.projectNumber = project.number;
    this.pubsubAgent = serviceAgent(`service-${project.number}@gcp-sa-pubsub.iam.gserviceaccount.com`);
    this.storageAgent = serviceAgent(gcs.emailAddress);
    this.transferAgent = serviceAgent(`service-${project.number}@gcp-sa-bigquerydatatransfer.iam.gserviceaccount.com`);
  }
}
