/**
 * A real budget report for the dashboard's tests: the infra fixture stack (two fixture pipelines)
 * synthesized and priced by the same `buildReport` that `tributary budget --format json` runs,
 * written where `GET /api/budget` looks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../infra/budget/report';
import type { BudgetReport } from '../infra/budget/types';
import { ResourceGraph } from '../infra/graph';
import { ALPHA, BETA } from '../infra/test-fixtures/pipelines';
import { synthFixture } from '../infra/test-fixtures/synth';

/** Builds the report and writes it to `<dir>/<name>`; returns it. */
export function writeBudgetReport(dir: string, name = 'latest.json'): BudgetReport {
  const { json } = synthFixture();
  const report = buildReport({ graph: new ResourceGraph(json, { project: 'tributary-test' }), stack: 'tributary-test', pipelines: [ALPHA, BETA] });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), JSON.stringify(report, null, 2));
  return report;
}
