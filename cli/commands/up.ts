import type { Command } from 'commander';

/** `tributary up`: the whole platform locally. The local runtime (issue 11) plugs in here. */
export function register(program: Command): void {
  program
    .command('up')
    .description('Run the platform locally: emulators, provisioned resources, functions, producers, dashboard.')
    .action(() => {
      process.stdout.write(
        'tributary up: nothing to run yet — the local runtime has not landed.\n' +
          'Available now: `npx tributary --help` lists the commands that work.\n',
      );
    });
}
