import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnknownEnvironmentError } from './app';
import { synthesize } from './synth';
import { ALPHA, BETA, fixtureBigQuerySchema } from './test-fixtures/pipelines';
import { FIXTURE_SQL } from './test-fixtures/synth';

describe('synthesize', () => {
  const out = mkdtempSync(join(tmpdir(), 'tributary-synth-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const definitions = { pipelines: [ALPHA, BETA], toBigQuerySchema: fixtureBigQuerySchema };

  it('writes one checked stack per environment where cdktf synth writes it', () => {
    const results = synthesize({ definitions, outdir: out, env: { TRIBUTARY_ENVIRONMENTS: 'dev,prod' }, sqlRoot: FIXTURE_SQL });
    expect(results.map((r) => [r.stack, r.violations])).toEqual([['tributary-dev', []], ['tributary-prod', []]]);
    expect(results[0].file).toBe(join(out, 'stacks', 'tributary-dev', 'cdk.tf.json'));
    const prod = JSON.parse(readFileSync(results[1].file, 'utf8'));
    expect(prod.terraform.backend).toEqual({ gcs: { bucket: 'tributary-prod-tfstate', prefix: 'tributary/prod' } });
    expect(JSON.parse(readFileSync(results[0].file, 'utf8')).terraform.backend).toEqual({ local: { path: 'terraform.dev.tfstate' } });
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('packages the function source as an archive asset beside the stack', () => {
    const [dev] = synthesize({ definitions, outdir: out, environments: ['dev'], env: {}, sqlRoot: FIXTURE_SQL });
    const json = JSON.parse(readFileSync(dev.file, 'utf8'));
    const object = Object.values(json.resource.google_storage_bucket_object)[0] as { source: string; name: string };
    expect(object.name).toMatch(/^functions-[0-9A-F]+\.zip$/i);
    expect(existsSync(join(out, 'stacks', 'tributary-dev', object.source))).toBe(true);
  });

  it('names the known environments when asked for another', () => {
    expect(() => synthesize({ definitions, outdir: out, environments: ['staging'], env: {}, sqlRoot: FIXTURE_SQL })).toThrow(UnknownEnvironmentError);
  });
});
