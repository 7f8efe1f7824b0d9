/**
 * Flushing a stopping run: after the producers stop, run the sources that hold events outside
 * Pub/Sub (the postgres extractor), the bridge until Kafka is drained, then each pipeline's
 * drains until a run moves nothing, so a summary counts everything produced.
 */
import type { LocalRuntime } from './runtime';
import { workDone } from './status';

/** Runs the flush; failures are reported through `say` and do not stop the others. Bounded at 5 rounds per job. */
export async function flushPipelines(runtime: LocalRuntime, say: (s: string) => void): Promise<void> {
  const jobs = (role: string) => runtime.plan.functions.filter((f) => f.role === role && runtime.scheduler.names().includes(f.name)).map((f) => f.name);
  const run = (name: string) => runtime.scheduler.runNow(name).catch((err: Error) => void say(`  ${name}: ${err.message}`));
  const runUntilQuiet = async (name: string) => {
    for (let round = 0; round < 5; round++) {
      // A run in progress is awaited first; the next run then starts fresh.
      const result = await run(name);
      if (round > 0 && workDone(result) === 0) return;
    }
  };
  await Promise.all(jobs('pg-source').map(run));
  await Promise.all(jobs('bridge').map(runUntilQuiet));
  await Promise.all([...jobs('drain-lake'), ...jobs('drain-index')].map(runUntilQuiet));
}
