// The Done-when tests of the budget on the five built-in pipelines: `tributary budget` over the
// synthesized dev stack, as JSON (every resource of the graph), HTML (with its charts),
// markdown and table, and --compare.
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from '../../cli/commands/budget';
import { loadDefinitions } from '../definitions';
import type { TerraformJson } from '../graph';
import { synthesize } from '../synth';
import type { BudgetReport } from './types';

const out = mkdtempSync(join(tmpdir(), 'tributary-budget-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const definitions = loadDefinitions();
const [dev] = synthesize({ definitions, outdir: join(out, 'cdktf.out'), environments: ['dev'], env: {} });

async function budget(...args: string[]): Promise<void> {
  const program = new Command('tributary').exitOverride();
  register(program);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'tributary', 'budget', '--cdktf-out', join(out, 'cdktf.out'), ...args]);
  } finally {
    stderr.mockRestore();
  }
}

describe('tributary budget over the five-pipeline stack', () => {
  const jsonFile = join(out, 'budget.json');
  let report: BudgetReport;
  beforeAll(async () => {
    await budget('--format', 'json', '--out', jsonFile);
    report = JSON.parse(readFileSync(jsonFile, 'utf8')) as BudgetReport;
  }, 60_000);

  it('lists every resource of the graph, each priced, free or not priced with a reason', () => {
    const graph = JSON.parse(readFileSync(dev.file, 'utf8')) as TerraformJson;
    const addresses = Object.entries(graph.resource ?? {}).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`));
    expect(report.resources.map((r) => r.address).sort()).toEqual(addresses.sort());
    for (const r of report.resources) {
      if (r.status === 'priced') expect([r.address, r.costComponents.length > 0]).toEqual([r.address, true]);
      else expect([r.address, typeof r.reason]).toEqual([r.address, 'string']);
    }
  });

  it('has the stable schema: total, resources with cost components', () => {
    expect(report.schemaVersion).toBe(1);
    expect(report.totalMonthlyCost).toBeGreaterThan(0);
    const c = report.resources.find((r) => r.status === 'priced')?.costComponents[0];
    expect(Object.keys(c ?? {}).sort()).toEqual(['freeQuantity', 'monthlyCost', 'monthlyQuantity', 'name', 'price', 'priceId', 'unit']);
    expect(Object.keys(report.byPipeline).sort()).toEqual(['crypto', 'iot', 'retail', 'shared', 'stocks', 'taxi']);
  });

  it('prices every pipeline from its declared workload', () => {
    for (const p of definitions.pipelines) {
      const enrich = report.resources.find((r) => r.type === 'google_cloudfunctions2_function' && r.name === `${p.id}-enrich`);
      expect([p.id, (enrich?.monthlyCost ?? 0) > 0]).toEqual([p.id, true]);
    }
    expect(report.breakEven.map((b) => b.pipeline).sort()).toEqual(definitions.pipelines.map((p) => p.id).sort());
  });

  it('renders HTML with its charts and no external assets', async () => {
    const file = join(out, 'budget.html');
    await budget('--format', 'html', '--out', file);
    const html = readFileSync(file, 'utf8');
    for (const id of ['by-service', 'by-pipeline', 'sensitivity']) expect(html).toMatch(new RegExp(`<svg id="${id}"[^>]*>[\\s\\S]*?<rect `));
    for (const p of definitions.pipelines) expect(html).toContain(`>${p.id}</text>`);
    expect(html).not.toMatch(/<(script|link|img)\b|src="http|href="http/);
  }, 60_000);

  it('renders a markdown page and a table', async () => {
    const md = join(out, 'budget.md');
    await budget('--format', 'markdown', '--out', md);
    expect(readFileSync(md, 'utf8')).toMatch(/^# Budget: tributary-dev\n[\s\S]*## By service[\s\S]*## Assumptions/);
    const table = join(out, 'budget.txt');
    await budget('--out', table);
    expect(readFileSync(table, 'utf8')).toMatch(/TOTAL\s+\$[\d,]+\.\d\d/);
  }, 60_000);

  it('compares with a base report, per resource', async () => {
    const file = join(out, 'compare.json');
    await budget('--format', 'json', '--no-free-tier', '--compare', jsonFile, '--out', file);
    const r = JSON.parse(readFileSync(file, 'utf8')) as BudgetReport;
    expect(r.comparison?.delta).toBeGreaterThan(0);
    expect(r.comparison?.resources.every((c) => c.change === 'changed')).toBe(true);
    expect(r.comparison?.resources.reduce((s, c) => s + c.delta, 0)).toBeCloseTo(r.comparison?.delta ?? NaN, 4);
  }, 60_000);

  it('applies the example Infracost usage file', async () => {
    const file = join(out, 'usage.json');
    await budget('--format', 'json', '--usage', join(__dirname, 'infracost-usage.example.yml'), '--out', file);
    const r = JSON.parse(readFileSync(file, 'utf8')) as BudgetReport;
    const forecast = (x: BudgetReport) => x.resources.find((c) => c.name === 'stocks model price_forecast')?.monthlyCost ?? NaN;
    expect(forecast(r)).toBeLessThan(forecast(report));
    expect(r.usageSources).toEqual(['declared workload', `usage file ${join(__dirname, 'infracost-usage.example.yml')}`]);
  }, 60_000);

  it('says which stack names it takes', async () => {
    await expect(budget('--stack', 'dev')).rejects.toThrow(/tributary-<env>.*--stack tributary-dev/);
  });
});
