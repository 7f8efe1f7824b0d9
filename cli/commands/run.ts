import type { Command } from 'commander';
import { resolve } from 'node:path';
import { controlUrl } from '../../local/control';

/** `tributary run <job>`: run a scheduler job or scheduled query of a running `tributary up` now. */
export function register(program: Command): void {
  program
    .command('run')
    .description('Run a scheduled job of the running `tributary up` now (a drain, a poller, a KPI query, a model retrain); without a job, list them')
    .argument('[job]', 'job name, e.g. "taxi-drain-lake" or "taxi kpi revenue_by_comfort"')
    .option('--data-dir <dir>', 'the data dir of the running `tributary up`', '.tributary')
    .action(async (job: string | undefined, flags: { dataDir: string }) => {
      const base = controlUrl(resolve(flags.dataDir));
      if (!job) {
        const { jobs } = (await (await fetch(`${base}/jobs`)).json()) as { jobs: string[] };
        process.stdout.write(jobs.map((j) => `${j}\n`).join(''));
        return;
      }
      const res = await fetch(`${base}/jobs/${encodeURIComponent(job)}:run`, { method: 'POST' });
      const body = (await res.json()) as { error?: string; jobs?: string[]; result?: unknown };
      if (!res.ok) throw new Error(`${body.error}${body.jobs ? `; jobs: ${body.jobs.map((j) => JSON.stringify(j)).join(', ')}` : ''}`);
      process.stdout.write(`${JSON.stringify(body.result, null, 2)}\n`);
    });
}
