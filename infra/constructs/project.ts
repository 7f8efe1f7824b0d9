/**
 * The project itself: the APIs Tributary enables and the Google service agents other constructs
 * grant roles to (Pub/Sub for dead-lettering and push tokens, Cloud Storage for finalize events,
 * BigQuery Data Transfer for scheduled queries).
 */
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
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
    const project = new DataGoogleProject(this, 'this', { projectId: props.project });
    const gcs = new DataGoogleStorageProjectServiceAccount(this, 'gcs', { project: props.project });
    this.projectNumber = project.number;
    this.pubsubAgent = serviceAgent(`service-${project.number}@gcp-sa-pubsub.iam.gserviceaccount.com`);
    this.storageAgent = serviceAgent(gcs.emailAddress);
    this.transferAgent = serviceAgent(`service-${project.number}@gcp-sa-bigquerydatatransfer.iam.gserviceaccount.com`);
  }
}
