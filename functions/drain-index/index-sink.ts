/**
 * The Elasticsearch sink of the index drain: one `_bulk` per batch into the daily indices
 * `<id>-YYYY.MM.DD` (by the event's time field, UTC) with `_id = event_id`, so a redelivered
 * event overwrites itself. Per item: rejected by the mapping (any 4xx but 429) → a quarantine
 * record is published and the message acked; 429 or 5xx → those items are retried with
 * exponential backoff, then nacked; a whole request that keeps failing nacks the batch.
 */
import type { Client } from '@elastic/elasticsearch';
import { esDailyIndex, pubsubTopic } from '../../pipelines/naming';
import type { PulledMessage, Sink, SinkResult } from '../shared/drain';
import type { Logger } from '../shared/log';
import type { Publisher } from '../shared/publisher';
import { payloadText } from '../shared/payload';

/** Options of {@link indexSink}. */
export interface IndexSinkOptions {
  readonly client: Client;
  readonly pipeline: string;
  /** Field of the enriched event that picks the daily index. */
  readonly timeField: string;
  /** Publishes quarantine records to `<id>-quarantine`. */
  readonly publisher: Publisher;
  /** Attempts for retryable failures (429, 5xx, connection errors). @default 4 */
  readonly attempts?: number;
  /** First backoff; doubles per attempt. @default 200 */
  readonly backoffMs?: number;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock for `received_at` of quarantine records. @default () => new Date() */
  readonly now?: () => Date;
  readonly log?: Logger;
}

interface Doc {
  readonly m: PulledMessage;
  readonly id: string;
  readonly index: string;
  readonly source: Record<string, unknown>;
}

const retryable = (status: number | undefined) => status === undefined || status === 429 || status >= 500;

/** A drain {@link Sink} that indexes a batch through `_bulk`. */
export function indexSink(opts: IndexSinkOptions): Sink {
  const attempts = opts.attempts ?? 4;
  const backoff = opts.backoffMs ?? 200;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? (() => new Date());
  const quarantineTopic = pubsubTopic(opts.pipeline, 'quarantine');

  return async (batch): Promise<SinkResult> => {
    const failed: string[] = [];
    let pending: Doc[] = [];
    for (const m of batch) {
      try {
        const source = JSON.parse(m.data.toString('utf8')) as Record<string, unknown>;
        const id = m.attributes.event_id ?? (source.event_id as string | undefined);
        const time = Date.parse(String(source[opts.timeField]));
        if (!id || !Number.isFinite(time)) throw new Error(`needs event_id and a ${opts.timeField} timestamp`);
        pending.push({ m, id, index: esDailyIndex(opts.pipeline, new Date(time)), source });
      } catch (err) {
        opts.log?.warn('enriched message cannot be indexed; nacking it', { messageId: m.messageId, error: err });
        failed.push(m.ackId);
      }
    }

    const rejected: { doc: Doc; detail: string }[] = [];
    let indexed = 0;
    let retried = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const retry: Doc[] = [];
      try {
        const res = await opts.client.bulk({ operations: pending.flatMap((d) => [{ index: { _index: d.index, _id: d.id } }, d.source]) });
        res.items.forEach((item, i) => {
          const r = item.index ?? Object.values(item)[0];
          const doc = pending[i];
          if (!r?.error) indexed++;
          else if (retryable(r.status)) retry.push(doc);
          else rejected.push({ doc, detail: `${r.error.type}: ${r.error.reason ?? ''}`.trim() });
        });
      } catch (err) {
        const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
        if (!retryable(status) || attempt >= attempts) throw err;
        opts.log?.warn('bulk request failed; backing off', { attempt, status, error: err });
        retry.push(...pending);
      }
      if (retry.length === 0) break;
      if (attempt >= attempts) {
        opts.log?.error('items still failing after retries; nacking them', { items: retry.length, attempts });
        failed.push(...retry.map((d) => d.m.ackId));
        break;
      }
      retried += retry.length;
      await sleep(backoff * 2 ** (attempt - 1));
      pending = retry;
    }

    if (rejected.length) {
      const at = now().toISOString();
      try {
        await opts.publisher.publish(
          quarantineTopic,
          rejected.map(({ doc, detail }) => ({
            data: Buffer.from(JSON.stringify({ pipeline: opts.pipeline, event_id: doc.id, received_at: at, rule: 'index.mapping', detail, payload: payloadText(doc.m.data) })),
            attributes: { event_id: doc.id, rule: 'index.mapping' },
          })),
        );
      } catch (err) {
        opts.log?.error('quarantine publish failed; nacking the rejected documents', { error: err, documents: rejected.length });
        failed.push(...rejected.map((r) => r.doc.m.ackId));
      }
    }
    return { failed, counters: { indexed, quarantined: rejected.length, retried } };
  };
}
