/**
 * Synthesizes the app and checks every stack (what `tributary synth` runs). The stacks are
 * written where `npx cdktf synth` writes them: `<outdir>/stacks/<stack>/cdk.tf.json`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApp } from './app';
import { checkStack, type Violation } from './checks';
import type { Definitions } from './definitions';
import type { TerraformJson } from './graph';
import { TributaryStack } from './stack';

/** One synthesized stack. */
export interface SynthResult {
  readonly stack: string;
  /** Path of the stack JSON. */
  readonly file: string;
  readonly resources: number;
  readonly violations: readonly Violation[];
}

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  readonly definitions: Definitions;
  /** @default 'cdktf.out' */
  readonly outdir?: string;
  /** @default every configured environment (or TRIBUTARY_ENVIRONMENTS) */
  readonly environments?: readonly string[];
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** SQL root. @default `<repo>/sql` */
  readonly sqlRoot?: string;
}

/** Synthesizes, then runs the policy checks on each stack's JSON. */
export function synthesize(opts: SynthesizeOptions): SynthResult[] {
  const outdir = resolve(opts.outdir ?? 'cdktf.out');
  const app = buildApp({ ...opts.definitions, outdir, environments: opts.environments, env: opts.env, sqlRoot: opts.sqlRoot });
  app.synth();
  return app.node.children
    .filter((c): c is TributaryStack => c instanceof TributaryStack)
    .map((stack) => {
      const file = join(outdir, 'stacks', stack.node.id, 'cdk.tf.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as TerraformJson;
      const resources = Object.values(json.resource ?? {}).reduce((n, blocks) => n + Object.keys(blocks).length, 0);
      const violations = checkStack(json, { pipelines: stack.pipelines, publicApi: stack.config.publicApi, kafka: stack.config.kafka === 'managed' });
      return { stack: stack.node.id, file, resources, violations };
    });
}
