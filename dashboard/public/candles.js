// OHLC candles on a <canvas>, for KPI tables with open/high/low/close per time bucket (stocks and
// crypto `ohlc_minute`, `ohlc_day`). One series: the rows whose series column equals the first
// value seen (or the one asked for), oldest left.

import { flatten, toMillis } from './api.js';

const TIME_KEYS = ['minute', 'hour', 'day', 'dt', 'event_time', 'timestamp'];
const SERIES_KEYS = ['symbol', 'tradingsymbol', 'instrument_token'];

/** The candles of `rows` if they have OHLC columns: `{ series, candles: [{ t, o, h, l, c }] }`. */
export function candlesOf(rows, wanted) {
  const flat = rows.map((r) => flatten(r));
  const first = flat[0];
  if (!first || !['open', 'high', 'low', 'close'].every((k) => k in first)) return undefined;
  const tKey = TIME_KEYS.find((k) => k in first);
  if (!tKey) return undefined;
  const sKey = SERIES_KEYS.find((k) => k in first);
  const series = sKey ? (wanted && flat.some((r) => String(r[sKey]) === String(wanted)) ? String(wanted) : String(first[sKey])) : undefined;
  const candles = flat
    .filter((r) => !sKey || String(r[sKey]) === series)
    .map((r) => ({ t: toMillis(r[tKey]), o: Number(r.open), h: Number(r.high), l: Number(r.low), c: Number(r.close) }))
    .filter((k) => Number.isFinite(k.t) && [k.o, k.h, k.l, k.c].every(Number.isFinite))
    .sort((a, b) => a.t - b.t);
  return candles.length ? { series, candles } : undefined;
}

/** Draws candles (green up, red down) fitted to the canvas. */
export function drawCandles(canvas, candles) {
  const ctx = canvas.getContext('2d');
  const dpr = globalThis.devicePixelRatio || 1;
  const w = canvas.clientWidth || 600, h = canvas.clientHeight || 200;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
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
