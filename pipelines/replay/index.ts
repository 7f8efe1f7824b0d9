/**
 * Replay core for `tributary produce`: read a file or the iot folder layout, pace the records
 * by rate or by the data's own timestamps (timewarp), and count them on a progress bar.
 * Pipeline-agnostic: it knows files and time, not pipelines.
 */
import type { Json } from '../types';
import { type Clock, type Pacing, pace, systemClock } from './pace';
import { ProgressBar, type ProgressStream } from './progress';
import { type ReplayRecord, type SourceOptions, readSource } from './readers';

export * from './pace';
export * from './progress';
export * from './readers';
export * from './cast';

/** Options of {@link replay}. */
export interface ReplayOptions extends SourceOptions {
  readonly pacing: Pacing;
  /** Stop after this many records. @default all */
  readonly count?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** A progress bar (drawn only when the stream is a TTY); omit for none. */
  readonly progress?: { readonly label: string; readonly stream?: ProgressStream };
}

/** Records of the source, paced; draws progress when asked. */
export async function* replay(options: ReplayOptions): AsyncGenerator<ReplayRecord> {
  const clock = options.clock ?? systemClock;
  const bar = options.progress ? new ProgressBar({ ...options.progress, total: options.count, clock }) : undefined;
  const limit = options.count ?? Infinity;
  if (limit <= 0) return;
  let n = 0;
  const source = readSource(options);
  try {
    for await (const record of pace(source, { pacing: options.pacing, clock, value: (r: ReplayRecord): Json | undefined => r.value })) {
      yield record;
      bar?.tick();
      if (++n >= limit) break;
    }
  } finally {
    await source.return(undefined);
    bar?.done();
  }
}
