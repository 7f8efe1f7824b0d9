/**
 * The dashboard during a short local run: the in-process `tributary up` runtime with the iot
 * pipeline only (every emulator, the real functions under the functions framework, the page
 * served by the real `api` function at `${apiUrl}/`), driven by Debian's chromium. iot events go
 * in through Pub/Sub `iot-raw` (the producers' sink), enrich runs on push, and the lake drain is
 * run with `runNow` as `tributary run` does, so silver and quarantine fill as in `tributary up`.
 *
 * Checks: no console errors, the live counter of the open iot view rises from 0 to every event
 * as the first batch lands and again with the second (lake batches close after 2 s here, as in local/e2e.test.ts),
 * an iot filter changes the API request and the rows shown, the overview's quarantined count is
 * the garbage sent, and a screenshot of each view (iot, overview) is kept in `dashboard/artifacts/`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { iotGenerator } from '../pipelines/generators/iot';
import { openSink, produce, type EventSink } from '../local/producers';
import { startTestRuntime, type TestRuntime } from '../local/runtime.test-helpers';
import { launchChromium } from './browser.test-helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const ARTIFACTS = join(__dirname, 'artifacts');
const GARBAGE = ['not json', '{"sensor_id": 5}', '[]'];
/** Valid events sent in the first and second batch (together under the API's page of 200, so the counter shows each one). */
const N = 120;
const MORE = 60;
const T0 = Date.now();
/** Generated iot events from `minutesAgo` (batches start 10 minutes apart, so their event ids, room/sensor/second, never meet). */
const batch = (count: number, seed: number, minutesAgo: number) =>
  [...iotGenerator.generate({ count, seed, start: new Date(T0 - minutesAgo * 60_000), defectRate: 0 })].map((s) => Buffer.from(JSON.stringify(s.event)));

let t: TestRuntime;
let browser: Browser;
let sink: EventSink;
let base: string;

/** Runs the lake drain until the API's silver holds `valid` iot events and quarantine `quarantined` (generous deadline). */
async function landed(valid: number, quarantined: number): Promise<{ valid: number; quarantined: number }> {
  const deadline = Date.now() + 180_000;
  let have = { valid: 0, quarantined: 0 };
  while (Date.now() < deadline) {
    // the three layers batch apart: silver may land on one run, quarantine on the next
    await t.rt.scheduler.runNow('iot-drain-lake');
    have = (await (await fetch(`${base}/api/iot/quality`)).json()) as typeof have;
    if (have.valid >= valid && have.quarantined >= quarantined) return { valid: have.valid, quarantined: have.quarantined };
    await new Promise((r) => setTimeout(r, 1000));
  }
  return have;
}

const counter = async (page: Page) => Number((await page.locator('#counter').textContent())!.replace(/,/g, ''));

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // lake batches close after 2 s (iot's own age limit is 45 s), so a drain round ends once its subscription is empty
  [t, browser] = await Promise.all([startTestRuntime(['iot'], { BATCH_AGE_MS: '2000' }), launchChromium()]);
  base = t.rt.apiUrl!;
  sink = await openSink('iot', { kind: 'pubsub', pubsub: t.rt.clients.pubsub });
}, 240_000);

afterAll(async () => {
  await sink?.close();
  await browser?.close();
  await t?.stop();
}, 60_000);

describe('dashboard during a local run (iot)', () => {
  it('counts events live as they land, follows an iot filter, shows the quarantine, with no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(60_000); // a loaded 2-core machine: wait on events, generously
    const errors: string[] = [];
    const requested: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requested.push(r.url()));

    // the iot view is open, polling, before anything landed: the counter starts at 0
    await page.goto(`${base}/#/iot`);
    await page.locator('#rows tbody td.empty').waitFor({ timeout: 60_000 });
    expect(await counter(page)).toBe(0);

    // events go in through Pub/Sub; the lake drain lands them
    await produce({ events: [...batch(N, 1, 25), ...GARBAGE.map((g) => Buffer.from(g))], sink });
    expect(await landed(N, GARBAGE.length)).toEqual({ valid: N, quarantined: GARBAGE.length });
    await page.waitForFunction((n: number) => Number(document.getElementById('counter').textContent.replace(/,/g, '')) >= n, N, { timeout: 60_000 });
    expect(await counter(page)).toBe(N);
    // a second batch: the counter goes on rising on the open view. With it, one dead letter, as
    // Pub/Sub forwards a message whose deliveries ran out: the lake drain quarantines it.
    await produce({ events: batch(MORE, 2, 15), sink });
    await t.rt.clients.pubsub.topic('iot-dead-letter').publishMessage({
      data: Buffer.from('{"sensor_id":"s-dead"}'),
      attributes: { CloudPubSubDeadLetterSourceSubscription: 'iot-raw-enrich', CloudPubSubDeadLetterSourceDeliveryCount: '5' },
    });
    expect(await landed(N + MORE, GARBAGE.length + 1)).toEqual({ valid: N + MORE, quarantined: GARBAGE.length + 1 });
    await page.waitForFunction((n: number) => Number(document.getElementById('counter').textContent.replace(/,/g, '')) >= n, N + MORE, { timeout: 60_000 });
    expect(await counter(page)).toBe(N + MORE);
    // the data-quality panel follows: every valid event in silver, the garbage in quarantine by rule
    await page.waitForFunction((want: string) => document.querySelector('#quality .quality-summary')?.textContent.includes(want), `${N + MORE} valid, ${GARBAGE.length + 1} quarantined`, { timeout: 60_000 });
    expect(await page.locator('#quality svg.bars').count()).toBe(2);

    // a room filter reaches the API request and only that room is shown
    const column = (name: string) =>
      page.evaluate((col: string) => {
        const hs = [...document.querySelectorAll('#rows thead th')].map((th: any) => th.textContent);
        const i = hs.indexOf(col);
        return [...document.querySelectorAll('#rows tbody tr')].map((tr: any) => tr.children[i]?.textContent as string);
      }, name);
    const rooms = [...new Set(await column('room'))].sort();
    expect(rooms.length).toBeGreaterThan(1);
    const room = rooms[1]!;
    await page.fill('#filter-room', room);
    await page.press('#filter-room', 'Enter');
    await page.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/api/iot/events') && new URL(r.url()).searchParams.get('room') === room);
    await page.waitForFunction((want: string) => {
      const hs = [...document.querySelectorAll('#rows thead th')].map((th: any) => th.textContent);
      const i = hs.indexOf('room');
      const cs = [...document.querySelectorAll('#rows tbody tr')].map((tr: any) => tr.children[i]?.textContent);
      return cs.length > 0 && cs.every((c: any) => c === want);
    }, room);
    expect(new Set(await column('room'))).toEqual(new Set([room]));
    expect(requested.some((u) => u.includes('/api/iot/events') && !new URL(u).searchParams.has('room'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'runtime-iot.png'), fullPage: true });

    // overview: quarantined is the garbage sent plus the dead letter, which is also counted apart
    await page.click('#tabs a[data-id="overview"]');
    await page.locator('#overview-table li.stage').first().waitFor({ timeout: 60_000 });
    const heads = await page.locator('#overview-table thead th').allTextContents();
    const cells = await page.locator('#overview-table tbody tr').first().locator('td').allTextContents();
    expect(cells[heads.indexOf('Quarantined') - 1]).toBe(String(GARBAGE.length + 1));
    expect(cells[heads.indexOf('Valid (silver)') - 1]).toBe(String(N + MORE));
    expect(cells[heads.indexOf('Dead-lettered') - 1]).toBe('1');
    expect(await page.locator('#overview-table li.stage.ok').allTextContents()).toEqual(expect.arrayContaining(['bronze ok', 'silver ok', 'quarantine ok']));
    await page.screenshot({ path: join(ARTIFACTS, 'runtime-overview.png'), fullPage: true });

    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
