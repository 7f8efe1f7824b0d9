import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { EmulatorHandle } from '../../emulators/common/types';
import { EMULATORS, selectEmulators } from '../../local/emulators';

/** Options of `tributary emulators`. */
interface EmulatorsFlags {
  only?: string;
  dataDir: string;
  host: string;
  memory?: boolean;
}

/** Starts the chosen emulators in dependency order; stops the ones started if one fails. */
export async function startEmulators(opts: { only?: string[]; dataDir?: string; host?: string }): Promise<Map<string, EmulatorHandle>> {
  const chosen = selectEmulators(opts.only);
  const running = new Map<string, EmulatorHandle>();
  const pending = [...chosen];
  try {
    while (pending.length) {
      const i = pending.findIndex((s) => s.after.every((dep) => running.has(dep) || !pending.some((p) => p.name === dep)));
      const [spec] = pending.splice(i < 0 ? 0 : i, 1);
      try {
        running.set(spec.name, await spec.start({ port: spec.defaultPort, host: opts.host ?? '127.0.0.1', dataDir: opts.dataDir, running }));
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') {
          throw new Error(`port ${spec.defaultPort} for ${spec.name} is already in use: stop what holds it, or start the others with --only`);
        }
        throw err;
      }
    }
  } catch (err) {
    await Promise.allSettled([...running.values()].map((h) => h.close()));
    throw err;
  }
  return running;
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
