// In-page measurement of the dashboard chart with many points, evaluated in the browser by
// dashboard/browser.test-helpers.ts (`measureChart`) as `(<this file>)(points)`. Plain JS on
// purpose: a function serialized from TypeScript would carry the transpiler's helpers (tsx's
// __name) that the page does not have. Loads a seeded random walk into the live chart, then
// times full redraws, hovers, wheel zooms and pans, and a baseline path through every point.
async function measureChart(n) {
  const t = globalThis.tributary;
  t.stop();
  const { chart } = t;
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const xs = new Float64Array(n), ys = new Float64Array(n);
  let seed = 42, v = 20;
  const t0 = Date.now() - n * 1000;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    v += (seed / 2 ** 32 - 0.5) * 0.2;
    xs[i] = t0 + i * 1000;
    ys[i] = v;
  }
  const s0 = performance.now();
  chart.setData(xs, ys);
  const setDataMs = performance.now() - s0;
  const canvas = chart.canvas;
  const ctx = canvas.getContext('2d');
  // reading a pixel forces the canvas to finish painting before the clock is read
  const timed = (fn) => {
    const a = performance.now();
    fn();
    ctx.getImageData(0, 0, 1, 1);
    return performance.now() - a;
  };
  const full = [];
  for (let k = 0; k < 7; k++) {
    chart.cache = null;
    full.push(timed(() => chart.draw()));
  }
  const rect = canvas.getBoundingClientRect();
  const hover = [];
  for (let k = 0; k < 50; k++) {
    canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: rect.left + 60 + ((k * 17) % Math.max(1, rect.width - 80)), clientY: rect.top + rect.height / 2, bubbles: true }));
    hover.push(timed(() => chart.draw()));
  }
  const zoom = [];
  for (let k = 0; k < 20; k++) {
    canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: k < 10 ? -100 : 100, clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2, bubbles: true, cancelable: true }));
    zoom.push(timed(() => chart.draw()));
  }
  const frames = [];
  for (let k = 0; k < 20; k++) {
    const f0 = performance.now();
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: k % 2 ? 'ArrowLeft' : 'ArrowRight', bubbles: true, cancelable: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    frames.push(performance.now() - f0);
  }
  const naive = [];
  for (let k = 0; k < 3; k++) {
    naive.push(timed(() => {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.beginPath();
      const w = canvas.clientWidth, h = canvas.clientHeight, span = xs[n - 1] - xs[0];
      for (let i = 0; i < n; i++) ctx.lineTo(((xs[i] - xs[0]) / span) * w, h - (ys[i] - 10) * (h / 20));
      ctx.stroke();
    }));
  }
  chart.cache = null;
  chart.draw();
  const fullDrawMs = median(full);
  const naiveDrawMs = median(naive);
  return { points: n, canvasWidth: canvas.clientWidth, setDataMs, fullDrawMs, hoverDrawMs: median(hover), zoomDrawMs: median(zoom), panFrameMs: median(frames), naiveDrawMs, speedupVsNaive: naiveDrawMs / fullDrawMs };
}
