/**
 * A self-contained HTML page: bar charts by service and by pipeline and a sensitivity chart as
 * inline SVG, then the resource tables. No scripts, fonts or other external assets.
 */
import { priceEntry } from '../catalog';
import type { BudgetReport } from '../types';
import { ASSUMPTIONS } from '../workload';
import { largestFirst, pricedByPipeline, quantity, signedUsd, unpricedSummary, usd } from './common';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLORS = ['#1a73e8', '#e8710a', '#188038', '#d93025', '#9334e6', '#12b5cb', '#f9ab00', '#5f6368', '#b80672', '#3f51b5', '#795548', '#009688'];

/** A horizontal bar chart as an SVG element. */
export function barChart(title: string, data: readonly [string, number][], id: string): string {
  const rowH = 26;
  const labelW = 190;
  const barW = 420;
  const max = Math.max(...data.map(([, v]) => v), 0.01);
  const h = data.length * rowH + 30;
  const bars = data
    .map(([label, v], i) => {
      const y = 24 + i * rowH;
      const w = Math.max(1, (v / max) * barW);
      return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${COLORS[i % COLORS.length]}"><title>${esc(label)}: ${usd(v)}</title></rect><text x="${labelW + w + 6}" y="${y + 15}">${usd(v)}</text>`;
    })
    .join('');
  return `<svg id="${id}" class="chart" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 110}" height="${h}" font-family="sans-serif" font-size="12"><text x="0" y="14" font-weight="bold">${esc(title)}</text>${bars}</svg>`;
}

/** Renders the report as one HTML document. */
export function renderHtml(report: BudgetReport): string {
  const byService = largestFirst(report.byService).filter(([, v]) => v > 0);
  const byPipeline = largestFirst(report.byPipeline);
  const sens = report.sensitivity.map((s) => [`${s.factor}× declared rates`, s.totalMonthlyCost] as [string, number]);
  const rows: string[] = [];
  for (const [pipeline, resources] of pricedByPipeline(report)) {
    rows.push(`<tr class="group"><th colspan="5">${esc(pipeline)}</th><th class="n">${usd(report.byPipeline[pipeline] ?? 0)}</th></tr>`);
    for (const r of resources) {
      r.costComponents.forEach((c, i) => {
        const res = i === 0 ? `<code>${esc(r.type)}</code> ${esc(r.name)}` : '';
        rows.push(`<tr><td>${res}</td><td>${esc(c.name)}</td><td class="n">${quantity(c.monthlyQuantity)}</td><td>${esc(c.unit)}</td><td class="n">${c.price}</td><td class="n">${usd(c.monthlyCost)}</td></tr>`);
      });
    }
  }
  const free = [...unpricedSummary(report, 'free').map((f) => ({ ...f, s: 'free' })), ...unpricedSummary(report, 'not-priced').map((f) => ({ ...f, s: 'not priced' }))]
    .map((f) => `<tr><td><code>${esc(f.type)}</code></td><td class="n">${f.count}</td><td>${f.s}</td><td>${esc(f.reason)}</td></tr>`)
    .join('');
  const breakEven = report.breakEven
    .map((b) => `<tr><td>${esc(b.pipeline)}</td><td class="n">${b.eventsPerSecond}</td><td class="n">${usd(b.perEventMonthlyCost)}</td><td class="n">${usd(b.drainMonthlyCost)}</td><td>${b.cheaper}</td><td class="n">${b.breakEvenEventsPerSecond === null ? 'never' : quantity(b.breakEvenEventsPerSecond)}</td></tr>`)
    .join('');
  const comparison = report.comparison
    ? `<h2>Change against the base report</h2><p>${usd(report.comparison.baseTotalMonthlyCost)} → ${usd(report.comparison.totalMonthlyCost)} (<b>${signedUsd(report.comparison.delta)}</b>)</p><table><tr><th>change</th><th>resource</th><th>base</th><th>now</th><th>delta</th></tr>${report.comparison.resources.map((r) => `<tr><td>${r.change}</td><td><code>${esc(r.type)}</code> ${esc(r.name)}</td><td class="n">${usd(r.base)}</td><td class="n">${usd(r.current)}</td><td class="n">${signedUsd(r.delta)}</td></tr>`).join('')}</table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Budget ${esc(report.stack)}</title>
<style>body{font-family:sans-serif;margin:2rem;max-width:1100px;color:#202124}table{border-collapse:collapse;margin:1rem 0;font-size:13px}td,th{border-bottom:1px solid #dadce0;padding:4px 8px;text-align:left}.n{text-align:right;font-variant-numeric:tabular-nums}tr.group th{background:#f1f3f4}.charts{display:flex;flex-wrap:wrap;gap:2rem}</style>
</head><body>
<h1>Budget: ${esc(report.stack)}</h1>
<p><b>${usd(report.totalMonthlyCost)} a month</b> in ${esc(report.region)}, USD list prices, ${report.freeTier ? 'free tiers applied' : 'without free tiers'}. Usage from ${esc(report.usageSources.join(', then '))}.</p>
<div class="charts">${barChart('By service (USD per month)', byService, 'by-service')}${barChart('By pipeline (USD per month)', byPipeline, 'by-pipeline')}${barChart('Sensitivity (USD per month)', sens, 'sensitivity')}</div>
${report.sensitivity.some((s) => s.capacityWarnings.length) ? `<p>The sensitivity assumes the functions scale; as synthesized they would not:</p><ul>${report.sensitivity.flatMap((s) => s.capacityWarnings.map((w) => `<li>at ${s.factor}×: ${esc(w)}</li>`)).join('')}</ul>` : ''}
${breakEven ? `<h2>Per-event functions or drains</h2><table><tr><th>pipeline</th><th>events/s</th><th>per-event</th><th>drain</th><th>cheaper</th><th>drain cheaper above (events/s)</th></tr>${breakEven}</table>` : ''}
${comparison}
<h2>Resources</h2><table><tr><th>resource</th><th>component</th><th>quantity</th><th>unit</th><th>price (USD)</th><th>monthly</th></tr>${rows.join('\n')}</table>
<h2>Free and not priced</h2><table><tr><th>type</th><th>count</th><th>status</th><th>why</th></tr>${free}</table>
<h2>Assumptions</h2><p>Where the pipelines declare nothing (override per resource with a usage file):</p><ul>${Object.entries(ASSUMPTIONS).map(([k, v]) => `<li><code>${esc(k)}</code>: ${esc(String(v))}</li>`).join('')}</ul>
${report.unverifiedPrices.length ? `<h2>Prices to re-check</h2><ul>${report.unverifiedPrices.map((id) => { const e = priceEntry(id); return `<li><code>${esc(id)}</code> ${e.usd} USD per ${esc(e.unit)} (${esc(e.source)}, read ${esc(e.read)})</li>`; }).join('')}</ul>` : ''}
</body></html>
`;
}
