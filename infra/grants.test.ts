import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceGraph } from './graph';
import { synthesize } from './synth';
import { ALPHA, BETA, fixtureBigQuerySchema } from './test-fixtures/pipelines';
import { FIXTURE_SQL } from './test-fixtures/synth';

// Grants the functions' code needs beyond their main path (found by the functions' own tests).
const out = mkdtempSync(join(tmpdir(), 'tributary-grants-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const [dev] = synthesize({ definitions: { pipelines: [ALPHA, BETA], toBigQuerySchema: fixtureBigQuerySchema }, outdir: out, environments: ['dev'], env: {}, sqlRoot: FIXTURE_SQL });
const graph = ResourceGraph.fromFile(dev.file, { project: 'tributary-dev' });
const members = (type: string) => graph.resources(type).map((r) => graph.resolved(r));
const account = (fn: string): string => {
  const r = graph.resources('google_cloudfunctions2_function').find((x) => x.config.name === fn)!;
  return `serviceAccount:${(graph.resolved(r).service_config as { service_account_email: string }).service_account_email}`;
};

describe('function grants', () => {
  it('lets drainIndex publish rejected documents to quarantine', () => {
    const topicGrants = members('google_pubsub_topic_iam_member').filter((m) => m.member === account('alpha-drain-index'));
    expect(topicGrants.map((m) => [String(m.topic).split('/').pop(), m.role])).toEqual([['alpha-quarantine', 'roles/pubsub.publisher']]);
  });

  it('lets ingestFile create its per-file report in the lake, and only create', () => {
    const bucketGrants = members('google_storage_bucket_iam_member').filter((m) => m.member === account('alpha-ingest-file'));
    expect(bucketGrants.map((m) => [m.bucket, m.role]).sort()).toEqual([
      ['tributary-dev-lake', 'roles/storage.objectCreator'],
      ['tributary-dev-landing', 'roles/storage.objectViewer'],
    ]);
  });
});
