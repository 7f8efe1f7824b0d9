/** `--compare base.json`: the change per resource against an earlier report. */
import { existsSync, readFileSync } from 'node:fs';
import { roundUsd } from './estimate';
import type { BudgetReport, Comparison, ResourceChange } from './types';

/** A base report that cannot be read. */
export class CompareBaseError extends Error {
  constructor(file: string, detail: string) {
    super(`--compare ${file}: ${detail}; pass a report written by \`tributary budget --format json --out FILE\``);
    this.name = 'CompareBaseError';
  }
}

/** Reads a base report written by `--format json`. */
export function readBaseReport(file: string): BudgetReport {
  if (!existsSync(file)) throw new CompareBaseError(file, 'does not exist');
  let doc: BudgetReport;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as BudgetReport;
  } catch (err) {
    throw new CompareBaseError(file, (err as Error).message);
  }
  if (doc.schemaVersion !== 1 || !Array.isArray(doc.resources)) throw new CompareBaseError(file, 'not a budget report (schemaVersion 1 with resources)');
  return doc;
}

/** Resources match by Terraform address, else by type and cloud name (addresses change when constructs move). */
export function compareReports(base: BudgetReport, current: BudgetReport): Comparison {
  const key = (r: { type: string; name: string }) => `${r.type}:${r.name}`;
  const baseByAddress = new Map(base.resources.map((r) => [r.address, r]));
  const baseByName = new Map(base.resources.map((r) => [key(r), r]));
  const used = new Set<string>();
  const changes: ResourceChange[] = [];
  for (const r of current.resources) {
    const b = baseByAddress.get(r.address) ?? baseByName.get(key(r));
    if (b) used.add(b.address);
    const before = b?.monthlyCost ?? 0;
    const delta = roundUsd(r.monthlyCost - before);
    if (!b) changes.push({ address: r.address, name: r.name, type: r.type, base: 0, current: r.monthlyCost, delta, change: 'added' });
    else if (delta !== 0) changes.push({ address: r.address, name: r.name, type: r.type, base: before, current: r.monthlyCost, delta, change: 'changed' });
  }
  for (const b of base.resources) {
    if (!used.has(b.address)) changes.push({ address: b.address, name: b.name, type: b.type, base: b.monthlyCost, current: 0, delta: roundUsd(-b.monthlyCost), change: 'removed' });
  }
  changes.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.address.localeCompare(y.address));
  return { baseTotalMonthlyCost: base.totalMonthlyCost, totalMonthlyCost: current.totalMonthlyCost, delta: roundUsd(current.totalMonthlyCost - base.totalMonthlyCost), resources: changes };
}
