/**
 * Browser helpers shared by the dashboard's browser test and its bench: Debian's chromium driven
 * by playwright-core (never a downloaded browser), and the in-page measurement of the chart with
 * many points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The in-page measurement (plain JS: see the file's header). */
const MEASURE_SOURCE = readFileSync(join(__dirname, 'measure-chart.js'), 'utf8');

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
  return page.evaluate(`(${MEASURE_SOURCE})(${Number(points)})`) as Promise<ChartMeasurement>;
}
