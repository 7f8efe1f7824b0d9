// The Budget view: the latest `tributary budget --format json` report, from `GET api/budget`
// (the newest report in the API's budget directory), or a report file opened from disk. Charts:
// cost by service, by pipeline, the sensitivity to load, then the per-event against drain
// break-even per pipeline and the costliest resources. Every number is the report's own.

import { barChart, lineChart } from './bars.js';
import { getJson } from './api.js';
import { el, renderTable } from './render.js';

const usd = (v) => `$${Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const largest = (obj) => Object.entries(obj ?? {}).filter(([, v]) => Number(v) > 0).sort((a, b) => b[1] - a[1]);

/** Loads the latest report from the API; resolves to `{ file, modified, report }`. */
export const fetchBudget = (signal) => getJson('api/budget', {}, signal);

/** Fills `node` with a report (`source` says where it came from). */
export function renderBudget(node, report, source) {
  if (!report || report.schemaVersion !== 1 || typeof report.totalMonthlyCost !== 'number') {
    node.replaceChildren(el('p', { class: 'error' }, 'This is not a budget report (tributary budget --format json, schemaVersion 1).'));
    return;
  }
  const head = el('p', { class: 'budget-total' },
    el('strong', {}, `${usd(report.totalMonthlyCost)} a month`),
    ` for ${report.stack} in ${report.region}, ${report.currency} list prices, ${report.freeTier ? 'free tiers applied' : 'without free tiers'}. Usage from ${(report.usageSources ?? []).join(', then ') || 'the declared workloads'}. ${source}`);
  const charts = el('div', { class: 'charts' },
    barChart('Cost by service (USD per month)', largest(report.byService), { format: usd }),
    barChart('Cost by pipeline (USD per month)', largest(report.byPipeline), { format: usd }));
  const sens = (report.sensitivity ?? []).map((s) => [s.factor, s.totalMonthlyCost]);
  const compact = (v) => `$${Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(v)}`;
  if (sens.length) charts.append(lineChart('Monthly cost at multiples of the declared event rates', sens, { format: compact, tooltip: usd, xLabel: (x) => `${x}×` }));
  const warnings = (report.sensitivity ?? []).flatMap((s) => (s.capacityWarnings ?? []).map((w) => `${s.factor}×: ${w}`));

  const breakEven = el('table');
  renderTable(breakEven, (report.breakEven ?? []).map((b) => ({
    pipeline: b.pipeline, 'events/s': b.eventsPerSecond, 'per event': usd(b.perEventMonthlyCost), drain: usd(b.drainMonthlyCost), cheaper: b.cheaper,
    'break-even events/s': b.breakEvenEventsPerSecond === null ? 'never' : b.breakEvenEventsPerSecond,
  })), { caption: 'Enrich per event (push) against a drain (scheduled pull), USD per month', first: [] });
  const top = el('table');
  const resources = [...(report.resources ?? [])].filter((r) => r.monthlyCost > 0).sort((a, b) => b.monthlyCost - a.monthlyCost);
  renderTable(top, resources.slice(0, 25).map((r) => ({ resource: r.name, type: r.type, pipeline: r.pipeline ?? 'shared', service: r.service, 'USD/month': usd(r.monthlyCost) })), { caption: `The ${Math.min(25, resources.length)} costliest of ${report.resources?.length ?? 0} resources`, max: 25, first: [] });
  const notPriced = (report.resources ?? []).filter((r) => r.status === 'not-priced').length;

  node.replaceChildren(...[
    head,
    charts,
    warnings.length ? el('details', {}, el('summary', {}, `${warnings.length} capacity warnings at higher load`), el('ul', {}, warnings.map((w) => el('li', {}, w)))) : null,
    el('h3', {}, 'Per event or drain'),
    el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Break-even per pipeline' }, breakEven),
    el('h3', {}, 'Costliest resources'),
    el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Costliest resources' }, top),
    el('p', { class: 'hint' }, `${notPriced} resources not priced; ${(report.unverifiedPrices ?? []).length} catalog prices not checked against their page on the date read.`),
  ].filter(Boolean));
}
