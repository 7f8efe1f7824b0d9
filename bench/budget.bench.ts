/**
 * Time to price the full resource graph, excluding synth: read `cdk.tf.json`, resolve every
 * resource, derive usage from the declared workloads, price, and build the report (which
 * prices three times: 1×, 10× and 100× for the sensitivity) and render it as JSON and HTML.
 * Baseline measured in the same run: `JSON.parse` of the same stack file. Goal: < 1 s.
 * Machine: a shared 2-core box with other jobs running; the median of the runs is reported.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { render } from '../infra/budget/format';
import { buildReport } from '../infra/budget/report';
import { loadDefinitions, type Definitions } from '../infra/definitions';
import { ResourceGraph } from '../infra/graph';
import { synthesize } from '../infra/synth';
import { ALPHA, BETA, fixtureBigQuerySchema } from '../infra/test-fixtures/pipelines';
import { FIXTURE_SQL } from '../infra/test-fixtures/synth';

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] * 10) / 10;
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export default async function bench(): Promise<Record<string, unknown>> {
  const out = mkdtempSync(join(tmpdir(), 'tributary-budget-bench-'));
  try {
    let definitions: Definitions;
    let stackKind = 'five built-in pipelines';
    let sqlRoot: string | undefined;
    try {
      definitions = loadDefinitions();
    } catch {
      definitions = { pipelines: [ALPHA, BETA], toBigQuerySchema: fixtureBigQuerySchema };
      stackKind = 'fixture pipelines alpha, beta (pipelines/index.ts not loadable)';
      sqlRoot = FIXTURE_SQL;
    }
    const [dev] = synthesize({ definitions, outdir: out, environments: ['dev'], env: {}, sqlRoot });
    const price = () => {
      const graph = ResourceGraph.fromFile(dev.file, { project: 'project' });
      return buildReport({ graph, stack: dev.stack, pipelines: definitions.pipelines, stackDir: dirname(dev.file) });
    };
    const report = price(); // warm-up (module loading, JIT)
    render(report, 'html');
    const priceMs: number[] = [];
    const renderMs: number[] = [];
    const parseMs: number[] = [];
    const text = readFileSync(dev.file, 'utf8');
    for (let i = 0; i < RUNS; i++) {
      let r = report;
      priceMs.push(time(() => (r = price())));
      renderMs.push(time(() => (render(r, 'json'), render(r, 'html'))));
      parseMs.push(time(() => JSON.parse(text)));
    }
    const medianMs = median(priceMs.map((p, i) => p + renderMs[i]));
    const baselineMs = median(parseMs);
    return {
      stack: stackKind,
      resources: report.resources.length,
      pipelines: definitions.pipelines.length,
      stackBytes: text.length,
      runs: RUNS,
      totalMedianMs: medianMs,
      priceMedianMs: median(priceMs),
      renderJsonAndHtmlMedianMs: median(renderMs),
      totalMaxMs: Math.round(Math.max(...priceMs.map((p, i) => p + renderMs[i])) * 10) / 10,
      baselineJsonParseMedianMs: baselineMs,
      ratioToJsonParse: Math.round((medianMs / Math.max(baselineMs, 0.01)) * 10) / 10,
      goalMs: 1000,
      meetsGoal: medianMs < 1000,
      totalMonthlyCost: report.totalMonthlyCost,
      note: 'excludes synth; includes reading the JSON, resolving references, usage derivation, pricing at 1x/10x/100x and rendering JSON and HTML; shared 2-core machine under load',
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
