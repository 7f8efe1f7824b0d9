/**
 * An in-process `tributary up` for tests: the synthesized stack of the chosen pipelines, every
 * emulator on a free port, a free API port, logs kept in memory, all under a temp directory that
 * `stop()` removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../functions/shared/log';
import { EMULATORS } from './emulators';
import { freePort } from './ports';
import { startLocal, type LocalRuntime } from './runtime';
import { localStack } from './stack';

/** A runtime under a temp dir, with the lines it logged. */
export interface TestRuntime {
  readonly rt: LocalRuntime;
  readonly lines: string[];
  stop(): Promise<void>;
}

/**
 * Starts the runtime for `pipelines` (the stack is synthesized into the temp dir). `functionEnv`
 * is added to every function's environment (e.g. a shorter `BATCH_AGE_MS`).
 */
export async function startTestRuntime(pipelines: readonly string[], functionEnv?: Readonly<Record<string, string>>): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-runtime-'));
  const lines: string[] = [];
  const stack = localStack({ pipelines, dataDir: dir });
  const rt = await startLocal({
    stackFile: stack.file,
    dataDir: join(dir, 'state'),
    apiPort: await freePort(),
    emulatorPorts: Object.fromEntries(EMULATORS.map((e) => [e.name, 0])),
    functionEnv,
    log: createLogger({ sink: (l) => lines.push(l) }),
    onFunctionLine: (fn, l) => lines.push(`${fn} ${l}`),
  });
  return {
    rt,
    lines,
    stop: async () => {
      await rt.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
