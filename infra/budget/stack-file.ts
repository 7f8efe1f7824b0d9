/**
 * Finding the stack JSON the budget prices, and deciding whether it must be synthesized first:
 * when it is missing, or older than any source it is generated from (`pipelines/`, `infra/`
 * outside the budget, `schemas/`, `sql/`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `<outdir>/stacks/<stack>/cdk.tf.json` */
export const stackFile = (outdir: string, stack: string): string => join(outdir, 'stacks', stack, 'cdk.tf.json');

/** Folders the stack is generated from, relative to the repository root. */
export const STACK_SOURCES = ['pipelines', 'infra', 'schemas', 'sql'] as const;

/** Paths under the sources that do not change the graph. */
const IGNORED = [/^infra\/budget\//, /\.test\.ts$/, /(^|\/)node_modules\//, /(^|\/)test-fixtures\//];

/** Newest modification time (ms) of a source file under `roots`, 0 when there is none. */
export function newestSource(repo: string, roots: readonly string[] = STACK_SOURCES): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      const rel = relative(repo, p).split('\\').join('/');
      if (IGNORED.some((re) => re.test(rel))) continue;
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json|sql)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const r of roots) walk(join(repo, r));
  return newest;
}

/** Why the stack must be synthesized first, or undefined when it is up to date. */
export function staleReason(file: string, repo: string): string | undefined {
  if (!existsSync(file)) return `${file} does not exist`;
  const newest = newestSource(repo);
  return newest > statSync(file).mtimeMs ? `${file} is older than its sources (pipelines/, infra/, schemas/, sql/)` : undefined;
}
