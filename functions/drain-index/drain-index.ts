/**
 * drainIndex (HTTP, started by Cloud Scheduler): puts the `<id>` index template on cold start,
 * then drains `<id>-enriched-index` into Elasticsearch with `_bulk` under the batch policy and
 * answers with a JSON summary before its time budget.
 */
import type { Client } from '@elastic/elasticsearch';
import type { BatchPolicy, PipelineDefinition } from '../../pipelines/types';
import { drain, type DrainSummary, type MessageSource } from '../shared/drain';
import type { Logger } from '../shared/log';
import type { Publisher } from '../shared/publisher';
import { indexSink, type IndexSinkOptions } from './index-sink';
import { ensureTemplate, type IndexMapping } from './template';

/** What one drainIndex invocation needs. */
export interface DrainIndexOptions {
  readonly client: Client;
  readonly pipeline: Pick<PipelineDefinition, 'id' | 'index' | 'timeField'>;
  /** Mapping of the enriched event (from the schema). */
  readonly mappings: IndexMapping;
  readonly source: MessageSource;
  readonly publisher: Publisher;
  readonly policy: BatchPolicy;
  readonly budgetMs: number;
  readonly log?: Logger;
  /** Empty pulls in a row before returning early. @default 2 */
  readonly idlePulls?: number;
  /** Retry tuning of the sink (tests shorten the backoff). */
  readonly retry?: Pick<IndexSinkOptions, 'attempts' | 'backoffMs' | 'sleep'>;
}

/** Runs one drain of the index subscription. */
export async function drainIndex(opts: DrainIndexOptions): Promise<DrainSummary & { templatePut: boolean }> {
  const templatePut = await ensureTemplate(opts.client, opts.pipeline, opts.mappings);
  const sink = indexSink({ client: opts.client, pipeline: opts.pipeline.id, timeField: opts.pipeline.timeField, publisher: opts.publisher, log: opts.log, ...opts.retry });
  const summary = await drain({ source: opts.source, sink, policy: opts.policy, budgetMs: opts.budgetMs, idlePulls: opts.idlePulls, log: opts.log });
  return { ...summary, templatePut };
}
