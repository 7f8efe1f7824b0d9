/**
 * ingestFile (CloudEvent, Cloud Storage finalize on `<project>-landing`): streams one landed
 * object through its format's reader and publishes each record to `<id>-raw` in batches,
 * awaiting each batch before reading on, so memory stays bounded whatever the file's size. The
 * per-file ingestion report (rows read, published, rejected with reasons) is returned and
 * written as JSON next to the lake (`reports/ingest/<id>/<object>.<generation>.json`).
 */
import { Transform, type Readable } from 'node:stream';
import type { Invocation } from '../shared/counters';
import type { Logger } from '../shared/log';
import type { Publisher } from '../shared/publisher';
import { formatOf, readRecords, type FileFormat } from './formats';

/** The finalize event's data (Cloud Storage object resource, as Eventarc delivers it). */
export interface StorageObjectData {
  readonly bucket: string;
  readonly name: string;
  readonly generation?: string | number;
  readonly size?: string | number;
  readonly contentType?: string;
}

/** The ingestion report of one file. */
export interface IngestReport {
  pipeline: string;
  source: string;
  generation: string;
  format: FileFormat | null;
  status: 'ingested' | 'skipped' | 'unsupported';
  rowsRead: number;
  published: number;
  rejected: number;
  /** Rejections by reason (the reason's text up to its first colon). */
  reasons: Record<string, number>;
  /** The first rejections, with their line numbers. */
  samples: { line: number; reason: string }[];
  bytes: number;
  startedAt: string;
  finishedAt: string;
}

/** Options of {@link ingestObject}. */
export interface IngestOptions {
  readonly pipeline: string;
  readonly object: StorageObjectData;
  /** Opens the object's bytes as a stream. */
  readonly open: () => Readable;
  readonly publisher: Publisher;
  /** `RAW_TOPIC`. */
  readonly topic: string;
  /** `LANDING_PREFIX`: objects outside it are skipped (Eventarc cannot filter by prefix). */
  readonly prefix: string;
  /** `FILE_FORMATS`: formats this pipeline takes. */
  readonly formats: readonly FileFormat[];
  /** Sets a field on records that lack it, from the file (e.g. retail `record_type`). @default none */
  readonly annotate?: (record: Record<string, unknown>, object: StorageObjectData, format: FileFormat) => void;
  /** Records per publish batch. @default 1000 */
  readonly batchSize?: number;
  /** Rejection samples kept in the report. @default 20 */
  readonly maxSamples?: number;
  readonly log?: Logger;
  readonly invocation?: Invocation;
}

/** Ingests one landed object; returns its report (the caller stores it). */
export async function ingestObject(opts: IngestOptions): Promise<IngestReport> {
  const { object } = opts;
  const format = formatOf(object.name) ?? null;
  const report: IngestReport = {
    pipeline: opts.pipeline,
    source: `gs://${object.bucket}/${object.name}`,
    generation: String(object.generation ?? ''),
    format,
    status: 'ingested',
    rowsRead: 0,
    published: 0,
    rejected: 0,
    reasons: {},
    samples: [],
    bytes: 0,
    startedAt: new Date().toISOString(),
    finishedAt: '',
  };
  const done = (status: IngestReport['status']) => ({ ...report, status, finishedAt: new Date().toISOString() });
  if (!object.name.startsWith(opts.prefix)) return done('skipped');
  if (!format || !opts.formats.includes(format)) {
    opts.log?.warn('landed file has a format this pipeline does not take', { object: object.name, format, accepted: opts.formats });
    return done('unsupported');
  }

  const maxSamples = opts.maxSamples ?? 20;
  const batchSize = opts.batchSize ?? 1_000;
  const reject = (line: number, reason: string) => {
    report.rejected++;
    const key = reason.split(':')[0];
    report.reasons[key] = (report.reasons[key] ?? 0) + 1;
    if (report.samples.length < maxSamples) report.samples.push({ line, reason: reason.slice(0, 300) });
  };
  let batch: { data: Buffer; attributes: Record<string, string> }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    await opts.publisher.publish(opts.topic, out);
    report.published += out.length;
    opts.invocation?.add('messagesOut', out.length);
    opts.invocation?.add('bytesOut', out.reduce((n, m) => n + m.data.byteLength, 0));
  };

  const source = opts.open();
  const input = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      report.bytes += chunk.byteLength;
      cb(null, chunk);
    },
  });
  source.once('error', (err) => input.destroy(err));
  source.pipe(input);
  for await (const items of readRecords(input, format)) {
    for (const item of items) {
      report.rowsRead++;
      if ('rejected' in item) {
        reject(item.line, item.rejected);
        continue;
      }
      const record = item.record;
      if (opts.annotate && typeof record === 'object' && record !== null && !Array.isArray(record)) opts.annotate(record as Record<string, unknown>, object, format);
      batch.push({ data: Buffer.from(JSON.stringify(record)), attributes: { source: report.source, line: String(item.line) } });
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  opts.invocation?.add('messagesIn', report.rowsRead);
  opts.invocation?.add('bytesIn', report.bytes);
  return done('ingested');
}

/** Object name of a file's report: `reports/ingest/<id>/<object name>.<generation>.json`. */
export const reportObject = (pipeline: string, object: StorageObjectData): string => `reports/ingest/${pipeline}/${object.name}.${object.generation ?? 0}.json`;

/**
 * Fills `record_type` from the file when the pipeline's raw schema has one (retail): a log is a
 * `weblog`, otherwise the file name says `order`, `customer` or `product`; CSV defaults to
 * `order_line` (the retail sources, ARCHITECTURE §6).
 */
export function recordTypeFromFile(record: Record<string, unknown>, object: StorageObjectData, format: FileFormat): void {
  if (record.record_type !== undefined) return;
  const base = object.name.toLowerCase().split('/').pop() ?? '';
  const type = format === 'log' ? 'weblog' : base.includes('customer') ? 'customer' : base.includes('product') ? 'product' : base.includes('order') || format === 'csv' ? 'order_line' : undefined;
  if (type) record.record_type = type;
}
