// These are the Done-when tests on the real five pipelines (synth, policy checks, SQL coverage,
// GoogleSQL parse, `npx cdktf synth`).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadDefinitions } from './definitions';
import { kpiSql, modelSql, sqlProblems } from './sql';
import { synthesize } from './synth';
import { googleSqlError } from './test-fixtures/parse-sql';

// The real pipelines of pipelines/: the stack the project deploys.
const definitions = loadDefinitions();
const out = mkdtempSync(join(tmpdir(), 'tributary-main-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the stack of the five built-in pipelines', () => {
  it('loads the five pipelines of ARCHITECTURE §6', () => {
    expect(definitions.pipelines.map((p) => p.id).sort()).toEqual(['crypto', 'iot', 'retail', 'stocks', 'taxi']);
  });

  it('synthesizes every environment with no policy violation and every pipeline complete', () => {
    const results = synthesize({ definitions, outdir: join(out, 'api'), env: {} });
    expect(results.map((r) => r.stack)).toEqual(['tributary-dev', 'tributary-prod']);
    for (const r of results) expect(r.violations).toEqual([]);
  }, 180_000);

  it('has exactly the SQL the pipelines declare, each creating its table or model', () => {
    expect(sqlProblems(definitions.pipelines)).toEqual([]);
  });

  it('renders SQL that parses as GoogleSQL', async () => {
    for (const p of definitions.pipelines) {
      for (const k of p.kpis) expect([`${p.id} kpi ${k.name}`, await googleSqlError(kpiSql(p, k))]).toEqual([`${p.id} kpi ${k.name}`, undefined]);
      for (const m of p.models) {
        const { train, predict } = modelSql(p, m);
        expect([`${p.id} model ${m.name}`, await googleSqlError(train), await googleSqlError(predict)]).toEqual([`${p.id} model ${m.name}`, undefined, undefined]);
      }
    }
  });

  it('npx cdktf synth writes the same stacks', async () => {
    const root = resolve(__dirname, '..');
    const dir = join(out, 'cli');
    await promisify(execFile)(join(root, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', dir], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TRIBUTARY_ENVIRONMENTS: 'dev' },
      timeout: 240_000,
    });
    const file = join(dir, 'stacks', 'tributary-dev', 'cdk.tf.json');
    expect(existsSync(file)).toBe(true);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(json.resource.google_cloudfunctions2_function).length).toBeGreaterThanOrEqual(16);
  }, 300_000); // a cdktf child process: over a minute on the shared, loaded machine
});
