import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budgetDir, DEFAULT_BUDGET_DIR, latestBudget } from './budget';
import { route } from './routes';

const report = (total: number) => ({ schemaVersion: 1, stack: 'tributary-dev', currency: 'USD', region: 'europe-west1', totalMonthlyCost: total, byService: {}, byPipeline: {}, resources: [] });

describe('GET /api/budget', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'budget-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const put = (name: string, body: string, secondsAgo: number) => {
    writeFileSync(join(dir, name), body);
    const t = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(dir, name), t, t);
  };

  it('serves the newest JSON report as written, skipping files that are not reports', async () => {
    put('old.json', JSON.stringify(report(10)), 300);
    put('new.json', JSON.stringify(report(42.5)), 100);
    put('newest-but-broken.json', '{"schemaVersion": 1, "tot', 10);
    put('newest-but-not-a-report.json', '{"hello": 1}', 5);
    put('notes.txt', 'x', 1);
    mkdirSync(join(dir, 'sub.json'));
    const res = await latestBudget(dir, new URLSearchParams());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ file: 'new.json', report: { totalMonthlyCost: 42.5, stack: 'tributary-dev' } });
  });

  it('answers report: null and the command that writes one when there is none (no absolute path when the dir is relative)', async () => {
    const res = await route({ pipelines: [], warehouse: { query: async () => [] }, budgetDir: 'nowhere/budget' }, 'GET', new URL('http://x/api/budget'));
    expect(res).toMatchObject({
      status: 200,
      body: { report: null, message: expect.stringMatching(/^no budget report \(JSON, schemaVersion 1\) in nowhere\/budget; write one with `tributary budget --format json --out nowhere\/budget\/latest.json`/) },
    });
    await expect(latestBudget(dir, new URLSearchParams('x=1'))).rejects.toMatchObject({ status: 400 });
  });

  it('reads BUDGET_REPORTS_DIR, else .tributary/budget', () => {
    expect(budgetDir({ BUDGET_REPORTS_DIR: '/srv/budget' })).toBe('/srv/budget');
    expect(budgetDir({})).toBe(DEFAULT_BUDGET_DIR);
  });
});
