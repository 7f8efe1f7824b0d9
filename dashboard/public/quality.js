// Data quality and stage health, from `GET api/<id>/quality` (valid events in silver against
// quarantined ones by rule) and `GET api/<id>/stages` (rows and newest time per warehouse table).
// Dead-lettered messages are quarantined with rule `dead_letter` by the lake drain; the API counts
// them apart. An API that does not report them gets "n/a", never a made-up number.

import { barChart } from './bars.js';
import { getJson } from './api.js';
import { el, renderTable } from './render.js';

const fmt = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const pct = (part, whole) => (whole > 0 ? `${((100 * part) / whole).toFixed(2)} %` : '–');

/** The quality report of pipeline `id`. */
export const fetchQuality = (id, signal) => getJson(`api/${encodeURIComponent(id)}/quality`, {}, signal);
/** The stage health of pipeline `id`. */
export const fetchStages = (id, signal) => getJson(`api/${encodeURIComponent(id)}/stages`, {}, signal);

/** "n/a" with the API's reason as a tooltip and screen-reader text. */
export function deadLetterCell(q) {
  if (q && typeof q.deadLettered === 'number') return el('span', {}, fmt(q.deadLettered));
  return el('abbr', { title: q?.deadLetterNote ?? 'not reported by the API' }, 'n/a');
}

/** Compact stage list for the overview: "bronze ✓ silver ✓ gold room_daily: empty …". */
export function stageList(stages) {
  const list = el('ul', { class: 'stages' });
  for (const s of stages?.stages ?? []) {
    const label = s.status === 'missing' ? `${s.stage} not built yet` : `${s.stage} ${s.status}`;
    const title = s.error ?? `${s.table}: ${fmt(s.rows ?? 0)} rows${s.newest ? `, newest ${s.newest}` : ''}`;
    list.append(el('li', { class: `stage ${s.status}`, title }, label));
  }
  return list;
}

/** Fills `node` with the quality report: totals, valid vs quarantined, quarantined by rule. */
export function renderQuality(node, q, stages) {
  const total = q.valid + q.quarantined;
  const summary = el('p', { class: 'quality-summary' },
    `${q.from} to ${q.to} (UTC days): `, el('strong', {}, fmt(q.valid)), ' valid, ', el('strong', {}, fmt(q.quarantined)),
    ` quarantined (${pct(q.quarantined, total)}), dead-lettered: `, deadLetterCell(q), '.');
  const split = barChart('Valid against quarantined events', [['valid (silver)', q.valid, '#137a3a'], ['quarantined', q.quarantined, '#a3001b']], { format: fmt });
  const byRule = q.rules.length
    ? barChart('Quarantined events by rule', q.rules.map((r) => [r.rule, r.count]), { format: fmt })
    : el('p', { class: 'hint' }, 'No event was quarantined in this range.');
  const table = el('table');
  renderTable(table, q.rules.map((r) => ({ rule: r.rule, events: r.count, share: pct(r.count, q.quarantined) })), { caption: `quarantine.${q.pipeline} by rule`, first: [] });
  const parts = [summary, el('div', { class: 'charts' }, split, byRule), el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Quarantined events by rule' }, table)];
  if (stages) parts.push(el('h4', {}, 'Stages'), stageList(stages));
  parts.push(el('p', { class: 'hint' }, q.deadLetterNote ?? ''));
  node.replaceChildren(...parts);
}
