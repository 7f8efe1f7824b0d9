// The overview: per pipeline, events seen, the live rate (new distinct events per second between
// polls), the lag (now minus the newest event time) and whether the API answered.

import { flatten, getJson, rowsOf, toMillis, totalOf } from './api.js';
import { el } from './render.js';

const SAMPLE = 100;
/** Per pipeline: ids seen, count, time of the previous poll, last rate. */
const seen = new Map();

async function sample(p) {
  const entry = seen.get(p.id) ?? { ids: new Set(), count: 0, at: 0, rate: 0 };
  seen.set(p.id, entry);
  try {
    const body = await getJson(`api/${encodeURIComponent(p.id)}/events`, { limit: SAMPLE });
    const rows = rowsOf(body).map((r) => flatten(r));
    let fresh = 0;
    for (const r of rows) {
      const id = r.event_id ?? JSON.stringify(r);
      if (!entry.ids.has(id)) { entry.ids.add(id); fresh++; }
    }
    if (entry.ids.size > 100_000) entry.ids = new Set([...entry.ids].slice(-50_000));
    const now = Date.now();
    if (entry.at) entry.rate = fresh / ((now - entry.at) / 1000);
    entry.at = now;
    entry.count = totalOf(body) ?? entry.count + fresh;
    const newest = Math.max(...rows.map((r) => toMillis(r[p.timeField])).filter(Number.isFinite));
    return { p, ok: true, count: entry.count, rate: entry.rate, lagS: Number.isFinite(newest) ? Math.max(0, (now - newest) / 1000) : undefined };
  } catch (err) {
    return { p, ok: false, count: entry.count, rate: 0, error: err.message };
  }
}

/** Polls every pipeline once and fills the overview table. */
export async function renderOverview(table, pipelines) {
  const results = await Promise.all(pipelines.map(sample));
  const head = el('thead', {}, el('tr', {}, ['Pipeline', 'Events seen', 'Rate (events/s)', 'Lag (s)', 'API'].map((h) => el('th', { scope: 'col' }, h))));
  const body = el('tbody', {}, results.map((r) => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: `#/${r.p.id}` }, r.p.title)),
    el('td', { class: 'num' }, String(r.count)),
    el('td', { class: 'num' }, r.rate.toFixed(1)),
    el('td', { class: 'num' }, r.lagS === undefined ? '–' : r.lagS.toFixed(0)),
    el('td', { class: r.ok ? 'ok' : 'error' }, r.ok ? 'ok' : r.error),
  )));
  table.replaceChildren(el('caption', {}, 'Live state of each pipeline, polled every 2 s'), head, body);
}
