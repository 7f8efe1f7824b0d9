import {
  checkBuckets,
  checkDeadLetters,
  checkFunctionAccounts,
  checkPipelines,
  checkPublicAccess,
  checkReferences,
  checkRoles,
  checkSecrets,
  checkStack,
} from './checks';
import type { TerraformJson } from './graph';
import { ALPHA, BETA } from './test-fixtures/pipelines';
import { resourcesOf, synthFixture } from './test-fixtures/synth';

// Each check is shown to pass on the real synth and to fail on a copy broken in one place.
const base = synthFixture();
const ctx = { pipelines: [ALPHA, BETA], publicApi: false, kafka: true };
type Block = Record<string, any>;

/** A deep copy of the base JSON, and the block of `type` whose `name` (or key) matches. */
function broken(): { json: TerraformJson; find: (type: string, name: string) => Block } {
  const json = structuredClone(base.json) as TerraformJson;
  const find = (type: string, name: string) => {
    const hit = resourcesOf(json, type).find(([key, b]) => b.name === name || b.account_id === name || key === name);
    if (!hit) throw new Error(`no ${type} ${name}`);
    return hit[1] as Block;
  };
  return { json, find };
}
const checksOf = (vs: { check: string }[]) => vs.map((v) => v.check);

describe('policy checks on the synthesized JSON', () => {
  it('fail when a function runs without its own service account', () => {
    const { json, find } = broken();
    find('google_cloudfunctions2_function', 'alpha-enrich').service_config.service_account_email = '123-compute@developer.gserviceaccount.com';
    expect(checkFunctionAccounts(json)).toEqual([expect.objectContaining({ check: 'function-account', message: expect.stringMatching(/not as its own/) })]);
  });

  it('fail when two functions share a service account', () => {
    const { json, find } = broken();
    const shared = find('google_cloudfunctions2_function', 'alpha-enrich').service_config.service_account_email;
    find('google_cloudfunctions2_function', 'beta-enrich').service_config.service_account_email = shared;
    expect(checkFunctionAccounts(json)[0].message).toMatch(/shares/);
  });

  it.each(['roles/owner', 'roles/editor', 'roles/pubsub.admin', 'roles/storage.objectAdmin'])('fail when any account is granted %s', (role) => {
    const { json } = broken();
    const [, grant] = resourcesOf(json, 'google_project_iam_member')[0];
    grant.role = role;
    expect(checksOf(checkRoles(json))).toEqual(['roles']);
  });

  it('fail on allUsers anywhere when publicApi is off', () => {
    const { json } = broken();
    const [, grant] = resourcesOf(json, 'google_storage_bucket_iam_member')[0];
    grant.member = 'allUsers';
    expect(checksOf(checkPublicAccess(json, { publicApi: false }))).toEqual(['public-access']);
    expect(checksOf(checkPublicAccess(json, { publicApi: true }))).toEqual(['public-access']);
  });

  it('fail when a subscription feeding a function has no dead-letter policy', () => {
    const { json, find } = broken();
    delete find('google_pubsub_subscription', 'alpha-enriched-index').dead_letter_policy;
    delete find('google_pubsub_subscription', 'alpha-raw-enrich').dead_letter_policy;
    expect(checkDeadLetters(json).map((v) => v.message.split(' ')[0]).sort()).toEqual(['alpha-enriched-index', 'alpha-raw-enrich']);
  });

  it('fail when a bucket lacks uniform access or enforced public access prevention', () => {
    const { json, find } = broken();
    find('google_storage_bucket', 'tributary-test-lake').uniform_bucket_level_access = false;
    find('google_storage_bucket', 'tributary-test-landing').public_access_prevention = 'inherited';
    expect(checkBuckets(json)).toHaveLength(2);
  });

  it('fail when a reference points at a resource that does not exist', () => {
    const { json, find } = broken();
    find('google_pubsub_subscription', 'beta-raw-lake').topic = '${google_pubsub_topic.gone_1234.id}';
    expect(checkReferences(json)).toEqual([expect.objectContaining({ message: expect.stringMatching(/google_pubsub_topic\.gone_1234 does not exist/) })]);
  });

  it('fail when a pipeline lacks one of its resources', () => {
    const { json } = broken();
    const topics = json.resource!.google_pubsub_topic;
    const key = Object.keys(topics).find((k) => topics[k].name === 'beta-quarantine')!;
    delete topics[key];
    const queries = json.resource!.google_bigquery_data_transfer_config;
    delete queries[Object.keys(queries).find((k) => queries[k].display_name === 'alpha predict segments')!];
    expect(checkPipelines(json, ctx).map((v) => v.message)).toEqual(['pipeline alpha lacks scheduled query "alpha predict segments"', 'pipeline beta lacks topic beta-quarantine']);
  });

  it('fail when a secret value would land in the JSON', () => {
    const { json, find } = broken();
    json.resource!.google_secret_manager_secret_version = { v1: { secret: 'x', secret_data: 'hunter2' } };
    find('google_cloudfunctions2_function', 'alpha-drain-index').service_config.environment_variables.ELASTICSEARCH_API_KEY = 'abc';
    expect(checkSecrets(json)).toHaveLength(2);
  });
});

describe('stack switches', () => {
  it('publicApi makes only the API invocable by allUsers', () => {
    const pub = synthFixture({ config: { publicApi: true } });
    const publicGrants = resourcesOf(pub.json, 'google_cloud_run_v2_service_iam_member').filter(([, b]) => b.member === 'allUsers');
    expect(publicGrants).toHaveLength(1);
    expect(publicGrants[0][1].name).toMatch(/^\$\{google_cloudfunctions2_function\.api_function_[^.]+\.name\}$/);
    expect(checkStack(pub.json, { ...ctx, publicApi: true })).toEqual([]);
    expect(checksOf(checkPublicAccess(pub.json, { publicApi: false }))).toEqual(['public-access']);
    expect(resourcesOf(base.json, 'google_cloud_run_v2_service_iam_member').filter(([, b]) => b.member === 'allUsers')).toEqual([]);
  });

  it('kafka none leaves out the cluster and the bridge', () => {
    const none = synthFixture({ config: { kafka: 'none' } });
    expect(resourcesOf(none.json, 'google_managed_kafka_cluster')).toEqual([]);
    expect(resourcesOf(none.json, 'google_cloudfunctions2_function').map(([, b]) => b.name)).not.toContain('tributary-bridge');
    expect(checkStack(none.json, { ...ctx, kafka: false })).toEqual([]);
  });

  it('bridge connect replaces the bridge function with a Pub/Sub sink connector per pipeline', () => {
    const connect = synthFixture({ config: { bridge: 'connect' } });
    const connectors = resourcesOf(connect.json, 'google_managed_kafka_connector').map(([, b]) => b.configs);
    expect(connectors).toEqual([
      expect.objectContaining({ 'connector.class': 'com.google.pubsub.kafka.sink.CloudPubSubSinkConnector', topics: 'alpha.raw', 'cps.topic': 'alpha-raw' }),
      expect.objectContaining({ topics: 'beta.raw', 'cps.topic': 'beta-raw' }),
    ]);
    expect(resourcesOf(connect.json, 'google_cloudfunctions2_function').map(([, b]) => b.name)).not.toContain('tributary-bridge');
    expect(checkStack(connect.json, ctx)).toEqual([]);
  });

  it('a new pipeline definition adds its resources with no other change', () => {
    const gamma = { ...ALPHA, id: 'gamma', sources: [], kpis: [], models: [] };
    const three = synthFixture({ pipelines: [ALPHA, BETA, gamma], env: {} });
    expect(checkStack(three.json, { ...ctx, pipelines: [ALPHA, BETA, gamma] })).toEqual([]);
    expect(resourcesOf(three.json, 'google_pubsub_topic')).toHaveLength(12);
  });
});
