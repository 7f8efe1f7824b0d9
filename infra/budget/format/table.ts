/** The terminal table (default output), in the manner of `infracost breakdown`. */
import type { BudgetReport } from '../types';
import { largestFirst, pricedByPipeline, quantity, signedUsd, unpricedSummary, usd } from './common';

function pad(s: string, n: number, right = false): string {
  if (s.length > n) s = `${s.slice(0, n - 1)}…`;
  return right ? s.padStart(n) : s.padEnd(n);
}

/** Renders the report as fixed-width text. */
export function renderTable(report: BudgetReport): string {
  const W = [58, 14, 16, 12];
  const row = (a: string, b: string, c: string, d: string) => `${pad(a, W[0])} ${pad(b, W[1], true)} ${pad(c, W[2])} ${pad(d, W[3], true)}`.trimEnd();
  const lines: string[] = [];
  lines.push(`Stack ${report.stack} (${report.region}), USD per month${report.freeTier ? ', free tiers applied' : ', no free tiers'}`);
  lines.push(`Usage: ${report.usageSources.join(' < ')}`);
  lines.push('');
  lines.push(row('Resource / component', 'Quantity', 'Unit', 'Monthly'));
  lines.push('─'.repeat(W.reduce((a, b) => a + b + 1, 0)));
  for (const [pipeline, resources] of pricedByPipeline(report)) {
    lines.push(`[${pipeline}]`);
    for (const r of resources) {
      lines.push(row(`${r.type.replace(/^google_/, '')} ${r.name}`, '', '', usd(r.monthlyCost)));
      r.costComponents.forEach((c, i) => {
        const branch = i === r.costComponents.length - 1 ? '└─' : '├─';
        lines.push(row(`  ${branch} ${c.name}`, quantity(c.monthlyQuantity), c.unit, usd(c.monthlyCost)));
      });
    }
    lines.push(row(`  subtotal ${pipeline}`, '', '', usd(report.byPipeline[pipeline] ?? 0)));
    lines.push('');
  }
  lines.push(row('TOTAL', '', '', usd(report.totalMonthlyCost)));
  lines.push('');
  lines.push('By service:');
  for (const [s, v] of largestFirst(report.byService)) lines.push(`  ${pad(s, 24)} ${pad(usd(v), 12, true)}`);
  lines.push('');
  const free = unpricedSummary(report, 'free');
  lines.push(`Free (${free.reduce((n, f) => n + f.count, 0)} resources):`);
  for (const f of free) lines.push(`  ${f.type} ×${f.count}: ${f.reason}`);
  const notPriced = unpricedSummary(report, 'not-priced');
  if (notPriced.length) {
    lines.push('Not priced:');
    for (const f of notPriced) lines.push(`  ${f.type} ×${f.count}: ${f.reason}`);
  }
  lines.push('');
  lines.push(`Sensitivity (declared event rates): ${report.sensitivity.map((s) => `${s.factor}× ${usd(s.totalMonthlyCost)}`).join('   ')}`);
  for (const s of report.sensitivity) for (const w of s.capacityWarnings) lines.push(`  at ${s.factor}×: ${w}`);
  for (const b of report.breakEven) {
    const at = b.breakEvenEventsPerSecond === null ? 'per-event stays cheaper at any rate' : `drain cheaper above ${quantity(b.breakEvenEventsPerSecond)} events/s`;
    lines.push(`Break-even ${b.pipeline} at ${b.eventsPerSecond} events/s: per-event ${usd(b.perEventMonthlyCost)} vs drain ${usd(b.drainMonthlyCost)} → ${b.cheaper}; ${at}`);
  }
  if (report.comparison) {
    const c = report.comparison;
    lines.push('');
    lines.push(`Compared with base: ${usd(c.baseTotalMonthlyCost)} → ${usd(c.totalMonthlyCost)} (${signedUsd(c.delta)})`);
    for (const r of c.resources) lines.push(`  ${pad(r.change, 8)} ${pad(`${r.type.replace(/^google_/, '')} ${r.name}`, 56)} ${pad(usd(r.base), 12, true)} → ${pad(usd(r.current), 12, true)} ${pad(signedUsd(r.delta), 12, true)}`);
  }
  if (report.unverifiedPrices.length) lines.push('', `Prices to re-check against their pages: ${report.unverifiedPrices.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
