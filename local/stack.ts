/**
 * The stack `tributary up` runs: the `dev` environment of the CDKTF app, synthesized again only
 * when its sources changed since the last synth (ARCHITECTURE §1: the local runtime applies the
 * same graph that deploys). `--pipelines a,b` synthesizes a stack of just those pipelines into
 * the data dir, so everything, the bridge's topic map included, covers only what runs.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDefinitions, type Definitions } from '../infra/definitions';
import { synthesize } from '../infra/synth';

const ROOT = resolve(__dirname, '..');
/** Folders whose files feed the synth. */
const SOURCES = ['pipelines', 'schemas', 'infra', 'sql'];

/** A pipeline id that is not defined. */
export class UnknownPipelineError extends Error {
  constructor(ids: readonly string[], known: readonly string[]) {
    super(`unknown pipeline ${ids.join(', ')}; choose from: --pipelines ${known.join(',')}`);
    this.name = 'UnknownPipelineError';
  }
}

/** Options of {@link localStack}. */
export interface LocalStackOptions {
  /** Pipelines to run. @default all */
  readonly pipelines?: readonly string[];
  /** Where a filtered stack is written. */
  readonly dataDir: string;
  /** @default loadDefinitions() */
  readonly definitions?: Definitions;
  /** SQL root for synth. @default `<repo>/sql` */
  readonly sqlRoot?: string;
  /** Synthesize even when the output looks fresh. @default false */
  readonly force?: boolean;
}

/** The synthesized stack file and whether it was synthesized now. */
export interface LocalStack {
  readonly file: string;
  readonly pipelines: readonly string[];
  readonly synthesized: boolean;
}

/** Newest modification time of the synth's source files (tests excluded), in ms. */
export function newestSource(root = ROOT): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'test-fixtures') walk(p);
      } else if (!e.name.includes('.test.')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const s of SOURCES) walk(join(root, s));
  return newest;
}

/** Returns the `dev` stack for the chosen pipelines, synthesizing it if missing or stale. */
export function localStack(opts: LocalStackOptions): LocalStack {
  const definitions = opts.definitions ?? loadDefinitions();
  const known = definitions.pipelines.map((p) => p.id);
  const chosen = opts.pipelines?.length ? [...opts.pipelines] : known;
  const unknown = chosen.filter((id) => !known.includes(id));
  if (unknown.length) throw new UnknownPipelineError(unknown, known);
  const all = chosen.length === known.length;
  const outdir = all && !opts.definitions ? join(ROOT, 'cdktf.out') : join(opts.dataDir, 'cdktf.out', chosen.join('-'));
  const file = join(outdir, 'stacks', 'tributary-dev', 'cdk.tf.json');
  const fresh = existsSync(file) && statSync(file).mtimeMs >= newestSource();
  let synthesized = false;
  if (opts.force || !fresh) {
    const pipelines = definitions.pipelines.filter((p) => chosen.includes(p.id));
    mkdirSync(outdir, { recursive: true });
    const [dev] = synthesize({ definitions: { ...definitions, pipelines }, outdir, environments: ['dev'], env: { ...process.env, TRIBUTARY_ENVIRONMENTS: 'dev' }, sqlRoot: opts.sqlRoot });
    if (dev.violations.length) {
      throw new Error(`the dev stack fails ${dev.violations.length} policy check(s), e.g. ${dev.violations[0].check}: ${dev.violations[0].message}; run \`tributary synth\` for the list`);
    }
    synthesized = true;
  }
  return { file, pipelines: chosen, synthesized };
}
