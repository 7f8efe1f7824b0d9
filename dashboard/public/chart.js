// Time-series chart on a <canvas>, fast with many points: the visible range is reduced to one
// min/max pair per pixel column (plus the first and last value, so lines join up), which keeps a
// redraw proportional to the canvas width once the columns are computed; hovering only redraws
// from the cached columns. Zoom with the wheel or + / -, pan by dragging or with the arrow keys,
// 0 or a double click resets. Overlays: extra lines (predictions) and bands (forecast intervals).

const PAD = { left: 56, right: 12, top: 12, bottom: 28 };
const COLORS = { line: '#1f5fbf', band: 'rgba(214, 110, 20, 0.22)', overlay: '#b35900', grid: '#d0d4da', text: '#30353b', cross: '#6b7280' };

/** Index of the first element of sorted `xs` that is >= x. */
export function lowerBound(xs, x, n = xs.length) {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Min/max decimation: for each of `width` columns over [x0, x1], the min, max, first and last y
 * of the points falling in it (NaN where a column is empty). O(points in range).
 */
export function decimate(xs, ys, n, x0, x1, width) {
  const min = new Float64Array(width).fill(NaN), max = new Float64Array(width).fill(NaN);
  const first = new Float64Array(width).fill(NaN), last = new Float64Array(width).fill(NaN);
  const start = Math.max(0, lowerBound(xs, x0, n) - 1), end = Math.min(n, lowerBound(xs, x1, n) + 1);
  const scale = width / (x1 - x0 || 1);
  for (let i = start; i < end; i++) {
    let c = Math.floor((xs[i] - x0) * scale);
    if (c < 0) c = 0; else if (c >= width) c = width - 1;
    const y = ys[i];
    if (Number.isNaN(y)) continue;
    if (Number.isNaN(first[c])) { first[c] = y; min[c] = y; max[c] = y; }
    else { if (y < min[c]) min[c] = y; if (y > max[c]) max[c] = y; }
    last[c] = y;
  }
  return { min, max, first, last, points: end - start };
}

function niceTicks(lo, hi, count) {
  const span = hi - lo || Math.abs(hi) || 1;
  const step0 = span / count, mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(t);
  return ticks;
}

function formatTime(ms, span) {
  const d = new Date(ms);
  const iso = d.toISOString();
  return span > 2 * 86_400_000 ? iso.slice(5, 10) : span > 120_000 ? iso.slice(11, 16) : iso.slice(11, 19);
}

/** A zoomable line chart of one series (sorted by x, x in epoch milliseconds). */
export class TimeChart {
  constructor(canvas, { onReadout } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.onReadout = onReadout ?? (() => {});
    this.xs = new Float64Array(1024); this.ys = new Float64Array(1024); this.n = 0;
    this.overlays = [];
    this.view = null; // [x0, x1] or null for the full extent
    this.hoverX = null;
    this.cache = null;
    this.frame = 0;
    /** Milliseconds of the last draw, split into decimation and painting (read by the bench). */
    this.stats = { drawMs: 0, decimateMs: 0, points: 0 };
    this.bind();
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.invalidate()).observe(canvas);
  }

  /** Replaces the series. `xs` must be sorted ascending. */
  setData(xs, ys) {
    this.xs = Float64Array.from(xs); this.ys = Float64Array.from(ys); this.n = this.xs.length;
    this.invalidate();
  }

  /** Adds points (any order); keeps the series sorted and at most `cap` points (oldest dropped). */
  append(points, cap = 200_000) {
    if (!points.length) return;
    const need = this.n + points.length;
    if (need > this.xs.length) {
      const size = Math.max(need, this.xs.length * 2);
      const xs = new Float64Array(size), ys = new Float64Array(size);
      xs.set(this.xs.subarray(0, this.n)); ys.set(this.ys.subarray(0, this.n));
      this.xs = xs; this.ys = ys;
    }
    let sorted = true;
    for (const [x, y] of points) {
      if (this.n && x < this.xs[this.n - 1]) sorted = false;
      this.xs[this.n] = x; this.ys[this.n] = y; this.n++;
    }
    if (!sorted) {
      const order = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.xs[a] - this.xs[b]);
      const xs = order.map((i) => this.xs[i]), ys = order.map((i) => this.ys[i]);
      this.xs.set(xs); this.ys.set(ys);
    }
    if (this.n > cap) {
      const drop = this.n - cap;
      this.xs.copyWithin(0, drop, this.n); this.ys.copyWithin(0, drop, this.n); this.n = cap;
    }
    this.invalidate();
  }

  clear() { this.n = 0; this.view = null; this.overlays = []; this.invalidate(); }

  /** Lines `{ kind: 'line', xs, ys, label, color?, dash? }` and bands `{ kind: 'band', xs, lo, hi, label, color? }`. */
  setOverlays(overlays) { this.overlays = overlays; this.invalidate(); }

  get size() { return this.n; }

  /** The x range shown: the zoomed view, or the data (and overlays) extent. */
  extent() {
    if (this.view) return this.view;
    let lo = Infinity, hi = -Infinity;
    if (this.n) { lo = this.xs[0]; hi = this.xs[this.n - 1]; }
    for (const o of this.overlays) if (o.xs.length) { lo = Math.min(lo, o.xs[0]); hi = Math.max(hi, o.xs[o.xs.length - 1]); }
    if (!Number.isFinite(lo)) return [Date.now() - 60_000, Date.now()];
    return lo === hi ? [lo - 1000, hi + 1000] : [lo, hi];
  }

  /** Recompute columns and redraw on the next frame. */
  invalidate() { this.cache = null; this.schedule(); }

  schedule() {
    if (this.frame) return;
    const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f) => setTimeout(f, 16);
    this.frame = raf(() => { this.frame = 0; this.draw(); });
  }

  /** Draws now (synchronously) and returns the time it took in milliseconds. */
  draw() {
    const t0 = performance.now();
    const { canvas, ctx } = this;
    const dpr = globalThis.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || 600, cssH = canvas.clientHeight || 240;
    if (canvas.width !== Math.round(cssW * dpr) || canvas.height !== Math.round(cssH * dpr)) {
      canvas.width = Math.round(cssW * dpr); canvas.height = Math.round(cssH * dpr); this.cache = null;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const w = Math.max(1, Math.floor(cssW - PAD.left - PAD.right)), h = Math.max(1, cssH - PAD.top - PAD.bottom);
    const [x0, x1] = this.extent();
    if (!this.cache || this.cache.w !== w || this.cache.x0 !== x0 || this.cache.x1 !== x1) {
      const td = performance.now();
      const cols = decimate(this.xs, this.ys, this.n, x0, x1, w);
      let lo = Infinity, hi = -Infinity;
      for (let c = 0; c < w; c++) if (!Number.isNaN(cols.min[c])) { lo = Math.min(lo, cols.min[c]); hi = Math.max(hi, cols.max[c]); }
      for (const o of this.overlays) for (const arr of o.kind === 'band' ? [o.lo, o.hi] : [o.ys]) for (const v of arr) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
      if (lo === hi) { lo -= 1; hi += 1; }
      const pad = (hi - lo) * 0.05;
      this.cache = { w, x0, x1, cols, y0: lo - pad, y1: hi + pad };
      this.stats.decimateMs = performance.now() - td;
      this.stats.points = cols.points;
    }
    const { cols, y0, y1 } = this.cache;
    const px = (x) => PAD.left + ((x - x0) / (x1 - x0)) * w;
    const py = (y) => PAD.top + h - ((y - y0) / (y1 - y0)) * h;
    this.drawAxes({ ctx, w, h, x0, x1, y0, y1, px, py });
    ctx.save();
    ctx.beginPath(); ctx.rect(PAD.left, PAD.top, w, h); ctx.clip();
    for (const o of this.overlays) this.drawOverlay(o, px, py);
    // Dense columns are 1-px bars from min to max (extended to the previous column's last value
    // so the trace stays joined): rectangles are the cheapest thing a canvas paints, and a
    // stroked zig-zag path through thousands of points is the most expensive. Only gaps between
    // non-adjacent columns are stroked, as one continuous polyline.
    ctx.fillStyle = COLORS.line; ctx.strokeStyle = COLORS.line; ctx.lineWidth = 1.25; ctx.beginPath();
    let prev = -1, prevLast = NaN, pen = -1;
    for (let c = 0; c < w; c++) {
      if (Number.isNaN(cols.first[c])) continue;
      const x = PAD.left + c;
      let top = py(cols.max[c]), bottom = py(cols.min[c]);
      if (prev === c - 1) {
        const yp = py(prevLast);
        top = Math.min(top, yp); bottom = Math.max(bottom, yp);
      } else if (prev >= 0) {
        if (pen !== prev) ctx.moveTo(PAD.left + prev + 0.5, py(prevLast));
        ctx.lineTo(x + 0.5, py(cols.first[c]));
        if (cols.last[c] !== cols.first[c]) ctx.lineTo(x + 0.5, py(cols.last[c]));
        pen = c;
      }
      ctx.fillRect(x, top - 0.6, 1.25, bottom - top + 1.2);
      prev = c; prevLast = cols.last[c];
    }
    ctx.stroke();
    if (this.hoverX !== null) this.drawHover(px, py, h);
    ctx.restore();
    this.stats.drawMs = performance.now() - t0;
    return this.stats.drawMs;
  }

  drawAxes({ ctx, w, h, x0, x1, y0, y1, px, py }) {
    ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = COLORS.text; ctx.strokeStyle = COLORS.grid; ctx.lineWidth = 1;
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    for (const t of niceTicks(y0, y1, 5)) {
      const y = Math.round(py(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(PAD.left, y); ctx.lineTo(PAD.left + w, y); ctx.stroke();
      ctx.fillText(Math.abs(t) >= 1e5 ? t.toExponential(2) : String(+t.toFixed(4)), PAD.left - 6, y);
    }
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    const span = x1 - x0;
    for (const t of niceTicks(x0, x1, Math.max(2, Math.floor(w / 110)))) ctx.fillText(formatTime(t, span), px(t), PAD.top + h + 6);
  }

  drawOverlay(o, px, py) {
    const { ctx } = this;
    if (o.kind === 'band') {
      ctx.fillStyle = o.color ?? COLORS.band; ctx.beginPath();
      o.xs.forEach((x, i) => (i ? ctx.lineTo(px(x), py(o.hi[i])) : ctx.moveTo(px(x), py(o.hi[i]))));
      for (let i = o.xs.length - 1; i >= 0; i--) ctx.lineTo(px(o.xs[i]), py(o.lo[i]));
      ctx.closePath(); ctx.fill();
    } else {
      ctx.strokeStyle = o.color ?? COLORS.overlay; ctx.setLineDash(o.dash ?? [5, 3]); ctx.lineWidth = 1.5; ctx.beginPath();
      o.xs.forEach((x, i) => (i ? ctx.lineTo(px(x), py(o.ys[i])) : ctx.moveTo(px(x), py(o.ys[i]))));
      ctx.stroke(); ctx.setLineDash([]);
    }
  }

  drawHover(px, py, h) {
    if (!this.n) return;
    const i = Math.min(this.n - 1, lowerBound(this.xs, this.hoverX, this.n));
    const j = i > 0 && Math.abs(this.xs[i - 1] - this.hoverX) < Math.abs(this.xs[i] - this.hoverX) ? i - 1 : i;
    const x = px(this.xs[j]), y = py(this.ys[j]);
    const { ctx } = this;
    ctx.strokeStyle = COLORS.cross; ctx.beginPath(); ctx.moveTo(x, PAD.top); ctx.lineTo(x, PAD.top + h); ctx.stroke();
    ctx.fillStyle = COLORS.line; ctx.beginPath(); ctx.arc(x, y, 3.5, 0, Math.PI * 2); ctx.fill();
    this.onReadout(`${new Date(this.xs[j]).toISOString()}: ${+this.ys[j].toFixed(4)}`);
  }

  /** Zooms by `factor` (< 1 zooms in) around x. */
  zoom(factor, at) {
    const [x0, x1] = this.extent();
    const c = at ?? (x0 + x1) / 2;
    const span = Math.max(10, (x1 - x0) * factor);
    const t = (c - x0) / (x1 - x0 || 1);
    this.view = [c - span * t, c + span * (1 - t)];
    this.invalidate();
  }

  pan(fraction) {
    const [x0, x1] = this.extent();
    const d = (x1 - x0) * fraction;
    this.view = [x0 + d, x1 + d];
    this.invalidate();
  }

  reset() { this.view = null; this.invalidate(); }

  /** The data x under a canvas-relative CSS pixel. */
  xAt(offsetX) {
    const [x0, x1] = this.extent();
    const w = Math.max(1, (this.canvas.clientWidth || 600) - PAD.left - PAD.right);
    return x0 + ((offsetX - PAD.left) / w) * (x1 - x0);
  }

  bind() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener('pointermove', (e) => {
      if (drag) {
        const dx = this.xAt(drag.x) - this.xAt(e.offsetX);
        drag.x = e.offsetX;
        const [x0, x1] = this.extent();
        this.view = [x0 + dx, x1 + dx]; this.invalidate();
      } else { this.hoverX = this.xAt(e.offsetX); this.schedule(); }
    });
    c.addEventListener('pointerleave', () => { this.hoverX = null; this.schedule(); });
    c.addEventListener('pointerdown', (e) => { drag = { x: e.offsetX }; c.setPointerCapture?.(e.pointerId); });
    c.addEventListener('pointerup', () => { drag = null; });
    c.addEventListener('wheel', (e) => { e.preventDefault(); this.zoom(e.deltaY < 0 ? 0.8 : 1.25, this.xAt(e.offsetX)); }, { passive: false });
    c.addEventListener('dblclick', () => this.reset());
    c.addEventListener('keydown', (e) => {
      const keys = { '+': () => this.zoom(0.8), '=': () => this.zoom(0.8), '-': () => this.zoom(1.25), ArrowLeft: () => this.pan(-0.1), ArrowRight: () => this.pan(0.1), 0: () => this.reset() };
      const act = keys[e.key];
      if (act) { e.preventDefault(); act(); }
    });
  }
}
