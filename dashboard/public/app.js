// Tributary's live dashboard: one view per pipeline (hash routes `#/taxi`) and an overview.
// Every 2 s the view asks the API for the latest events with the filters set in the form; KPI
// tables and model outputs are refreshed every 30 s. The pipelines, their filter fields, KPIs
// and models all come from `GET api/pipelines`: the page keeps no list of its own.

import { centroidsOf, flatten, forecastOverlays, getJson, pipelinesOf, rowsOf, toMillis, totalOf } from './api.js';
import { ohlcBlock } from './candles.js';
import { TimeChart } from './chart.js';
import { drawMap } from './map.js';
import { fetchBudget, renderBudget } from './budget.js';
import { kpiBars } from './kpi-chart.js';
import { renderOverview } from './overview.js';
import { SeriesPanel } from './series.js';
import { fetchQuality, fetchStages, renderQuality } from './quality.js';
import { runSearch } from './search.js';
import { el, numericColumns, renderTable } from './render.js';

const POLL_MS = 2000;
const SLOW_MS = 30_000;
/** Least time between two quality reports when new events keep landing. */
const QUALITY_MS = 5000;
const PAGE = 200;
const KEEP_ROWS = 50_000;
/** Chart field picked first when a pipeline's rows have it. */
const PREFERRED = ['value', 'last_price', 'price', 'price_estimate', 'line_total'];

const $ = (id) => document.getElementById(id);
const state = {
  pipelines: [],
  current: null,
  rows: [], // flattened, newest last, at most KEEP_ROWS
  seen: new Set(),
  total: undefined,
  field: null,
  models: new Map(), // model name → rows
  candleSeries: new Map(), // `<pipeline>/<kpi>` → the series picked for its candles
  controller: null,
  timers: [],
};

const series = new SeriesPanel($('series'));
const chart = new TimeChart($('chart'), { onReadout: (text) => ($('chart-readout').textContent = text) });
/** Handle for the browser test and the bench (chart, state, and a way to poll at once). */
globalThis.tributary = { chart, series, state, poll: () => poll(), stop: () => stopTimers() };

function setStatus(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
}

function stopTimers() {
  for (const t of state.timers) clearInterval(t);
  state.timers = [];
  state.controller?.abort();
  state.controller = null;
}

/** Current query: time range and filter fields from the form. */
function queryParams() {
  const params = { limit: PAGE };
  const form = $('filters');
  for (const input of form.querySelectorAll('[data-param]')) {
    const v = input.value.trim();
    if (!v) continue;
    params[input.dataset.param] = input.type === 'datetime-local' ? new Date(v).toISOString() : v;
  }
  return params;
}

function buildFilters(p) {
  const form = $('filters');
  form.replaceChildren();
  const field = (name, label, attrs) => {
    const id = `filter-${name}`;
    return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, name, 'data-param': name, ...attrs }));
  };
  form.append(field('from', 'From', { type: 'datetime-local', step: 1 }), field('to', 'To', { type: 'datetime-local', step: 1 }));
  for (const f of p.filterFields) {
    form.append(field(f, f.replace(/_/g, ' '), { type: 'search', list: `values-${f}`, autocomplete: 'off', placeholder: 'any' }));
    form.append(el('datalist', { id: `values-${f}` }));
  }
  form.append(el('div', { class: 'field actions' }, el('button', { type: 'reset' }, 'Clear filters')));
}

function onFiltersChanged() {
  state.seen = new Set();
  state.seenOffset = 0;
  state.rows = [];
  state.total = undefined;
  chart.clear();
  updateOverlay();
  poll();
}

/** Values seen per filter field, offered as suggestions in the inputs. */
function updateSuggestions(p, rows) {
  for (const f of p.filterFields) {
    const list = $(`values-${f}`);
    if (!list) continue;
    const have = new Set([...list.options].map((o) => o.value));
    for (const r of rows) {
      const v = r[f];
      if (v === undefined || v === null || have.has(String(v)) || have.size >= 200) continue;
      have.add(String(v));
      list.append(el('option', { value: String(v) }));
    }
  }
}

function chartPoints(rows, field, timeField) {
  const pts = [];
  for (const r of rows) {
    const x = toMillis(r[timeField]), y = r[field];
    if (Number.isFinite(x) && typeof y === 'number') pts.push([x, y]);
  }
  return pts;
}

function updateFieldChoices(p) {
  const select = $('chart-field');
  const cols = numericColumns(state.rows.slice(-500));
  if (!cols.length) return;
  const current = [...select.options].map((o) => o.value);
  if (current.join() !== cols.join()) select.replaceChildren(...cols.map((c) => el('option', { value: c }, c)));
  if (!state.field || !cols.includes(state.field)) {
    state.field = PREFERRED.find((c) => cols.includes(c)) ?? cols[0];
    chart.clear();
    chart.append(chartPoints(state.rows, state.field, p.timeField));
    updateOverlay();
  }
  select.value = state.field;
}

async function poll() {
  const p = state.current;
  if (!p) return;
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  let body;
  try {
    body = await getJson(`api/${encodeURIComponent(p.id)}/events`, queryParams(), controller.signal);
  } catch (err) {
    if (controller.signal.aborted) return;
    setStatus(`Could not load ${p.id} events: ${err.message}`, true);
    return;
  }
  if (controller.signal.aborted || state.current !== p) return;
  const rows = rowsOf(body).map((r) => flatten(r));
  const fresh = [];
  for (const r of rows) {
    const id = r.event_id ?? JSON.stringify(r);
    if (state.seen.has(id)) continue;
    state.seen.add(id);
    fresh.push(r);
  }
  if (state.seen.size > 4 * KEEP_ROWS) {
    // keep memory bounded in a long session: remember the ids of the rows still held, and
    // carry the count on in an offset so the counter does not jump back
    state.seenOffset = (state.seenOffset ?? 0) + state.seen.size - state.rows.length;
    state.seen = new Set(state.rows.map((r) => r.event_id ?? JSON.stringify(r)));
  }
  fresh.sort((a, b) => toMillis(a[p.timeField]) - toMillis(b[p.timeField]));
  state.rows.push(...fresh);
  if (state.rows.length > KEEP_ROWS) state.rows.splice(0, state.rows.length - KEEP_ROWS);
  state.total = totalOf(body);
  $('counter').textContent = String(state.total ?? state.seen.size + (state.seenOffset ?? 0)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  $('counter-basis').textContent = state.total === undefined ? 'distinct events received since this view opened' : 'events matching the filters';
  renderTable($('rows'), rows, { caption: `Latest ${Math.min(rows.length, 50)} of ${rows.length} events returned`, first: [p.timeField, 'event_id'] });
  updateSuggestions(p, rows);
  updateFieldChoices(p);
  if (state.field) chart.append(chartPoints(fresh, state.field, p.timeField));
  updateMap(rows);
  updateSeries();
  // new events landed: the quality report is stale too (at most every QUALITY_MS, not every poll)
  if (fresh.length && Date.now() - (state.qualityAt ?? 0) > QUALITY_MS) loadQuality(p);
  setStatus(`Updated ${new Date().toLocaleTimeString()} · ${rows.length} rows`);
}

/** Per-series charts (stocks instruments, crypto symbols) with their model outputs. */
function updateSeries() {
  const p = state.current;
  if (!p) return;
  $('series-section').hidden = series.update(p, state.rows, state.models) === 0;
}

function updateMap(rows) {
  const pairs = (prefix) => rows.map((r) => [Number(r[`${prefix}.lat`]), Number(r[`${prefix}.lon`])]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const client = pairs('client'), taxi = pairs('taxi');
  const centroid = [...state.models.values()].flatMap((m) => centroidsOf(m));
  const section = $('map-section');
  section.hidden = !client.length && !taxi.length && !centroid.length;
  if (!section.hidden) drawMap($('map'), { client, taxi, centroid });
}

/** Filter field → value, for the fields set in the form. */
function filterValues() {
  return Object.fromEntries([...$('filters').querySelectorAll('input[type=search]')].map((i) => [i.name, i.value.trim()]).filter(([, v]) => v));
}

/** The first filter value set (a room, a symbol…): the series forecasts and candles follow. */
function currentSeries() {
  return [...$('filters').querySelectorAll('input[type=search]')].map((i) => i.value.trim()).find(Boolean);
}

function updateOverlay() {
  const name = $('overlay').value;
  const rows = name ? state.models.get(name) ?? [] : [];
  const series = currentSeries();
  chart.setOverlays(rows.length ? forecastOverlays(rows, { series, label: name }) : []);
}

async function loadSide(p) {
  const kpis = $('kpis'), models = $('models');
  const section = (title, description) => {
    const table = el('table');
    const node = el('section', { class: 'side' }, el('h4', {}, title), description ? el('p', { class: 'hint' }, description) : null, el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': title }, table));
    return { node, table };
  };
  const load = async (kind, item) => {
    try {
      const body = await getJson(`api/${encodeURIComponent(p.id)}/${kind}/${encodeURIComponent(item.name)}`);
      return { rows: rowsOf(body), notBuilt: body?.built === false ? body.message ?? 'not built yet' : undefined };
    } catch (err) {
      return { error: err.message };
    }
  };
  loadQuality(p);
  const kpiResults = await Promise.all(p.kpis.map((k) => load('kpis', k)));
  const modelResults = await Promise.all(p.models.map((m) => load('models', m)));
  if (state.current !== p) return;
  kpis.replaceChildren(...p.kpis.map((k, i) => {
    const { node, table } = section(k.name, k.description);
    if (kpiResults[i].error) table.replaceWith(el('p', { class: 'error' }, kpiResults[i].error));
    else if (kpiResults[i].notBuilt) table.replaceWith(el('p', { class: 'hint not-built' }, kpiResults[i].notBuilt));
    else {
      renderTable(table, kpiResults[i].rows, { caption: `gold.${p.id}_${k.name}`, max: 25, first: [] });
      const block = ohlcBlock({ pipeline: p.id, kpi: k.name, rows: kpiResults[i].rows, chosen: state.candleSeries, wanted: currentSeries() });
      if (block) node.insertBefore(block, node.lastChild);
      const bars = block ? undefined : kpiBars(kpiResults[i].rows, filterValues());
      if (bars) node.insertBefore(el('figure', { class: 'kpi-chart' }, bars.svg, el('figcaption', { class: 'hint' }, `${bars.title}; the table below has every column`)), node.lastChild);
    }
    return node;
  }));
  if (!p.kpis.length) kpis.replaceChildren(el('p', {}, 'This pipeline declares no KPIs.'));
  const overlay = $('overlay');
  const chosen = overlay.value;
  overlay.replaceChildren(el('option', { value: '' }, 'none'));
  models.replaceChildren(...p.models.map((m, i) => {
    const { node, table } = section(`${m.name}${m.type ? ` (${m.type})` : ''}`, m.description);
    if (modelResults[i].error) table.replaceWith(el('p', { class: 'error' }, modelResults[i].error));
    else if (modelResults[i].notBuilt) table.replaceWith(el('p', { class: 'hint not-built' }, modelResults[i].notBuilt));
    else {
      state.models.set(m.name, modelResults[i].rows);
      renderTable(table, modelResults[i].rows, { caption: `ml.${p.id}_${m.name}`, max: 25, first: [] });
      if (forecastOverlays(modelResults[i].rows).length) overlay.append(el('option', { value: m.name }, m.name));
    }
    return node;
  }));
  if (!p.models.length) models.replaceChildren(el('p', {}, 'This pipeline declares no models.'));
  overlay.value = [...overlay.options].some((o) => o.value === chosen) ? chosen : '';
  overlay.closest('.field').hidden = overlay.options.length < 2;
  updateOverlay();
  updateMap(state.rows.slice(-PAGE));
  updateSeries();
}

async function loadQuality(p) {
  state.qualityAt = Date.now();
  const node = $('quality');
  const [q, s] = await Promise.allSettled([fetchQuality(p.id), fetchStages(p.id)]);
  if (state.current !== p) return;
  if (q.status === 'rejected') node.replaceChildren(el('p', { class: 'error' }, q.reason.message));
  else renderQuality(node, q.value, s.status === 'fulfilled' ? s.value : undefined);
}

function onSearch(e) {
  e.preventDefault();
  const p = state.current;
  if (!p) return;
  state.searchAbort?.abort();
  state.searchAbort = new AbortController();
  runSearch(p.id, $('search-q').value.trim(), $('search-results'), $('search-summary'), state.searchAbort.signal);
}

function showPipeline(p) {
  state.current = p;
  $('budget').hidden = true;
  state.rows = []; state.seen = new Set(); state.seenOffset = 0; state.total = undefined; state.field = null; state.models = new Map(); state.candleSeries = new Map(); state.qualityAt = 0;
  $('overview').hidden = true;
  $('pipeline').hidden = false;
  $('pipeline-title').textContent = p.title;
  $('pipeline-description').textContent = p.description;
  $('counter').textContent = '0';
  $('chart-field').replaceChildren();
  $('overlay').replaceChildren(el('option', { value: '' }, 'none'));
  $('kpis').replaceChildren(el('p', {}, 'Loading…'));
  $('models').replaceChildren(el('p', {}, 'Loading…'));
  $('quality').replaceChildren(el('p', {}, 'Loading…'));
  $('search-q').value = '';
  $('search-summary').textContent = '';
  $('search-results').replaceChildren();
  chart.clear();
  series.reset();
  $('series-section').hidden = true;
  buildFilters(p);
  poll();
  loadSide(p);
  state.timers.push(setInterval(poll, POLL_MS), setInterval(() => loadSide(p), SLOW_MS));
}

async function showBudget() {
  $('overview').hidden = true;
  $('budget').hidden = false;
  const node = $('budget-report');
  node.replaceChildren(el('p', {}, 'Loading…'));
  try {
    const { file, modified, report, message } = await fetchBudget();
    if (!report) {
      // no report where the API looks: say how to write one; a file can still be opened
      node.replaceChildren(el('p', { class: 'hint no-report' }, message ?? 'The API has no budget report.'));
      setStatus('No budget report from the API');
      return;
    }
    renderBudget(node, report, `Report ${file}, written ${new Date(modified).toLocaleString()}.`);
    setStatus(`Budget report ${file}`);
  } catch (err) {
    node.replaceChildren(el('p', { class: 'error' }, `Could not load the budget report: ${err.message}`));
    setStatus(err.message, true);
  }
}

function onBudgetFile(e) {
  const file = e.target.files?.[0];
  if (!file) return;
  file.text().then((text) => {
    let report;
    try { report = JSON.parse(text); } catch (err) { $('budget-report').replaceChildren(el('p', { class: 'error' }, `${file.name} is not JSON: ${err.message}`)); return; }
    renderBudget($('budget-report'), report, `Opened from ${file.name}.`);
  });
}

function route() {
  stopTimers();
  const id = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const p = state.pipelines.find((x) => x.id === id);
  for (const a of document.querySelectorAll('#tabs a')) {
    if (a.dataset.id === (p ? p.id : id === 'budget' ? 'budget' : 'overview')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (p) return showPipeline(p);
  state.current = null;
  $('pipeline').hidden = true;
  if (id === 'budget') return showBudget();
  $('budget').hidden = true;
  $('overview').hidden = false;
  const tick = () => renderOverview($('overview-table'), state.pipelines).then(() => setStatus(`Updated ${new Date().toLocaleTimeString()}`), (err) => setStatus(err.message, true));
  tick();
  state.timers.push(setInterval(tick, POLL_MS));
}

async function init() {
  try {
    state.pipelines = pipelinesOf(await getJson('api/pipelines'));
  } catch (err) {
    setStatus(`Could not load the pipelines: ${err.message}`, true);
    return;
  }
  const tabs = $('tabs');
  tabs.replaceChildren(
    el('li', {}, el('a', { href: '#/overview', 'data-id': 'overview' }, 'Overview')),
    ...state.pipelines.map((p) => el('li', {}, el('a', { href: `#/${p.id}`, 'data-id': p.id }, p.title))),
    el('li', {}, el('a', { href: '#/budget', 'data-id': 'budget' }, 'Budget')),
  );
  $('budget-file').addEventListener('change', onBudgetFile);
  $('search-form').addEventListener('submit', onSearch);
  const form = $('filters');
  let debounce = 0;
  form.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(onFiltersChanged, 300); });
  form.addEventListener('change', () => { clearTimeout(debounce); onFiltersChanged(); });
  form.addEventListener('reset', () => setTimeout(onFiltersChanged, 0));
  form.addEventListener('submit', (e) => { e.preventDefault(); onFiltersChanged(); });
  $('chart-field').addEventListener('change', (e) => {
    state.field = e.target.value;
    chart.clear();
    chart.append(chartPoints(state.rows, state.field, state.current.timeField));
    updateOverlay();
  });
  $('overlay').addEventListener('change', updateOverlay);
  window.addEventListener('hashchange', route);
  route();
}

init();
