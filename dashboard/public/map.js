// A map-like scatter with no tiles (the page works offline): points on an equirectangular
// projection with longitude scaled by cos(mean latitude), so distances look right at city scale.

const STYLE = {
  client: { fill: 'rgba(31, 95, 191, 0.55)', r: 2.5 },
  taxi: { fill: 'rgba(20, 130, 80, 0.7)', r: 2.5 },
  centroid: { fill: '#b00020', r: 6 },
};

/**
 * Draws `layers` ({ client: [[lat, lon]…], taxi: […], centroid: […] }) on the canvas, fitted to
 * all their points. Returns the number of points drawn.
 */
export function drawMap(canvas, layers) {
  const ctx = canvas.getContext('2d');
  const dpr = globalThis.devicePixelRatio || 1;
  const w = canvas.clientWidth || 400, h = canvas.clientHeight || 300;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const all = Object.values(layers).flat().filter(([la, lo]) => Number.isFinite(la) && Number.isFinite(lo));
  ctx.fillStyle = '#30353b'; ctx.font = '12px system-ui, sans-serif';
  if (!all.length) { ctx.fillText('No positions yet', 12, 20); return 0; }
  let la0 = Infinity, la1 = -Infinity, lo0 = Infinity, lo1 = -Infinity;
  for (const [la, lo] of all) { la0 = Math.min(la0, la); la1 = Math.max(la1, la); lo0 = Math.min(lo0, lo); lo1 = Math.max(lo1, lo); }
  const k = Math.cos((((la0 + la1) / 2) * Math.PI) / 180);
  const spanX = Math.max((lo1 - lo0) * k, 1e-6), spanY = Math.max(la1 - la0, 1e-6);
  const pad = 16, scale = Math.min((w - 2 * pad) / spanX, (h - 2 * pad) / spanY);
  const ox = (w - spanX * scale) / 2, oy = (h - spanY * scale) / 2;
  const project = (la, lo) => [ox + (lo - lo0) * k * scale, h - oy - (la - la0) * scale];
  let drawn = 0;
  for (const name of ['client', 'taxi', 'centroid']) {
    const style = STYLE[name];
    ctx.fillStyle = style.fill;
    for (const [la, lo] of layers[name] ?? []) {
      if (!Number.isFinite(la) || !Number.isFinite(lo)) continue;
      const [x, y] = project(la, lo);
      ctx.beginPath(); ctx.arc(x, y, style.r, 0, Math.PI * 2); ctx.fill();
      if (name === 'centroid') { ctx.strokeStyle = '#fff'; ctx.lineWidth = 2; ctx.stroke(); }
      drawn++;
    }
  }
  return drawn;
}
