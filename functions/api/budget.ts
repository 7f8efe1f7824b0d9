/**
 * `GET /api/budget`: the latest report written by `tributary budget --format json --out <dir>/<name>.json`
 * (infra/budget's BudgetReport, schemaVersion 1), read from one fixed directory: the newest
 * `*.json` file there by modification time. The API computes nothing: it serves the file as
 * written, so the page shows exactly what the command reported.
 *
 * The directory is `BUDGET_REPORTS_DIR`, else `.tributary/budget` under the working directory
 * (`tributary up`'s default data dir, run from the repository). In the cloud there is usually
 * no such directory. "No report yet" is a normal state, not an error: the answer is then a 200
 * with `report: null` and a message saying how to write one.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApiError } from './params';
import type { ApiResponse } from './routes';

/** Default directory of budget reports, relative to the working directory. */
export const DEFAULT_BUDGET_DIR = join('.tributary', 'budget');
/** Largest report served (a report of every resource of five pipelines is well under 1 MB). */
export const MAX_REPORT_BYTES = 8 * 1024 * 1024;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.json$/;

/** The directory budget reports are read from (relative to the working directory unless absolute). */
export const budgetDir = (env: Readonly<Record<string, string | undefined>>): string => env.BUDGET_REPORTS_DIR || DEFAULT_BUDGET_DIR;

const howTo = (dir: string) => `write one with \`tributary budget --format json --out ${join(dir, 'latest.json')}\` (the directory is BUDGET_REPORTS_DIR, default ${DEFAULT_BUDGET_DIR})`;

/** `GET /api/budget`; `shown` is the directory as configured (the answer never names the absolute path). */
export async function latestBudget(shown: string, q: URLSearchParams): Promise<ApiResponse> {
  const dir = resolve(shown);
  if ([...q.keys()].length) throw new ApiError(400, `/api/budget takes no parameters; allowed: none`, { allowed: [] });
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => NAME.test(n));
  } catch {
    names = [];
  }
  const files = (await Promise.all(names.map(async (name) => {
    const s = await stat(join(dir, name)).catch(() => undefined);
    return s?.isFile() && s.size <= MAX_REPORT_BYTES ? { name, mtime: s.mtime } : undefined;
  }))).filter((f): f is { name: string; mtime: Date } => f !== undefined).sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || b.name.localeCompare(a.name));
  for (const f of files) {
    let report: unknown;
    try {
      report = JSON.parse(await readFile(join(dir, f.name), 'utf8'));
    } catch {
      continue; // not a JSON report (or being written): try the next one
    }
    const r = report as { schemaVersion?: unknown; totalMonthlyCost?: unknown };
    if (r && r.schemaVersion === 1 && typeof r.totalMonthlyCost === 'number') return { status: 200, body: { file: f.name, modified: f.mtime.toISOString(), report } };
  }
  return { status: 200, body: { file: null, modified: null, report: null, message: `no budget report (JSON, schemaVersion 1) in ${shown}; ${howTo(shown)}` } };
}
