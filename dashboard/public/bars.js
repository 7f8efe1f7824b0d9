// Horizontal bar charts as SVG built through the DOM (no inline styles, so the page's CSP holds),
// each with an accessible name and a <title> per bar; the same numbers are always also given as
// a table or text beside the chart, so nothing is only in the picture.

const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#1f5fbf', '#b35900', '#137a3a', '#a3001b', '#6b3fb3', '#0f6f80', '#8a6d00', '#4b5563'];

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A horizontal bar chart of `data` ([[label, value, color?]…]) as an <svg role="img">.
 * `format(value)` renders the value labels.
 */
export function barChart(title, data, { format = (v) => String(v), width = 560, labelWidth = 170 } = {}) {
  const rowH = 24, top = 6;
  const h = top + data.length * rowH + 6;
  const max = Math.max(...data.map(([, v]) => Number(v) || 0), 0) || 1;
  const barW = width - labelWidth - 90;
  const svg = svgEl('svg', { class: 'bars', role: 'img', 'aria-label': title, viewBox: `0 0 ${width} ${h}`, width, height: h });
  svg.append(svgEl('title', {}, title));
  data.forEach(([label, value, color], i) => {
    const y = top + i * rowH;
    const w = Math.max(value > 0 ? 1 : 0, (Number(value) / max) * barW);
    const g = svgEl('g');
    g.append(svgEl('title', {}, `${label}: ${format(value)}`));
    g.append(svgEl('text', { x: labelWidth - 6, y: y + 15, 'text-anchor': 'end', class: 'bar-label' }, String(label).slice(0, 28)));
    g.append(svgEl('rect', { x: labelWidth, y: y + 3, width: w.toFixed(1), height: rowH - 8, fill: color ?? COLORS[i % COLORS.length] }));
    g.append(svgEl('text', { x: labelWidth + w + 6, y: y + 15, class: 'bar-value' }, format(value)));
    svg.append(g);
  });
  return svg;
}

/** A line of (x, y) points with axis labels, e.g. cost against load factor. */
export function lineChart(title, points, { format = (v) => String(v), tooltip = format, xLabel = (x) => String(x), width = 560, height = 200 } = {}) {
  const pad = { l: 70, r: 16, t: 10, b: 26 };
  const svg = svgEl('svg', { class: 'bars', role: 'img', 'aria-label': title, viewBox: `0 0 ${width} ${height}`, width, height });
  svg.append(svgEl('title', {}, title));
  if (!points.length) return svg;
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y1 = Math.max(...ys, 0) || 1;
  const X = (x) => pad.l + ((x - x0) / (x1 - x0 || 1)) * (width - pad.l - pad.r);
  const Y = (y) => pad.t + (1 - y / y1) * (height - pad.t - pad.b);
  svg.append(svgEl('line', { x1: pad.l, y1: Y(0), x2: width - pad.r, y2: Y(0), stroke: '#8a929c' }));
  svg.append(svgEl('text', { x: pad.l - 6, y: Y(y1) + 4, 'text-anchor': 'end', class: 'bar-value' }, format(y1)));
  svg.append(svgEl('text', { x: pad.l - 6, y: Y(0) + 4, 'text-anchor': 'end', class: 'bar-value' }, format(0)));
  svg.append(svgEl('polyline', { points: points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' '), fill: 'none', stroke: COLORS[0], 'stroke-width': 2 }));
  for (const [x, y] of points) {
    const g = svgEl('g');
    g.append(svgEl('title', {}, `${xLabel(x)}: ${tooltip(y)}`));
    g.append(svgEl('circle', { cx: X(x).toFixed(1), cy: Y(y).toFixed(1), r: 3.5, fill: COLORS[0] }));
    g.append(svgEl('text', { x: X(x).toFixed(1), y: height - 8, 'text-anchor': 'middle', class: 'bar-value' }, xLabel(x)));
    svg.append(g);
  }
  return svg;
}
