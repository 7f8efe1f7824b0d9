// The overview: per pipeline, events seen, the live rate (new distinct events per second between
// polls), the lag (now minus the newest event time), whether the API answered, what the search
// index holds (Elasticsearch, seconds behind enrich), and (refreshed every SLOW_MS) quarantined
// and dead-lettered counts and the health of each warehouse stage.

import { flatten, getJson, rowsOf, toMillis, totalOf } from './api.js';
import { deadLetterCell, fetchQuality, fetchStages, stageList } from './quality.js';
import { el } from './render.js';
import { fetchLive } from './search.js';

const SLOW_MS = 15_000;
/** Per pipeline: the last quality and stages answers and when they were asked. */
const slow = new Map();

async function sampleSlow(p) {
  const entry = slow.get(p.id) ?? { at: 0 };
  slow.set(p.id, entry);
  if (Date.now() - entry.at < SLOW_MS) return entry;
  entry.at = Date.now();
  const [q, s] = await Promise.allSettled([fetchQuality(p.id), fetchStages(p.id)]);
  entry.quality = q.status === 'fulfilled' ? q.value : { error: q.reason.message };
  entry.stages = s.status === 'fulfilled' ? s.value : { error: s.reason.message };
  return entry;
}

const SAMPLE = 100;
/** Per pipeline: ids seen, count, time of the previous poll, last rate. */
const seen = new Map();

async function sample(p) {
  const entry = seen.get(p.id) ?? { ids: new Set(), count: 0, at: 0, rate: 0 };
  seen.set(p.id, entry);
  const live = fetchLive(p.id).catch((err) => ({ error: err.message }));
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
    return { p, ok: true, count: entry.count, rate: entry.rate, lagS: Number.isFinite(newest) ? Math.max(0, (now - newest) / 1000) : undefined, live: await live };
  } catch (err) {
    return { p, ok: false, count: entry.count, rate: 0, error: err.message, live: await live };
  }
}

/** Polls every pipeline once and fills the overview table. */
export async function renderOverview(table, pipelines) {
  const [results, slows] = await Promise.all([Promise.all(pipelines.map(sample)), Promise.all(pipelines.map(sampleSlow))]);
  const head = el('thead', {}, el('tr', {}, ['Pipeline', 'Events seen', 'Rate (events/s)', 'Lag (s)', 'API', 'Indexed (search)', 'Valid (silver)', 'Quarantined', 'Dead-lettered', 'Stages'].map((h) => el('th', { scope: 'col' }, h))));
  const body = el('tbody', {}, results.map((r, i) => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: `#/${r.p.id}` }, r.p.title)),
    el('td', { class: 'num' }, String(r.count)),
    el('td', { class: 'num' }, r.rate.toFixed(1)),
    el('td', { class: 'num' }, r.lagS === undefined ? '–' : r.lagS.toFixed(0)),
    el('td', { class: r.ok ? 'ok' : 'error' }, r.ok ? 'ok' : r.error),
    r.live?.error
      ? el('td', { class: 'error' }, r.live.error)
      : el('td', { class: 'num', title: r.live?.newest ? `newest indexed event ${r.live.newest}` : undefined }, r.live ? String(r.live.indexed) : '…'),
    el('td', { class: 'num' }, slows[i].quality && !slows[i].quality.error ? String(slows[i].quality.valid) : '…'),
    slows[i].quality?.error
      ? el('td', { class: 'error' }, slows[i].quality.error)
      : el('td', { class: 'num', title: slows[i].quality ? `${slows[i].quality.from} to ${slows[i].quality.to}, of ${slows[i].quality.valid + slows[i].quality.quarantined} events` : undefined }, slows[i].quality ? String(slows[i].quality.quarantined) : '…'),
    el('td', { class: 'num' }, slows[i].quality ? deadLetterCell(slows[i].quality) : '…'),
    slows[i].stages?.error ? el('td', { class: 'error' }, slows[i].stages.error) : el('td', {}, slows[i].stages ? stageList(slows[i].stages) : '…'),
  )));
  table.replaceChildren(el('caption', {}, `Live state of each pipeline, polled every 2 s (events seen: by this page, 100 per poll); valid and quarantined (last 7 days) and stages every ${SLOW_MS / 1000} s. Indexed: documents in the search index. Dead-lettered: quarantined with rule dead_letter.`), head, body);
}
