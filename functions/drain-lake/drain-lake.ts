/**
 * drainLake (HTTP, started by Cloud Scheduler): drains the raw, enriched and quarantine
 * subscriptions of a pipeline into the lake's bronze, silver and quarantine layers at once, each
 * under its own batch loop, and answers with one JSON summary per layer before its time budget.
 * Dead letters (when a dead-letter source is given) go to quarantine too, with rule `dead_letter`.
 */
import type { LakeLayer } from '../../pipelines/naming';
import type { BatchPolicy } from '../../pipelines/types';
import { drain, type DrainSummary, type MessageSource } from '../shared/drain';
import type { Logger } from '../shared/log';
import type { LakeColumn } from '../shared/parquet';
import { lakeSink, type ObjectStore } from './lake-sink';
import { BRONZE_COLUMNS, QUARANTINE_COLUMNS, bronzeRow, deadLetterRow, quarantineRow, silverRow } from './rows';

/** What one drainLake invocation needs. */
export interface DrainLakeOptions {
  readonly pipeline: string;
  /** Columns of the silver files (from the enriched schema); partition keys are dropped from them. */
  readonly silverColumns: readonly LakeColumn[];
  readonly partitionKeys: readonly string[];
  /** Field of the enriched event that drives `dt=`. */
  readonly timeField: string;
  readonly policy: BatchPolicy;
  readonly budgetMs: number;
  readonly sources: Readonly<Record<LakeLayer, MessageSource>> & { readonly deadLetter?: MessageSource };
  readonly store: ObjectStore;
  readonly log?: Logger;
  /** Empty pulls in a row before a layer's loop stops early. @default 2 */
  readonly idlePulls?: number;
}

/** Summaries of one run: one per layer, and `deadLetter` when dead letters were drained. */
export type DrainLakeSummary = Record<LakeLayer, DrainSummary> & { deadLetter?: DrainSummary };

/** Runs the layer drains concurrently and returns their summaries. */
export async function drainLake(opts: DrainLakeOptions): Promise<DrainLakeSummary> {
  const layers = {
    bronze: lakeSink({ layer: 'bronze', pipeline: opts.pipeline, columns: BRONZE_COLUMNS, decode: bronzeRow, store: opts.store, log: opts.log }),
    silver: lakeSink({
      layer: 'silver',
      pipeline: opts.pipeline,
      columns: opts.silverColumns,
      partitionKeys: opts.partitionKeys,
      decode: (m) => silverRow(m, opts.timeField),
      store: opts.store,
      log: opts.log,
    }),
    quarantine: lakeSink({ layer: 'quarantine', pipeline: opts.pipeline, columns: QUARANTINE_COLUMNS, decode: quarantineRow, store: opts.store, log: opts.log }),
    deadLetter: lakeSink({ layer: 'quarantine', pipeline: opts.pipeline, columns: QUARANTINE_COLUMNS, decode: (m) => deadLetterRow(m, opts.pipeline), store: opts.store, log: opts.log }),
  };
  try {
    const run = (layer: keyof typeof layers, source: MessageSource) =>
      drain({ source, sink: layers[layer], policy: opts.policy, budgetMs: opts.budgetMs, idlePulls: opts.idlePulls, log: opts.log?.child({ layer }) });
    const { deadLetter } = opts.sources;
    const [bronze, silver, quarantine, dead] = await Promise.all([
      run('bronze', opts.sources.bronze),
      run('silver', opts.sources.silver),
      run('quarantine', opts.sources.quarantine),
      deadLetter ? run('deadLetter', deadLetter) : undefined,
    ]);
    return dead ? { bronze, silver, quarantine, deadLetter: dead } : { bronze, silver, quarantine };
  } finally {
    for (const s of Object.values(layers)) s.close();
  }
}
