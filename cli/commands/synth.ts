import type { Command } from 'commander';
import { loadDefinitions } from '../../infra/definitions';
import { synthesize } from '../../infra/synth';

/** Options of `tributary synth`. */
interface SynthFlags {
  env?: string;
  out: string;
}

/** A synthesized stack that fails a policy check. */
export class PolicyViolationError extends Error {
  constructor(count: number) {
    super(`${count} policy violation(s) in the synthesized stacks (listed above); fix the constructs in infra/ and synth again`);
    this.name = 'PolicyViolationError';
  }
}

/** `tributary synth`: the CDKTF synth (same output as `npx cdktf synth`) plus the policy checks. */
export function register(program: Command): void {
  program
    .command('synth')
    .description('Synthesize the CDKTF stacks to <out>/stacks/tributary-<env>/cdk.tf.json and check them (IAM, dead letters, buckets, references, secrets)')
    .option('--env <names>', 'comma-separated environments of infra/stacks.config.ts (default: all, or TRIBUTARY_ENVIRONMENTS)')
    .option('--out <dir>', 'output folder', 'cdktf.out')
    .action((flags: SynthFlags) => {
      const environments = flags.env?.split(',').map((s) => s.trim()).filter(Boolean);
      const results = synthesize({ definitions: loadDefinitions(), outdir: flags.out, environments });
      let violations = 0;
      for (const r of results) {
        process.stdout.write(`${r.stack}: ${r.resources} resources -> ${r.file} (${r.violations.length} policy violations)\n`);
        for (const v of r.violations) process.stdout.write(`  [${v.check}] ${v.resource}: ${v.message}\n`);
        violations += r.violations.length;
      }
      if (violations > 0) throw new PolicyViolationError(violations);
    });
}
