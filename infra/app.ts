/**
 * Builds the CDKTF app: one {@link TributaryStack} per environment of `infra/stacks.config.ts`
 * (or those named in `TRIBUTARY_ENVIRONMENTS=dev,prod`).
 */
import { App } from 'cdktf';
import type { PipelineDefinition } from '../pipelines/types';
import type { JsonSchema } from '../schemas/types';
import { resolveStackConfig, type StackConfigInput } from './config';
import type { BqField } from './constructs/warehouse';
import { TributaryStack } from './stack';
import { ENVIRONMENTS } from './stacks.config';

/** An environment name that is not configured. */
export class UnknownEnvironmentError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`environment "${name}" is not in infra/stacks.config.ts; known: ${known.join(', ')} (set TRIBUTARY_ENVIRONMENTS to some of these)`);
    this.name = 'UnknownEnvironmentError';
  }
}

/** What {@link buildApp} needs. */
export interface BuildAppOptions {
  readonly pipelines: readonly PipelineDefinition[];
  readonly toBigQuerySchema: (schema: JsonSchema) => readonly BqField[];
  /** Output folder. @default 'cdktf.out' (cdktf-cli passes CDKTF_OUTDIR) */
  readonly outdir?: string;
  /** Environments to synthesize. @default TRIBUTARY_ENVIRONMENTS, else every configured one */
  readonly environments?: readonly string[];
  /** Configured environments. @default ENVIRONMENTS of infra/stacks.config.ts */
  readonly configs?: Readonly<Record<string, StackConfigInput>>;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** SQL root. @default `<repo>/sql` */
  readonly sqlRoot?: string;
}

/** The app with its stacks (not yet synthesized). */
export function buildApp(opts: BuildAppOptions): App {
  const env = opts.env ?? process.env;
  const configs = opts.configs ?? ENVIRONMENTS;
  const names = opts.environments ?? (env.TRIBUTARY_ENVIRONMENTS ? env.TRIBUTARY_ENVIRONMENTS.split(',').map((s) => s.trim()).filter(Boolean) : Object.keys(configs));
  const app = new App({ outdir: opts.outdir, skipValidation: false });
  for (const name of names) {
    const input = configs[name];
    if (!input) throw new UnknownEnvironmentError(name, Object.keys(configs));
    new TributaryStack(app, {
      config: resolveStackConfig({ environment: name, input, env }),
      pipelines: opts.pipelines,
      toBigQuerySchema: opts.toBigQuerySchema,
      sqlRoot: opts.sqlRoot,
    });
  }
  return app;
}
