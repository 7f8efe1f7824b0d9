import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compareReports, readBaseReport } from '../../infra/budget/compare';
import { FORMATS, render, type Format } from '../../infra/budget/format';
import { readRunCounters } from '../../infra/budget/from-run';
import { buildReport } from '../../infra/budget/report';
import { staleReason, stackFile } from '../../infra/budget/stack-file';
import { readUsageFile } from '../../infra/budget/usage-file';
import { DefinitionsError, loadDefinitions, type Definitions } from '../../infra/definitions';
import { ResourceGraph } from '../../infra/graph';
import { synthesize } from '../../infra/synth';

/** Flags of `tributary budget`. */
interface BudgetFlags {
  stack: string;
  usage?: string;
  fromRun?: string;
  format: Format;
  out?: string;
  compare?: string;
  freeTier: boolean;
  cdktfOut: string;
}

/** The stack name does not follow `tributary-<env>`. */
export class StackNameError extends Error {
  constructor(stack: string) {
    super(`--stack ${stack}: stacks are named tributary-<env> (for example --stack tributary-dev)`);
    this.name = 'StackNameError';
  }
}

/** `tributary budget`: prices the synthesized resource graph (ARCHITECTURE §1). */
export function register(program: Command): void {
  program
    .command('budget')
    .description('Monthly cost of the deployment, priced from the synthesized resource graph (cdktf.out/stacks/<stack>/cdk.tf.json); synthesizes first when the JSON is missing or stale')
    .option('--stack <name>', 'stack to price', 'tributary-dev')
    .option('--usage <file>', 'Infracost usage file (version: 0.1, resource_type_default_usage, resource_usage)')
    .option('--from-run <dir>', 'counters.json recorded by a local run (tributary up --duration S), scaled to a month')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--compare <base.json>', 'show the change per resource against a report written with --format json')
    .option('--no-free-tier', 'ignore free tiers (list prices for every unit)')
    .option('--cdktf-out <dir>', 'where the stacks are synthesized', 'cdktf.out')
    .action((flags: BudgetFlags) => {
      const env = /^tributary-(.+)$/.exec(flags.stack)?.[1];
      if (!env) throw new StackNameError(flags.stack);
      // Inputs first: a wrong path should not wait for a synth.
      const usageFile = flags.usage ? readUsageFile(flags.usage) : undefined;
      const run = flags.fromRun ? readRunCounters(flags.fromRun) : undefined;
      const base = flags.compare ? readBaseReport(flags.compare) : undefined;
      const file = stackFile(resolve(flags.cdktfOut), flags.stack);
      const repo = resolve(__dirname, '..', '..');
      const stale = staleReason(file, repo);
      let definitions: Definitions | undefined;
      if (stale) {
        process.stderr.write(`budget: ${stale}; synthesizing ${flags.stack}\n`);
        definitions = loadDefinitions();
        synthesize({ definitions, outdir: flags.cdktfOut, environments: [env] });
      } else {
        try {
          definitions = loadDefinitions();
        } catch (err) {
          if (!(err instanceof DefinitionsError)) throw err;
          process.stderr.write(`budget: ${err.message}; pricing without the declared workloads (usage only from --usage / --from-run)\n`);
        }
      }
      const json = ResourceGraph.fromFile(file, { project: 'project' }).json;
      const project = (json.provider?.google as { project?: string }[] | undefined)?.[0]?.project ?? 'project';
      const graph = new ResourceGraph(json, { project });
      const report = buildReport({
        graph,
        stack: flags.stack,
        pipelines: definitions?.pipelines ?? [],
        usageFile,
        run,
        freeTier: flags.freeTier,
        stackDir: dirname(file),
      });
      const final = base ? { ...report, comparison: compareReports(base, report) } : report;
      const text = render(final, flags.format);
      if (flags.out) {
        writeFileSync(flags.out, text);
        process.stderr.write(`budget: ${flags.format} report written to ${flags.out} (total $${final.totalMonthlyCost.toFixed(2)} a month)\n`);
      } else process.stdout.write(text);
    });
}
