import type { Command } from 'commander';
import { runBenchmarks } from '../../bench/run';

/** `tributary bench [names...]`: runs `bench/<name>.bench.ts` and writes `bench/results/<name>.json`. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('Run the benchmarks under bench/ and write bench/results/<name>.json')
    .argument('[names...]', 'only these benchmarks (file names without .bench.ts); default: all')
    .action(async (names: string[]) => {
      await runBenchmarks({ only: names });
    });
}
