/**
 * Benchmark runner. Every `bench/<name>.bench.ts` default-exports an async function that
 * measures and returns plain JSON; the runner stamps it with the machine and date and writes
 * `bench/results/<name>.json`. Figures are reported as ratios to a baseline measured in the same
 * run wherever a baseline exists (the benchmark computes the ratio itself).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** What a benchmark module exports as default. */
export type Benchmark = () => Promise<Record<string, unknown>>;

/** Options for {@link runBenchmarks}. */
export interface RunOptions {
  /** Names to run (file name without `.bench.ts`). @default all */
  readonly only?: readonly string[];
  /** Where results go. @default bench/results */
  readonly outDir?: string;
}

/** Runs the benchmarks in order and writes one JSON file per benchmark. */
export async function runBenchmarks(options: RunOptions = {}): Promise<void> {
  const dir = __dirname;
  const outDir = options.outDir ?? join(dir, 'results');
  mkdirSync(outDir, { recursive: true });
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort();
  const only = options.only?.length ? options.only : all;
  const unknown = only.filter((n) => !all.includes(n));
  if (unknown.length) {
    throw new Error(`no benchmark named ${unknown.join(', ')}; available: ${all.join(', ') || '(none)'}`);
  }
  for (const name of only) {
    process.stdout.write(`bench ${name} ...\n`);
    const started = Date.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, `${name}.bench.ts`)) as { default: Benchmark };
    const results = await mod.default();
    const record = {
      name,
      date: new Date().toISOString(),
      durationMs: Date.now() - started,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      results,
    };
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(record, null, 2) + '\n');
    process.stdout.write(`bench ${name}: ${JSON.stringify(results)}\n`);
  }
}
