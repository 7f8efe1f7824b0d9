/**
 * The `tributary` command (ARCHITECTURE §4). Each sub-command lives in `cli/commands/<name>.ts`
 * and registers itself on the program; this file only lists them.
 */
import { Command, CommanderError } from 'commander';
import { register as bench } from './commands/bench';
import { register as budget } from './commands/budget';
import { register as emulators } from './commands/emulators';
import { register as produce } from './commands/produce';
import { register as run } from './commands/run';
import { register as up } from './commands/up';
import { register as synth } from './commands/synth';
import { register as generate } from './commands/generate';

const COMMANDS: ReadonlyArray<(program: Command) => void> = [up, produce, run, emulators, bench, synth, generate, budget];

/** Builds the program; exported so tests can drive it without spawning a process. */
export function buildProgram(): Command {
  const program = new Command('tributary')
    .description('Real-time data pipelines on Google Cloud serverless, run locally against emulators.')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help to see the flags this command takes)\n');
  for (const add of COMMANDS) add(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`tributary: ${message}\n`);
    if (process.env.TRIBUTARY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  }
}

// Run when loaded by bin/tributary.js, also through npx's node_modules/.bin/tributary symlink.
if (require.main === module || /[\\/]tributary(\.js)?$/.test(process.argv[1] ?? '')) {
  void main(process.argv);
}
