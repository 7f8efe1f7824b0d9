/**
 * The dashboard in a real browser (Debian's chromium through playwright-core, headless), against
 * the real stack: the `api` function (functions/api, under the functions framework, serving the
 * page through its dashboard hook) over the BigQuery emulator, seeded through the official client
 * with real enriched iot and taxi events and refreshed every second; their KPI tables and the taxi
 * KMEANS model come from the pipelines' own SQL run in the emulator, the ARIMA_PLUS forecasts from
 * fixtures (see live-api.test-helpers.ts). Only iot and taxi are served, to keep the suite short;
 * every view of every pipeline is checked against the fixture API in views.test.ts.
 * Screenshots land in `dashboard/artifacts/` (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { iot } from '../pipelines';
import { launchChromium } from './browser.test-helpers';
import { startLiveApi, type LiveApi } from './live-api.test-helpers';

// Page globals inside page.evaluate / waitForFunction callbacks (they run in the browser; the
// project's tsconfig has no DOM lib), declared in this module's scope only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, location: any;

const ARTIFACTS = join(__dirname, 'artifacts');
let api: LiveApi;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [api, browser] = await Promise.all([startLiveApi({ pipelines: ['iot', 'taxi'], initial: 150, tickMs: 2000 }), launchChromium()]);
  process.stdout.write(`dashboard test: tables from fixtures: ${JSON.stringify(api.fixtures)}\n`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  expect(api?.insertErrors ?? []).toEqual([]);
});

/** Opens the page at `hash`, collecting console errors and uncaught exceptions. */
async function open(hash: string): Promise<{ page: Page; errors: string[]; requested: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(60_000); // the emulator shares 2 cores with other suites: wait on events, generously
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('request', (r) => r.url().includes('/api/') && requested.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${api.url}/${hash}`);
  return { page, errors, requested };
}

const counter = async (page: Page) => Number((await page.locator('#counter').textContent())!.replace(/,/g, ''));

/** Values of one column of the latest-events table. */
async function column(page: Page, name: string): Promise<string[]> {
  return page.evaluate((col) => {
    const heads = [...document.querySelectorAll('#rows thead th')].map((th: any) => th.textContent);
    const i = heads.indexOf(col);
    return [...document.querySelectorAll('#rows tbody tr')].map((tr: any) => tr.children[i]?.textContent ?? '');
  }, name);
}

describe('dashboard in chromium', () => {
  it('shows the iot view from the real API with no console errors, keeping a screenshot', async () => {
    const { page, errors } = await open('#/iot');
    await page.waitForFunction(() => document.querySelectorAll('#rows tbody tr td:not(.empty)').length > 0);
    await page.locator('#kpis table').first().waitFor();
    expect(await page.locator('#pipeline-title').textContent()).toBe(iot.title);
    expect(await page.locator('#filters input[type=search]').evaluateAll((els) => els.map((e) => (e as any).name))).toEqual(iot.filterFields);
    expect(await page.locator('#kpis h4').allTextContents()).toEqual(iot.kpis.map((k) => k.name));
    await page.screenshot({ path: join(ARTIFACTS, 'live-iot.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the taxi positions and the k-means pickup zones trained in the emulator', async () => {
    const { page, errors } = await open('#/taxi');
    await page.locator('#map-section:not([hidden])').waitFor();
    await page.locator('#models table').first().waitFor();
    expect(await page.locator('#models h4').first().textContent()).toContain('pickup_zones');
    expect(await page.locator('#models table').first().locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'live-taxi.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('increases the live event counter as events arrive', async () => {
    const { page, errors } = await open('#/iot');
    await page.waitForFunction(() => Number(document.getElementById('counter')!.textContent!.replace(/,/g, '')) > 0);
    const first = await counter(page);
    await page.waitForFunction((n) => Number(document.getElementById('counter')!.textContent!.replace(/,/g, '')) > n, first, { timeout: 60_000 });
    expect(await counter(page)).toBeGreaterThan(first);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends the iot room and sensor_type filters to the API and shows only matching rows', async () => {
    const { page, errors, requested } = await open('#/iot');
    await page.waitForFunction(() => document.querySelectorAll('#rows tbody tr td:not(.empty)').length > 0);
    const rooms = [...new Set(await column(page, 'room'))];
    expect(rooms.length).toBeGreaterThan(1);
    const room = rooms[1]!;

    await page.fill('#filter-room', room);
    await page.press('#filter-room', 'Enter');
    await page.waitForRequest((r) => new URL(r.url()).searchParams.get('room') === room);
    await page.waitForFunction((want) => {
      const heads = [...document.querySelectorAll('#rows thead th')].map((th: any) => th.textContent);
      const i = heads.indexOf('room');
      const cells = [...document.querySelectorAll('#rows tbody tr')].map((tr: any) => tr.children[i]?.textContent);
      return cells.length > 0 && cells.every((c: any) => c === want);
    }, room);
    expect(new Set(await column(page, 'room'))).toEqual(new Set([room]));

    await page.fill('#filter-sensor_type', 'co2');
    await page.press('#filter-sensor_type', 'Enter');
    await page.waitForRequest((r) => {
      const q = new URL(r.url()).searchParams;
      return q.get('room') === room && q.get('sensor_type') === 'co2';
    });
    await page.waitForFunction(() => {
      const heads = [...document.querySelectorAll('#rows thead th')].map((th: any) => th.textContent);
      const i = heads.indexOf('sensor_type');
      const cells = [...document.querySelectorAll('#rows tbody tr')].map((tr: any) => tr.children[i]?.textContent);
      return cells.length > 0 && cells.every((c: any) => c === 'co2');
    });
    expect(new Set(await column(page, 'sensor_type'))).toEqual(new Set(['co2']));
    const events = requested.filter((u) => new URL(u).pathname.endsWith('/api/iot/events'));
    expect(events.some((u) => !new URL(u).searchParams.has('room'))).toBe(true); // before the filter was set
    expect(errors).toEqual([]);
    await page.close();
  });
});
