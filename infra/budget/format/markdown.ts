/** A budget page a team can review in a pull request. */
import { priceEntry } from '../catalog';
import type { BudgetReport } from '../types';
import { ASSUMPTIONS } from '../workload';
import { largestFirst, pricedByPipeline, quantity, signedUsd, unpricedSummary, usd } from './common';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Renders the report as GitHub-flavoured markdown. */
export function renderMarkdown(report: BudgetReport): string {
  const out: string[] = [];
  out.push(`# Budget: ${report.stack}`, '');
  out.push(`**${usd(report.totalMonthlyCost)} a month** in ${report.region}, USD list prices, ${report.freeTier ? 'free tiers applied' : 'without free tiers'}. Usage from ${report.usageSources.join(', then ')}.`, '');
  const top = report.resources.filter((r) => r.monthlyCost > 0).sort((a, b) => b.monthlyCost - a.monthlyCost).slice(0, 10);
  out.push('## Largest resources', '', '| resource | pipeline | monthly | share |', '| --- | --- | ---: | ---: |');
  for (const r of top) out.push(`| \`${r.type}\` ${cell(r.name)} | ${r.pipeline ?? 'shared'} | ${usd(r.monthlyCost)} | ${report.totalMonthlyCost > 0 ? ((100 * r.monthlyCost) / report.totalMonthlyCost).toFixed(1) : '0.0'}% |`);
  out.push('', '## By service', '', '| service | monthly |', '| --- | ---: |');
  for (const [s, v] of largestFirst(report.byService)) out.push(`| ${cell(s)} | ${usd(v)} |`);
  out.push('', '## By pipeline', '', '| pipeline | monthly |', '| --- | ---: |');
  for (const [p, v] of largestFirst(report.byPipeline)) out.push(`| ${cell(p)} | ${usd(v)} |`);
  out.push('', '## Sensitivity', '', '| declared event rates | monthly |', '| --- | ---: |');
  for (const s of report.sensitivity) out.push(`| ${s.factor}× | ${usd(s.totalMonthlyCost)} |`);
  const warnings = report.sensitivity.flatMap((s) => s.capacityWarnings.map((w) => `- at ${s.factor}×: ${cell(w)}`));
  if (warnings.length) out.push('', 'The costs above assume the functions scale; as synthesized they would not:', '', ...warnings);
  if (report.breakEven.length) {
    out.push('', '## Per-event functions or drains', '', 'Enrich stage at list prices without free tiers.', '', '| pipeline | events/s | per-event | drain | cheaper | drain cheaper above (events/s) |', '| --- | ---: | ---: | ---: | --- | ---: |');
    for (const b of report.breakEven) out.push(`| ${b.pipeline} | ${b.eventsPerSecond} | ${usd(b.perEventMonthlyCost)} | ${usd(b.drainMonthlyCost)} | ${b.cheaper} | ${b.breakEvenEventsPerSecond === null ? 'never' : quantity(b.breakEvenEventsPerSecond)} |`);
  }
  if (report.comparison) {
    const c = report.comparison;
    out.push('', '## Change against the base report', '', `${usd(c.baseTotalMonthlyCost)} → ${usd(c.totalMonthlyCost)} (**${signedUsd(c.delta)}**)`, '', '| change | resource | base | now | delta |', '| --- | --- | ---: | ---: | ---: |');
    for (const r of c.resources) out.push(`| ${r.change} | \`${r.type}\` ${cell(r.name)} | ${usd(r.base)} | ${usd(r.current)} | ${signedUsd(r.delta)} |`);
  }
  out.push('', '## Resources', '');
  for (const [pipeline, resources] of pricedByPipeline(report)) {
    out.push(`### ${pipeline} (${usd(report.byPipeline[pipeline] ?? 0)})`, '', '| resource | component | quantity | unit | price | monthly |', '| --- | --- | ---: | --- | ---: | ---: |');
    for (const r of resources) {
      for (const c of r.costComponents) out.push(`| \`${r.type}\` ${cell(r.name)} | ${cell(c.name)} | ${quantity(c.monthlyQuantity)} | ${c.unit} | ${c.price} | ${usd(c.monthlyCost)} |`);
    }
    out.push('');
  }
  out.push('### Free', '', '| type | count | why |', '| --- | ---: | --- |');
  for (const f of unpricedSummary(report, 'free')) out.push(`| \`${f.type}\` | ${f.count} | ${cell(f.reason)} |`);
  const notPriced = unpricedSummary(report, 'not-priced');
  if (notPriced.length) {
    out.push('', '### Not priced', '', '| type | count | why |', '| --- | ---: | --- |');
    for (const f of notPriced) out.push(`| \`${f.type}\` | ${f.count} | ${cell(f.reason)} |`);
  }
  out.push('', '## Assumptions', '', 'Where the pipelines declare nothing (override per resource with a usage file):', '');
  for (const [k, v] of Object.entries(ASSUMPTIONS)) out.push(`- \`${k}\`: ${v}`);
  if (report.unverifiedPrices.length) {
    out.push('', '## Prices to re-check', '', 'Used in this report and not checked against their page on the date read:', '');
    for (const id of report.unverifiedPrices) {
      const e = priceEntry(id);
      out.push(`- \`${id}\` ${e.usd} USD per ${e.unit} (${e.source}, read ${e.read})`);
    }
  }
  return `${out.join('\n')}\n`;
}
