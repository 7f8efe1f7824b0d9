// Small multiples, one chart per series (a stock instrument, a crypto symbol): the series' values
// from the events, the LINEAR_REG model's predictions for the same series as a dashed line, and
// the per-series ARIMA_PLUS forecast as a band with its centre line. Which column names a series
// and which one is charted come from the models' definitions in `GET api/pipelines`: the series
// column is an ARIMA_PLUS model's `timeSeries.idCol`; the value is a LINEAR_REG model's `label`,
// else the ARIMA_PLUS `dataCol` when the events have that column. A pipeline with neither (taxi,
// retail, iot: its forecasts are of hourly aggregates, not of an event column) gets no panel.

import { flatten, forecastOverlays, toMillis } from './api.js';
import { TimeChart } from './chart.js';
import { el } from './render.js';

/** Series charted at most (the ones with the most events). */
export const MAX_SERIES = 8;
const REGRESSION = { color: '#6b3fb3', dash: [2, 2] };

/** `{ idCol, field, regression, forecast }` for pipeline `p` given its flattened rows, or undefined. */
export function seriesSpec(p, rows) {
  const sample = rows.slice(-200);
  const has = (col) => col && sample.some((r) => r[col] !== undefined && r[col] !== null);
  const forecast = p.models.find((m) => m.type === 'ARIMA_PLUS' && has(m.timeSeries?.idCol));
  if (!forecast) return undefined;
  const regression = p.models.find((m) => m.type === 'LINEAR_REG' && has(m.label));
  const field = regression?.label ?? (has(forecast.timeSeries.dataCol) ? forecast.timeSeries.dataCol : undefined);
  if (!field) return undefined;
  return { idCol: forecast.timeSeries.idCol, field, regression: regression?.name, forecast: forecast.name };
}

/** The regression's predictions of one series as a line overlay (ML.PREDICT: `predicted_<label>`). */
export function regressionOverlay(rows, { idCol, series, label, timeField }) {
  const pts = [];
  for (const raw of rows) {
    const r = flatten(raw);
    if (String(r[idCol]) !== String(series)) continue;
    const x = toMillis(r[timeField]);
    const y = Number(r[`predicted_${label}`] ?? r.predicted_value);
    if (Number.isFinite(x) && Number.isFinite(y)) pts.push([x, y]);
  }
  pts.sort((a, b) => a[0] - b[0]);
  return pts.length ? [{ kind: 'line', label: 'regression', xs: pts.map((q) => q[0]), ys: pts.map((q) => q[1]), ...REGRESSION }] : [];
}

/** Keeps one chart per series in `container` and redraws them from `rows` and the model outputs. */
export class SeriesPanel {
  constructor(container) {
    this.container = container;
    this.charts = new Map(); // series → { chart, caption }
    this.key = '';
  }

  reset() {
    this.charts.clear();
    this.key = '';
    this.container.replaceChildren();
  }

  /** Returns the number of series drawn. */
  update(p, rows, models) {
    const spec = seriesSpec(p, rows);
    if (!spec) { this.reset(); return 0; }
    const groups = new Map();
    for (const r of rows) {
      const id = r[spec.idCol];
      const x = toMillis(r[p.timeField]), y = r[spec.field];
      if (id === undefined || id === null || !Number.isFinite(x) || typeof y !== 'number') continue;
      let g = groups.get(String(id));
      if (!g) groups.set(String(id), (g = []));
      g.push([x, y]);
    }
    const ids = [...groups.keys()].sort((a, b) => groups.get(b).length - groups.get(a).length || a.localeCompare(b)).slice(0, MAX_SERIES).sort();
    const key = `${p.id}|${spec.idCol}|${spec.field}|${ids.join(',')}`;
    if (key !== this.key) this.build(p, spec, ids, key);
    const label = (id) => rows.find((r) => String(r[spec.idCol]) === id && r.tradingsymbol)?.tradingsymbol;
    for (const id of ids) {
      const pts = groups.get(id).sort((a, b) => a[0] - b[0]);
      const { chart, caption } = this.charts.get(id);
      chart.setData(pts.map((q) => q[0]), pts.map((q) => q[1]));
      const mine = (models.get(spec.forecast) ?? []).filter((r) => String(flatten(r)[spec.idCol]) === id); // none for a series the model has not seen
      const forecast = forecastOverlays(mine, { label: spec.forecast });
      const regression = spec.regression ? regressionOverlay(models.get(spec.regression) ?? [], { idCol: spec.idCol, series: id, label: spec.field, timeField: p.timeField }) : [];
      chart.setOverlays([...forecast, ...regression]);
      const name = label(id);
      caption.textContent = `${spec.idCol} ${id}${name ? ` (${name})` : ''}: ${pts.length} events, last ${spec.field} ${pts[pts.length - 1][1]}` +
        `${regression.length ? `, ${regression[0].xs.length} regression predictions` : ''}${forecast.length ? `, ${forecast[forecast.length - 1].xs.length}-step forecast` : ', no forecast yet'}`;
    }
    return ids.length;
  }

  build(p, spec, ids, key) {
    this.key = key;
    this.charts.clear();
    const legend = el('p', { class: 'hint legend' },
      el('span', { class: 'swatch line' }), ` ${spec.field} `,
      spec.regression ? [el('span', { class: 'swatch regression' }), ` ${spec.regression} (LINEAR_REG prediction) `] : null,
      el('span', { class: 'swatch band' }), ` ${spec.forecast} (ARIMA_PLUS forecast, 90% interval)`);
    const cells = ids.map((id) => {
      const domId = `series-caption-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const caption = el('span', { class: 'hint', id: domId });
      const canvas = el('canvas', { class: 'series', tabindex: 0, role: 'img', 'aria-label': `${spec.field} of ${spec.idCol} ${id} with its prediction and forecast; focus to zoom and pan`, 'aria-describedby': domId });
      this.charts.set(id, { chart: new TimeChart(canvas), caption });
      return el('figure', { class: 'series-cell', 'data-series': id }, canvas, el('figcaption', {}, caption));
    });
    this.container.replaceChildren(legend, el('div', { class: 'series-grid' }, cells));
  }
}
