import { ResourceGraph, parseTraversal, type TerraformJson } from './graph';

const doc: TerraformJson = {
  variable: { region: { default: 'europe-west1' } },
  locals: { prefix: 'demo' },
  data: { google_project: { this: {} } },
  resource: {
    google_pubsub_topic: {
      raw_A1: { name: 'taxi-raw', '//': { metadata: {} } },
      dl_B2: { name: 'taxi-dead-letter' },
    },
    google_pubsub_subscription: {
      enrich_C3: {
        name: 'taxi-raw-enrich',
        topic: '${google_pubsub_topic.raw_A1.id}',
        dead_letter_policy: { dead_letter_topic: '${google_pubsub_topic.dl_B2.id}', max_delivery_attempts: 5 },
        labels: { where: '${var.region}/${local.prefix}' },
      },
    },
    google_service_account: { enrich_sa: { account_id: 'taxi-enrich' } },
    google_cloudfunctions2_function: {
      enrich_fn: { name: 'taxi-enrich', location: '${var.region}', service_config: [{ service_account_email: '${google_service_account.enrich_sa.email}' }] },
    },
    google_pubsub_topic_iam_member: {
      agent: { member: 'serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com', topic: '${google_pubsub_topic.dl_B2.name}' },
    },
    google_storage_bucket: { broken: { name: '${google_pubsub_topic.nope.name}' } },
  },
};

describe('ResourceGraph', () => {
  const graph = new ResourceGraph(doc, { project: 'p1', projectNumber: '42', functionUrl: (r) => `http://127.0.0.1:9/${r.name}` });

  it('resolves whole-string references to computed ids', () => {
    const sub = graph.resolved(graph.get('google_pubsub_subscription.enrich_C3')!);
    expect(sub.topic).toBe('projects/p1/topics/taxi-raw');
    expect((sub.dead_letter_policy as Record<string, unknown>).dead_letter_topic).toBe('projects/p1/topics/taxi-dead-letter');
  });

  it('interpolates variables and locals inside strings', () => {
    const sub = graph.resolved(graph.get('google_pubsub_subscription.enrich_C3')!);
    expect(sub.labels).toEqual({ where: 'europe-west1/demo' });
  });

  it('resolves service account e-mails, data sources and function URLs', () => {
    const fn = graph.resolved(graph.get('google_cloudfunctions2_function.enrich_fn')!);
    expect((fn.service_config as Record<string, unknown>[])[0].service_account_email).toBe('taxi-enrich@p1.iam.gserviceaccount.com');
    expect(graph.resolve('${google_cloudfunctions2_function.enrich_fn.service_config[0].uri}')).toBe('http://127.0.0.1:9/enrich_fn');
    expect(graph.resolved(graph.get('google_pubsub_topic_iam_member.agent')!).member).toBe(
      'serviceAccount:service-42@gcp-sa-pubsub.iam.gserviceaccount.com',
    );
  });

  it('drops cdktf metadata and lists resources by type', () => {
    expect(graph.resolved(graph.get('google_pubsub_topic.raw_A1')!)).toEqual({ name: 'taxi-raw' });
    expect(graph.resources('google_pubsub_topic').map((r) => r.name)).toEqual(['raw_A1', 'dl_B2']);
  });

  it('reports references to resources that do not exist', () => {
    const errs = graph.unresolved();
    expect(errs.map((e) => e.message)).toEqual([
      'cannot resolve ${google_pubsub_topic.nope.name}: resource google_pubsub_topic.nope does not exist in the graph',
    ]);
    expect(() => graph.resolved(graph.get('google_storage_bucket.broken')!)).toThrow(/does not exist/);
  });

  it('parses traversals and refuses expressions it cannot evaluate', () => {
    expect(parseTraversal('a.b[0].c')).toEqual(['a', 'b', 0, 'c']);
    expect(parseTraversal('element(a.b, 0)')).toBeUndefined();
    expect(() => graph.resolve('${upper(var.region)}')).toThrow(/only plain references/);
  });
});
