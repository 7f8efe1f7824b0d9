/**
 * IAM as data: service identities and grants that name their exact role. Every grant is a
 * non-authoritative `*_iam_member`, so Tributary never rewrites bindings it does not own.
 * Project-wide grants refuse primitive and administrator roles at synth time.
 */
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Construct } from 'constructs';

/** Something that can be granted a role: an IAM member string. */
export interface Grantee {
  /** IAM member, e.g. `serviceAccount:taxi-enrich@p.iam.gserviceaccount.com`. */
  readonly member: string;
}

/** A role Tributary must never hand to a workload identity. */
export class ForbiddenRoleError extends Error {
  constructor(role: string, member: string) {
    super(`refusing to grant ${role} to ${member}: owner, editor and *.admin roles are never given to workloads; grant the narrow role the code needs (see infra/README.md "IAM")`);
    this.name = 'ForbiddenRoleError';
  }
}

/** True for roles no workload may hold: owner, editor, `*.admin` and any other `…Admin` role. */
export const isForbiddenRole = (role: string): boolean =>
  role === 'roles/owner' || role === 'roles/editor' || /\.admin$/.test(role) || /Admin$/.test(role);

/** A service account with its member string. */
export class ServiceIdentity extends Construct implements Grantee {
  readonly account: ServiceAccount;
  /** `${…email}` reference. */
  readonly email: string;
  readonly member: string;

  constructor(scope: Construct, id: string, props: { readonly accountId: string; readonly displayName: string; readonly project: string }) {
    super(scope, id);
    this.account = new ServiceAccount(this, 'account', { accountId: props.accountId, displayName: props.displayName, project: props.project });
    this.email = this.account.email;
    this.member = `serviceAccount:${this.account.email}`;
  }
}

/** A Google-managed service agent (Pub/Sub, Cloud Storage, BigQuery Data Transfer...). */
export const serviceAgent = (email: string): Grantee => ({ member: `serviceAccount:${email}` });

/**
 * Grants a project-level role. Throws {@link ForbiddenRoleError} for owner, editor and `*.admin`.
 */
export function grantProjectRole(scope: Construct, id: string, props: { readonly project: string; readonly role: string; readonly to: Grantee }): ProjectIamMember {
  if (isForbiddenRole(props.role)) throw new ForbiddenRoleError(props.role, props.to.member);
  return new ProjectIamMember(scope, id, { project: props.project, role: props.role, member: props.to.member });
}
