/**
 * Live sample data for `tributary up`: a pipeline's deterministic generator, run in windows of
 * {@link WINDOW} events. Each window starts a day in the past (so no event is stamped in the
 * future, which the pipelines' `timestamp.future` rule would rightly quarantine) and uses the
 * next seed, so windows do not repeat each other.
 */
import { getGenerator } from '../pipelines/generators';

/** Events per window. */
export const WINDOW = 10_000;
const DAY_MS = 86_400_000;

/** Endless raw events of pipeline `id` as JSON bytes. */
export function* liveEvents(id: string, seed: number, now: () => number = Date.now): Generator<Buffer> {
  const generator = getGenerator(id);
  for (let window = 0; ; window++) {
    const start = new Date(now() - DAY_MS);
    for (const sample of generator.generate({ count: WINDOW, seed: seed * 100_003 + window, start })) {
      yield Buffer.from(JSON.stringify(sample.event));
    }
  }
}
