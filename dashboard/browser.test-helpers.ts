/**
 * Browser helpers shared by the dashboard's browser test and its bench: Debian's chromium driven
 * by playwright-core (never a downloaded browser), and the in-page measurement of the chart with
 * many points.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

// Globals of the page, used inside page.evaluate callbacks (which run in the browser). The
// project's tsconfig has no DOM lib (adding it would change every other file's types), so they
// are declared here, in this module's scope only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const PointerEvent: any, WheelEvent: any, KeyboardEvent: any;
declare function requestAnimationFrame(cb: () => void): number;

/** Debian's chromium (`apt-get install -y chromium`; `.ci/run` installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Thrown when the browser is not installed, with the command that installs it. */
export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(`no chromium at ${path}; install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
    this.name = 'ChromiumMissingError';
  }
}

/** Launches headless chromium. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError(CHROMIUM);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
}

/** What {@link measureChart} reports, in milliseconds (medians over the repetitions). */
export interface ChartMeasurement {
  points: number;
  canvasWidth: number;
  /** `setData` of the typed arrays. */
  setDataMs: number;
  /** Full redraw: decimation of every point into pixel columns, then painting. */
  fullDrawMs: number;
  /** Redraw on hover (columns cached, crosshair and readout). */
  hoverDrawMs: number;
  /** Wheel zoom step: re-decimation of the visible range and painting. */
  zoomDrawMs: number;
  /** Keyboard pan until the next animation frame has painted. */
  panFrameMs: number;
  /** Baseline in the same page: a path through every point, no decimation. */
  naiveDrawMs: number;
  /** naiveDrawMs / fullDrawMs. */
  speedupVsNaive: number;
}

/**
 * Loads `points` synthetic points (a random walk, one per second) into the page's chart and times
 * draws, hovers, zooms and pans in the browser with `performance.now()`. The page's polling is
 * stopped first so only the measured work runs.
 */
export async function measureChart(page: Page, points = 100_000): Promise<ChartMeasurement> {
  return page.evaluate(async (n) => {
    type Chart = { setData(x: Float64Array, y: Float64Array): void; draw(): number; cache: unknown; zoom(f: number, at?: number): void; pan(f: number): void; canvas: any; xAt(px: number): number };
    const t = (globalThis as unknown as { tributary: { chart: Chart; stop(): void } }).tributary;
    t.stop();
    const { chart } = t;
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
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
    const ctx = canvas.getContext('2d')!;
    // reading a pixel forces the canvas to finish painting before the clock is read
    const timed = (fn: () => void) => {
      const a = performance.now();
      fn();
      ctx.getImageData(0, 0, 1, 1);
      return performance.now() - a;
    };
    const full: number[] = [];
    for (let k = 0; k < 7; k++) {
      chart.cache = null;
      full.push(timed(() => chart.draw()));
    }
    const rect = canvas.getBoundingClientRect();
    const hover: number[] = [];
    for (let k = 0; k < 50; k++) {
      canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: rect.left + 60 + ((k * 17) % Math.max(1, rect.width - 80)), clientY: rect.top + rect.height / 2, bubbles: true }));
      hover.push(timed(() => chart.draw()));
    }
    const zoom: number[] = [];
    for (let k = 0; k < 20; k++) {
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: k < 10 ? -100 : 100, clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2, bubbles: true, cancelable: true }));
      zoom.push(timed(() => chart.draw()));
    }
    const frames: number[] = [];
    for (let k = 0; k < 20; k++) {
      const f0 = performance.now();
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: k % 2 ? 'ArrowLeft' : 'ArrowRight', bubbles: true, cancelable: true }));
      await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      frames.push(performance.now() - f0);
    }
    const naive: number[] = [];
    for (let k = 0; k < 3; k++) {
      naive.push(timed(() => {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        ctx.beginPath();
        const w = canvas.clientWidth, h = canvas.clientHeight, span = xs[n - 1]! - xs[0]!;
        for (let i = 0; i < n; i++) ctx.lineTo(((xs[i]! - xs[0]!) / span) * w, h - (ys[i]! - 10) * (h / 20));
        ctx.stroke();
      }));
    }
    chart.cache = null;
    chart.draw();
    const fullDrawMs = median(full);
    const naiveDrawMs = median(naive);
    return { points: n, canvasWidth: canvas.clientWidth, setDataMs, fullDrawMs, hoverDrawMs: median(hover), zoomDrawMs: median(zoom), panFrameMs: median(frames), naiveDrawMs, speedupVsNaive: naiveDrawMs / fullDrawMs };
  }, points);
}
