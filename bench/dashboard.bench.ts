/**
 * Dashboard chart with many points, measured in the browser (Debian's chromium, headless, through
 * playwright-core): the page is served as in the browser test (fixture API + dashboardHandler),
 * then `measureChart` loads N synthetic points into the live chart and times a full redraw
 * (min/max decimation per pixel column + painting), a hover redraw, a wheel-zoom step and a pan
 * until the next frame. Baseline in the same page and run: one canvas path through every point
 * (no decimation). Three rounds per size; medians of the rounds reported. The machine is shared
 * by several agents, so absolute times are noisy; the ratio is the figure to compare.
 */
import { launchChromium, measureChart, type ChartMeasurement } from '../dashboard/browser.test-helpers';
import { startFixtureApi } from '../dashboard/fixture-api.test-helpers';
import { median } from './stats';

const SIZES = [10_000, 100_000, 1_000_000];
const ROUNDS = 3;


export default async function dashboardBench(): Promise<Record<string, unknown>> {
  const api = await startFixtureApi({ initial: 100 });
  const browser = await launchChromium();
  try {
    const bySize: Record<string, unknown> = {};
    for (const n of SIZES) {
      const rounds: ChartMeasurement[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`${api.url}/#/iot`);
        await page.waitForFunction('globalThis.tributary !== undefined');
        rounds.push(await measureChart(page, n));
        await page.close();
      }
      const pick = (k: keyof ChartMeasurement) => Math.round(median(rounds.map((m) => m[k])) * 100) / 100;
      bySize[String(n)] = {
        canvasWidthPx: rounds[0]!.canvasWidth,
        setDataMs: pick('setDataMs'),
        fullDrawMs: pick('fullDrawMs'),
        hoverDrawMs: pick('hoverDrawMs'),
        zoomDrawMs: pick('zoomDrawMs'),
        panTwoFramesMs: pick('panFrameMs'),
        baselineNaiveDrawMs: pick('naiveDrawMs'),
        speedupVsNaive: pick('speedupVsNaive'),
      };
    }
    return {
      what: 'canvas time-series chart of the dashboard, times in ms in headless chromium (medians of 3 rounds)',
      browser: browser.version(),
      note: 'machine shared by several agents; panTwoFramesMs includes waiting for two animation frames (~33 ms at 60 Hz)',
      points: bySize,
    };
  } finally {
    await browser.close();
    await api.close();
  }
}
