import type { Command } from 'commander';
import { resolve } from 'node:path';
import { EMULATORS } from '../../local/emulators';
import { startEmulators } from '../../local/supervisor';

/** Options of `tributary emulators`. */
interface EmulatorsFlags {
  only?: string;
  dataDir: string;
  host: string;
  memory?: boolean;
}

/** `tributary emulators`: the emulators alone, with the environment lines to reach them. */
export function register(program: Command): void {
  program
    .command('emulators')
    .description('Run the emulators alone and print the environment lines that point the official clients at them')
    .option('--only <names>', `comma-separated subset of: ${EMULATORS.map((e) => e.name).join(',')}`)
    .option('--data-dir <dir>', 'keep state here across restarts', '.tributary')
    .option('--memory', 'keep state in memory only (ignores --data-dir)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .action(async (flags: EmulatorsFlags) => {
      const only = flags.only?.split(',').map((s) => s.trim()).filter(Boolean);
      const dataDir = flags.memory ? undefined : resolve(flags.dataDir);
      const running = await startEmulators({ only, dataDir, host: flags.host });
      for (const spec of EMULATORS) {
        const h = running.get(spec.name);
        if (h) process.stdout.write(`${spec.env(h)}\n`);
      }
      process.stdout.write(`# ${running.size} emulator(s) running${dataDir ? `, state in ${dataDir}` : ' in memory'}; Ctrl-C stops them\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.stdout.write('# stopping emulators...\n');
          void Promise.allSettled([...running.values()].reverse().map((h) => h.close())).then(() => done());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
