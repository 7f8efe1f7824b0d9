/**
 * Every view of the dashboard in chromium (headless, Debian's build through playwright-core),
 * against the FIXTURE API of fixture-api.test-helpers.ts: the api function's routes and answer
 * shapes, answered from real enriched events of all five pipelines held in memory, with the page
 * served by the same dashboardHandler. (The real api function over the BigQuery emulator is
 * exercised in dashboard.test.ts; seeding all five pipelines there would make the suite slow.)
 * Screenshots land in `dashboard/artifacts/` (gitignored).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PIPELINES } from '../pipelines';
import { launchChromium, measureChart } from './browser.test-helpers';
import { writeBudgetReport } from './budget-report.test-helpers';
import { startFixtureApi, type FixtureApi } from './fixture-api.test-helpers';

// Page globals inside waitForFunction callbacks (they run in the browser; the project's tsconfig
// has no DOM lib), declared in this module's scope only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, location: any;

const ARTIFACTS = join(__dirname, 'artifacts');
let api: FixtureApi;
let browser: Browser;
let budgetDir: string;
let total: number;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  budgetDir = mkdtempSync(join(tmpdir(), 'dashboard-budget-'));
  total = writeBudgetReport(budgetDir).totalMonthlyCost;
  [api, browser] = await Promise.all([startFixtureApi({ budgetDir }), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  rmSync(budgetDir, { recursive: true, force: true });
});

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${api.url}/${hash}`);
  return { page, errors };
}

describe('dashboard views in chromium (fixture API)', () => {
  it('shows the overview and every pipeline view with no console errors, keeping a screenshot of each', async () => {
    const { page, errors } = await open('#/overview');
    await page.locator('#overview-table tbody tr').first().waitFor();
    expect(await page.locator('#overview-table tbody th').allTextContents()).toEqual(PIPELINES.map((p) => p.title));
    // quarantined and dead-lettered columns, and the stages of each pipeline
    await page.locator('#overview-table li.stage').first().waitFor();
    expect(await page.locator('#overview-table thead th').allTextContents()).toEqual(expect.arrayContaining(['Quarantined', 'Dead-lettered', 'Stages']));
    const heads = await page.locator('#overview-table thead th').allTextContents();
    const cells = await page.locator('#overview-table tbody tr').first().locator('td').allTextContents();
    expect(cells[heads.indexOf('Dead-lettered') - 1]).toBe('0'); // the fixture has no dead_letter rows
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    for (const p of PIPELINES) {
      await page.click(`#tabs a[data-id="${p.id}"]`);
      await page.waitForFunction((id: string) => location.hash === `#/${id}` && document.querySelectorAll('#rows tbody tr td:not(.empty)').length > 0, p.id);
      await page.locator('#kpis table').first().waitFor();
      await page.locator('#models .side').first().waitFor();
      expect(await page.locator('#pipeline-title').textContent()).toBe(p.title);
      expect(await page.locator('#filters input[type=search]').evaluateAll((els) => els.map((e) => (e as any).name))).toEqual(p.filterFields);
      expect(await page.locator('#kpis h4').allTextContents()).toEqual(p.kpis.map((k) => k.name));
      if (p.id === 'crypto' || p.id === 'stocks') {
        await page.locator('#kpis canvas.candles').first().waitFor();
        // a labelled series picker per candle table; crypto also draws daily volume bars, stocks volume under its candles
        expect(await page.locator('#kpis .ohlc select').count()).toBeGreaterThan(0);
        const labels = await page.locator('#kpis canvas.candles').evaluateAll((els) => els.map((e) => (e as any).getAttribute('aria-label')));
        expect(labels.some((l: string) => l.startsWith('OHLC candles of'))).toBe(true);
        if (p.id === 'crypto') expect(labels.some((l: string) => l.startsWith('Volume of'))).toBe(true);
        else expect(await page.locator('#kpis .ohlc .hint').first().textContent()).toMatch(/with volume bars/);
        const picker = page.locator('#kpis .ohlc select').first();
        const second = await picker.locator('option').nth(1).getAttribute('value');
        await picker.selectOption(second!);
        await page.waitForFunction((v: string) => document.querySelector('#kpis .ohlc canvas')?.getAttribute('aria-label')?.includes(v), second!);
        await page.locator('#kpis .ohlc').first().screenshot({ path: join(ARTIFACTS, `${p.id}-candles.png`) });
      }
      if (p.id === 'crypto' || p.id === 'stocks') {
        // one chart per instrument / symbol, with the forecast band (and the regression for stocks) in its caption
        await page.waitForFunction(() => document.querySelectorAll('#series canvas.series').length > 1 && [...document.querySelectorAll('#series figcaption')].some((c: any) => /step forecast/.test(c.textContent)));
        if (p.id === 'stocks') expect(await page.locator('#series figcaption').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/regression predictions/)]));
        await page.locator('#series-section').screenshot({ path: join(ARTIFACTS, `${p.id}-series.png`) });
      } else expect(await page.locator('#series-section').isHidden()).toBe(true);
      if (p.id !== 'stocks' && p.id !== 'crypto') await page.locator('#kpis figure.kpi-chart svg').first().waitFor(); // stocks' and crypto's KPIs are candles and volume
      await page.locator('#quality svg.bars').first().waitFor();
      expect(await page.locator('#quality .quality-summary').textContent()).toMatch(/\d+ valid, \d+ quarantined/);
      await page.screenshot({ path: join(ARTIFACTS, `${p.id}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the latest budget report with its charts, and a report file opened from disk', async () => {
    const { page, errors } = await open('#/budget');
    await page.locator('#budget-report svg.bars').first().waitFor();
    const dollars = `$${total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} a month`;
    expect(await page.locator('#budget-report .budget-total strong').textContent()).toBe(dollars);
    expect(await page.locator('#budget-report svg.bars').evaluateAll((els) => els.map((e) => (e as any).getAttribute('aria-label')))).toEqual([
      'Cost by service (USD per month)', 'Cost by pipeline (USD per month)', 'Monthly cost at multiples of the declared event rates',
    ]);
    expect(await page.locator('#tabs a[data-id="budget"]').getAttribute('aria-current')).toBe('page');
    await page.screenshot({ path: join(ARTIFACTS, 'budget.png'), fullPage: true });
    // a file picked in the labelled input replaces it
    const file = join(budgetDir, 'other.json');
    const other = JSON.parse(JSON.stringify({ ...require(join(budgetDir, 'latest.json')), totalMonthlyCost: 1234.5 }));
    writeFileSync(file, JSON.stringify(other));
    await page.getByLabel('Open a report file (JSON)').setInputFiles(file);
    await page.waitForFunction(() => /\$1,234\.50 a month/.test(document.querySelector('#budget-report .budget-total')?.textContent ?? ''));
    expect(await page.locator('#budget-report .budget-total').textContent()).toMatch(/Opened from other\.json/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the chart responsive with 100,000 points (measured and logged, not asserted as a time)', async () => {
    const { page, errors } = await open('#/iot');
    await page.waitForFunction(() => (globalThis as unknown as { tributary?: unknown }).tributary !== undefined && document.querySelectorAll('#rows tbody tr td:not(.empty)').length > 0);
    const m = await measureChart(page, 100_000);
    process.stdout.write(`dashboard chart, 100,000 points: ${JSON.stringify(m)}\n`);
    expect(m.points).toBe(100_000);
    expect(Number.isFinite(m.fullDrawMs) && Number.isFinite(m.hoverDrawMs)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'chart-100k.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
