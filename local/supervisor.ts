/**
 * Starting and stopping the emulators as one unit, in dependency order (the registry in
 * `local/emulators.ts` says who needs whom).
 */
import type { EmulatorHandle } from '../emulators/common/types';
import { selectEmulators } from './emulators';

/** Starts the chosen emulators in dependency order; stops the ones started if one fails. */
export async function startEmulators(opts: { only?: readonly string[]; dataDir?: string; host?: string; ports?: Readonly<Record<string, number>> }): Promise<Map<string, EmulatorHandle>> {
  const chosen = selectEmulators(opts.only);
  const running = new Map<string, EmulatorHandle>();
  const pending = [...chosen];
  try {
    while (pending.length) {
      const i = pending.findIndex((s) => s.after.every((dep) => running.has(dep) || !pending.some((p) => p.name === dep)));
      const [spec] = pending.splice(i < 0 ? 0 : i, 1);
      try {
        running.set(spec.name, await spec.start({ port: opts.ports?.[spec.name] ?? spec.defaultPort, host: opts.host ?? '127.0.0.1', dataDir: opts.dataDir, running }));
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') {
          throw new PortInUseError(spec.name, opts.ports?.[spec.name] ?? spec.defaultPort);
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


/** An emulator's port is taken: names the port and what to do. */
export class PortInUseError extends Error {
  constructor(
    readonly emulator: string,
    readonly port: number,
  ) {
    super(`port ${port} for ${emulator} is already in use: stop what holds it (\`lsof -i :${port}\`), or choose another with --port-${emulator} <n>`);
    this.name = 'PortInUseError';
  }
}

/** Closes emulators in reverse start order, so dependents go first. */
export async function stopEmulators(running: ReadonlyMap<string, EmulatorHandle>): Promise<void> {
  for (const h of [...running.values()].reverse()) await h.close().catch(() => undefined);
}
