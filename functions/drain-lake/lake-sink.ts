/**
 * The lake sink of the drain: turns a batch of messages into Parquet files, one per `dt=` and
 * partition value, at deterministic names, written create-only. A file's name is the hash of the
 * ids it holds, so a batch delivered again after a crash maps to the same objects; the store
 * answers "already exists" (412 on `ifGenerationMatch: 0`) and the messages are acked as written.
 * Ids are deduplicated within a batch; a redelivery that lands in a differently composed batch
 * can repeat an id in a second file, which the `silver.<id>` view (one row per `event_id`) removes.
 */
import { createHash } from 'node:crypto';
import { lakeObject, type LakeLayer } from '../../pipelines/naming';
import type { PulledMessage, Sink, SinkResult } from '../shared/drain';
import type { Logger } from '../shared/log';
import { ParquetEncoder, type LakeColumn } from '../shared/parquet';
import type { LakeRow } from './rows';

/** Where lake files go: create-only writes (a Cloud Storage bucket in practice). */
export interface ObjectStore {
  /** Writes `name` only if it does not exist; `exists` when it already did (nothing written). */
  createIfAbsent(name: string, bytes: Uint8Array): Promise<'created' | 'exists'>;
}

/** Options of {@link lakeSink}. */
export interface LakeSinkOptions {
  readonly layer: LakeLayer;
  readonly pipeline: string;
  /** Columns of the files; partition keys among them are dropped (they live in the path only). */
  readonly columns: readonly LakeColumn[];
  /** Hive partition keys after `dt` (silver only). @default [] */
  readonly partitionKeys?: readonly string[];
  /** Message → row; throwing marks that message failed (nacked, so dead-lettered if it keeps failing). */
  readonly decode: (m: PulledMessage) => LakeRow;
  readonly store: ObjectStore;
  readonly log?: Logger;
}

/** Hive's name for a missing partition value (what BigQuery and DuckDB read back as NULL). */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';

/** The object name of a group of rows: `<layer>/<id>/dt=…/[k=v/…]<min time>-<hash of sorted ids>.parquet`. */
export function fileName(opts: { layer: LakeLayer; pipeline: string; dt: string; partitions: ReadonlyArray<readonly [string, string]>; rows: readonly LakeRow[] }): string {
  const ids = opts.rows.map((r) => r.id).sort();
  const hash = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 20);
  const first = Math.min(...opts.rows.map((r) => r.time));
  return lakeObject({ layer: opts.layer, pipeline: opts.pipeline, dt: opts.dt, partitions: opts.partitions, file: `${stamp(first)}-${hash}` });
}

/** A drain {@link Sink} writing one layer of the lake. Call `close()` to release the encoder. */
export function lakeSink(opts: LakeSinkOptions): Sink & { close(): void } {
  const keys = opts.partitionKeys ?? [];
  const columns = opts.columns.filter((c) => c.name !== 'dt' && !keys.includes(c.name));
  const encoder = new ParquetEncoder(columns);

  const sink = async (batch: readonly PulledMessage[]): Promise<SinkResult> => {
    const failed: string[] = [];
    const seen = new Map<string, { row: LakeRow; ackIds: string[] }>();
    for (const m of batch) {
      let row: LakeRow;
      try {
        row = opts.decode(m);
      } catch (err) {
        opts.log?.warn('message cannot be written to the lake; nacking it', { layer: opts.layer, messageId: m.messageId, error: err });
        failed.push(m.ackId);
        continue;
      }
      const prior = seen.get(row.id);
      if (prior) prior.ackIds.push(m.ackId); // duplicate delivery in one batch: written once, acked with it
      else seen.set(row.id, { row, ackIds: [m.ackId] });
    }

    const groups = new Map<string, { dt: string; partitions: [string, string][]; rows: LakeRow[]; ackIds: string[] }>();
    for (const { row, ackIds } of seen.values()) {
      const dt = dateOf(row.time);
      const partitions = keys.map((k): [string, string] => {
        const v = row.row[k];
        return [k, v === null || v === undefined || v === '' ? NULL_PARTITION : String(v)];
      });
      const key = JSON.stringify([dt, partitions]);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { dt, partitions, rows: [], ackIds: [] }));
      g.rows.push(row);
      g.ackIds.push(...ackIds);
    }

    const counters = { files: 0, rows: 0, bytes: 0, alreadyWritten: 0, duplicates: batch.length - failed.length - seen.size };
    for (const g of groups.values()) {
      const name = fileName({ layer: opts.layer, pipeline: opts.pipeline, dt: g.dt, partitions: g.partitions, rows: g.rows });
      try {
        const bytes = await encoder.encode(g.rows.map((r) => r.row));
        const outcome = await opts.store.createIfAbsent(name, bytes);
        if (outcome === 'exists') counters.alreadyWritten++;
        else {
          counters.files++;
          counters.rows += g.rows.length;
          counters.bytes += bytes.byteLength;
        }
      } catch (err) {
        opts.log?.error('lake file not written; nacking its messages', { layer: opts.layer, object: name, rows: g.rows.length, error: err });
        failed.push(...g.ackIds);
      }
    }
    return { failed, counters };
  };
  return Object.assign(sink, { close: () => encoder.close() });
}
