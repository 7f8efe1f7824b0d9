/**
 * Secret Manager secrets for credentials: the Elasticsearch endpoint and API key, the market-data
 * API keys and the PostgreSQL URL. Only the secrets are declared here; their values are added
 * out of band (`gcloud secrets versions add`, infra/README.md), so no value ever appears in code
 * or in the synthesized JSON. Functions read them through secret environment variables.
 */
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { Construct } from 'constructs';
import { SECRETS, type SecretKey } from '../names';
import type { Grantee } from './iam';

/** Environment variable a function sees each secret as. */
export const SECRET_ENV: Readonly<Record<SecretKey, string>> = {
  elasticsearchUrl: 'ELASTICSEARCH_URL',
  elasticsearchApiKey: 'ELASTICSEARCH_API_KEY',
  cryptocompareApiKey: 'CRYPTOCOMPARE_API_KEY',
  finnhubApiKey: 'FINNHUB_API_KEY',
  postgresUrl: 'PGSOURCE_URL',
};

/** A secret environment variable of a function. */
export interface SecretEnv {
  readonly key: string;
  readonly projectId: string;
  readonly secret: string;
  readonly version: string;
}

/** All secrets, with per-secret accessor grants. */
export class Secrets extends Construct {
  readonly secrets: Readonly<Record<SecretKey, SecretManagerSecret>>;
  private readonly project: string;
  private grants = 0;

  constructor(scope: Construct, id: string, props: { readonly project: string; readonly labels?: Readonly<Record<string, string>> }) {
    super(scope, id);
    this.project = props.project;
    const out = {} as Record<SecretKey, SecretManagerSecret>;
    for (const key of Object.keys(SECRETS) as SecretKey[]) {
      out[key] = new SecretManagerSecret(this, key, {
        project: props.project,
        secretId: SECRETS[key],
        replication: { auto: {} },
        labels: props.labels,
      });
    }
    this.secrets = out;
  }

  /** Lets `to` read one secret's versions (`roles/secretmanager.secretAccessor` on it only). */
  grantRead(key: SecretKey, to: Grantee): void {
    new SecretManagerSecretIamMember(this, `read-${key}-${++this.grants}`, {
      project: this.project,
      secretId: this.secrets[key].secretId,
      role: 'roles/secretmanager.secretAccessor',
      member: to.member,
    });
  }

  /** The secret environment variable for `key`, at its latest version. */
  env(key: SecretKey): SecretEnv {
    return { key: SECRET_ENV[key], projectId: this.project, secret: this.secrets[key].secretId, version: 'latest' };
  }
}
