/**
 * Buckets: the lake (`<project>-lake`), the landing zone for file drops (`<project>-landing`)
 * and any other bucket Tributary owns. Every bucket has uniform bucket-level access and enforced
 * public access prevention; access is granted per bucket through the grant methods.
 */
import { StorageBucket, type StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Construct } from 'constructs';
import { lakeBucket, landingBucket } from '../../pipelines/naming';
import type { Grantee } from './iam';

/** Props of {@link SecureBucket}. */
export interface SecureBucketProps {
  readonly project: string;
  readonly name: string;
  readonly location: string;
  /** @default [] */
  readonly lifecycleRules?: StorageBucketLifecycleRule[];
  /** Delete objects on destroy. @default false */
  readonly forceDestroy?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A bucket that cannot be made public, with per-bucket grant methods. */
export class SecureBucket extends Construct {
  readonly bucket: StorageBucket;
  private grants = 0;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new StorageBucket(this, 'bucket', {
      project: props.project,
      name: props.name,
      location: props.location,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: props.forceDestroy ?? false,
      lifecycleRule: props.lifecycleRules ?? [],
      labels: props.labels,
    });
  }

  /** The bucket name as a reference. */
  get name(): string {
    return this.bucket.name;
  }

  /** Create objects only (`roles/storage.objectCreator`): create-only lake writes. */
  grantCreate(to: Grantee): void {
    this.grant('roles/storage.objectCreator', to);
  }

  /** Read and list objects (`roles/storage.objectViewer`). */
  grantRead(to: Grantee): void {
    this.grant('roles/storage.objectViewer', to);
  }

  /** Read, create, overwrite and delete objects (`roles/storage.objectUser`). */
  grantReadWrite(to: Grantee): void {
    this.grant('roles/storage.objectUser', to);
  }

  private grant(role: string, to: Grantee): void {
    new StorageBucketIamMember(this, `grant-${++this.grants}`, { bucket: this.bucket.name, role, member: to.member });
  }
}

/** Props of {@link Lake}. */
export interface LakeProps {
  readonly project: string;
  readonly location: string;
  /** Days before `bronze/` objects move to Nearline. @default 30 */
  readonly bronzeNearlineDays?: number;
  /** Days before `quarantine/` objects are deleted. @default 90 */
  readonly quarantineDeleteDays?: number;
  /** @default false */
  readonly forceDestroy?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The lake and landing buckets. */
export class Lake extends Construct {
  readonly lake: SecureBucket;
  readonly landing: SecureBucket;

  constructor(scope: Construct, id: string, props: LakeProps) {
    super(scope, id);
    const common = { project: props.project, location: props.location, forceDestroy: props.forceDestroy, labels: props.labels };
    this.lake = new SecureBucket(this, 'lake', {
      ...common,
      name: lakeBucket(props.project),
      lifecycleRules: [
        { condition: { age: props.bronzeNearlineDays ?? 30, matchesPrefix: ['bronze/'] }, action: { type: 'SetStorageClass', storageClass: 'NEARLINE' } },
        { condition: { age: props.quarantineDeleteDays ?? 90, matchesPrefix: ['quarantine/'] }, action: { type: 'Delete' } },
      ],
    });
    this.landing = new SecureBucket(this, 'landing', { ...common, name: landingBucket(props.project) });
  }
}
