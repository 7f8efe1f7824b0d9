// OHLC candles on a <canvas>, for KPI tables with open/high/low/close per time bucket (stocks and
// crypto `ohlc_minute`, `ohlc_day`), with the bucket's volume as bars under them when the table
// has one; volume bars alone for tables with a volume but no OHLC (crypto `daily_volume_trend`).
// One series: the rows whose series column equals the one asked for (else the first seen),
// oldest left.

import { flatten, toMillis } from './api.js';
import { el } from './render.js';

const TIME_KEYS = ['minute', 'hour', 'day', 'dt', 'event_time', 'timestamp'];
const SERIES_KEYS = ['symbol', 'tradingsymbol', 'instrument_token'];

/** Series column, time column and the series values of KPI rows (flattened). */
function seriesOf(flat, wanted) {
  const first = flat[0];
  const tKey = first && TIME_KEYS.find((k) => k in first);
  if (!tKey) return undefined;
  const sKey = SERIES_KEYS.find((k) => k in first);
  const all = sKey ? [...new Set(flat.map((r) => String(r[sKey])))].sort() : [];
  const series = sKey ? (wanted !== undefined && all.includes(String(wanted)) ? String(wanted) : all[0]) : undefined;
  return { tKey, sKey, series, all };
}

/**
 * The candles of `rows` if they have OHLC columns: `{ series, all, candles: [{ t, o, h, l, c, v }] }`
 * (`v`: the bucket's volume when the table has one; `all`: every series value, for a picker).
 */
export function candlesOf(rows, wanted) {
  const flat = rows.map((r) => flatten(r));
  if (!flat[0] || !['open', 'high', 'low', 'close'].every((k) => k in flat[0])) return undefined;
  const s = seriesOf(flat, wanted);
  if (!s) return undefined;
  const candles = flat
    .filter((r) => !s.sKey || String(r[s.sKey]) === s.series)
    .map((r) => ({ t: toMillis(r[s.tKey]), o: Number(r.open), h: Number(r.high), l: Number(r.low), c: Number(r.close), v: r.volume === undefined || r.volume === null ? NaN : Number(r.volume) }))
    .filter((k) => Number.isFinite(k.t) && [k.o, k.h, k.l, k.c].every(Number.isFinite))
    .sort((a, b) => a.t - b.t);
  return candles.length ? { series: s.series, all: s.all, candles } : undefined;
}

/** Volume bars of rows with a `volume` but no OHLC: `{ series, all, bars: [{ t, v }] }`. */
export function volumeOf(rows, wanted) {
  const flat = rows.map((r) => flatten(r));
  if (!flat[0] || !('volume' in flat[0]) || 'open' in flat[0]) return undefined;
  const s = seriesOf(flat, wanted);
  if (!s) return undefined;
  const bars = flat
    .filter((r) => !s.sKey || String(r[s.sKey]) === s.series)
    .map((r) => ({ t: toMillis(r[s.tKey]), v: Number(r.volume) }))
    .filter((b) => Number.isFinite(b.t) && Number.isFinite(b.v))
    .sort((a, b) => a.t - b.t);
  return bars.length ? { series: s.series, all: s.all, bars } : undefined;
}

/** Draws volume bars fitted to the canvas, labelled with the largest volume. */
export function drawVolume(canvas, bars) {
  const { ctx, w, h } = prepare(canvas);
  volumeBars(ctx, bars, { l: 56, r: 8, top: 8, bottom: h - 8, w });
}

function prepare(canvas) {
  const ctx = canvas.getContext('2d');
  const dpr = globalThis.devicePixelRatio || 1;
  const w = canvas.clientWidth || 600, h = canvas.clientHeight || 200;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

function volumeBars(ctx, bars, { l, r, top, bottom, w }) {
  const max = Math.max(...bars.map((b) => b.v), 0);
  if (!(max > 0)) return;
  const step = (w - l - r) / bars.length;
  const width = Math.max(1, Math.min(12, step * 0.7));
  ctx.fillStyle = 'rgba(75, 85, 99, 0.55)';
  bars.forEach((b, i) => {
    const bh = ((bottom - top) * b.v) / max;
    ctx.fillRect(l + step * (i + 0.5) - width / 2, bottom - bh, width, bh);
  });
  ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = '#30353b'; ctx.textAlign = 'right'; ctx.textBaseline = 'top';
  ctx.fillText(`vol ${Intl.NumberFormat('en', { notation: 'compact' }).format(max)}`, l - 6, top);
}

/** Draws candles (green up, red down) fitted to the canvas, with volume bars under them when known. */
export function drawCandles(canvas, candles) {
  const { ctx, w, h: full } = prepare(canvas);
  const withVolume = candles.some((k) => Number.isFinite(k.v) && k.v > 0);
  const h = withVolume ? Math.round(full * 0.72) : full;
  if (withVolume) volumeBars(ctx, candles.map((k) => ({ t: k.t, v: Number.isFinite(k.v) ? k.v : 0 })), { l: 56, r: 8, top: h + 4, bottom: full - 4, w });
  const pad = { l: 56, r: 8, t: 8, b: 8 };
  const lo = Math.min(...candles.map((k) => k.l)), hi = Math.max(...candles.map((k) => k.h));
  const span = hi - lo || 1;
  const y = (v) => pad.t + (h - pad.t - pad.b) * (1 - (v - lo) / span);
  const step = (w - pad.l - pad.r) / candles.length;
  const body = Math.max(1, Math.min(12, step * 0.7));
  ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = '#30353b'; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  ctx.fillText(String(+hi.toPrecision(6)), pad.l - 6, y(hi));
  ctx.fillText(String(+lo.toPrecision(6)), pad.l - 6, y(lo));
  candles.forEach((k, i) => {
    const x = pad.l + step * (i + 0.5);
    const color = k.c >= k.o ? '#137a3a' : '#b00020';
    ctx.strokeStyle = color; ctx.fillStyle = color;
    ctx.beginPath(); ctx.moveTo(Math.round(x) + 0.5, y(k.h)); ctx.lineTo(Math.round(x) + 0.5, y(k.l)); ctx.stroke();
    const top = y(Math.max(k.o, k.c)), bottom = y(Math.min(k.o, k.c));
    ctx.fillRect(x - body / 2, top, body, Math.max(1, bottom - top));
  });
}

/**
 * Candles (with volume bars when the table has a volume) or volume bars alone, for a KPI table
 * shaped for them, with a labelled picker of the series (symbol, instrument). The choice is kept
 * in `chosen` (`<pipeline>/<kpi>` → series) across refreshes; `wanted` (a symbol or instrument
 * filter) picks the series first. Undefined when the table is not shaped for either.
 */
export function ohlcBlock({ pipeline, kpi, rows, chosen, wanted }) {
  const key = `${pipeline}/${kpi}`;
  const pick = (w) => candlesOf(rows, w) ?? volumeOf(rows, w);
  let shown = pick(chosen.get(key) ?? wanted);
  if (!shown) return undefined;
  const kind = shown.candles ? 'OHLC candles' : 'Volume';
  const id = `series-${pipeline}-${kpi}`;
  const canvas = el('canvas', { class: 'candles', role: 'img' });
  const hint = el('p', { class: 'hint' });
  const draw = () => {
    canvas.setAttribute('aria-label', `${kind} of ${shown.series ?? pipeline} from ${kpi}`);
    const n = shown.candles ? shown.candles.length : shown.bars.length;
    const vol = shown.candles?.some((c) => Number.isFinite(c.v)) ? ' with volume bars under them' : '';
    hint.textContent = `${kind}: ${shown.series ?? pipeline}, ${n} buckets${vol}`;
    requestAnimationFrame(() => (shown.candles ? drawCandles(canvas, shown.candles) : drawVolume(canvas, shown.bars)));
  };
  const parts = [];
  if (shown.all.length > 1) {
    const select = el('select', { id, onchange: (e) => { chosen.set(key, e.target.value); shown = pick(e.target.value); draw(); } },
      shown.all.map((v) => el('option', { value: v, selected: v === shown.series }, v)));
    parts.push(el('div', { class: 'field inline' }, el('label', { for: id }, `${kind}: series`), select));
  }
  parts.push(hint, canvas);
  draw();
  return el('div', { class: 'ohlc' }, parts);
}
