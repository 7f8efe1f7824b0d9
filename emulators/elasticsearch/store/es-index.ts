/**
 * One index: documents (id, raw `_source` text, version, seq_no) by internal doc number, the
 * mapping, one column per leaf field, and Elasticsearch's refresh model: writes are visible to
 * `get` at once (real-time) and to search after the next refresh (`_refresh`, `refresh=true`,
 * `refresh=wait_for`, or the periodic refresh every `index.refresh_interval`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { versionConflict } from '../errors';
import { analyzer } from './analysis';
import { GeoColumn, KeywordColumn, NumericColumn, TextColumn, type Column } from './columns';
import { parseDocument, type FieldValue } from './document';
import { Mapping, type FieldDef } from './mapping';

type Json = Record<string, unknown>;

/** Result of a write. */
export interface WriteResult {
  readonly id: string;
  readonly version: number;
  readonly seqNo: number;
  readonly result: 'created' | 'updated' | 'deleted' | 'not_found' | 'noop';
}

/** Options of {@link EsIndex.put}. */
export interface PutOptions {
  /** Document id; generated when unset. */
  readonly id?: string;
  /** The source object, already parsed. */
  readonly source: Json;
  /** The source text as received (kept as `_source`); derived from `source` when unset. */
  readonly sourceText?: string;
  /** `create` fails with 409 when the id exists. @default 'index' */
  readonly opType?: 'index' | 'create';
  /** Optimistic concurrency: the seq_no the current doc must have. */
  readonly ifSeqNo?: number;
  /** Forces the stored version (used when restoring a snapshot). */
  readonly restoreVersion?: number;
}

/** Ids like Elasticsearch's: 20 URL-safe base64 characters. */
export const newDocId = (): string => randomBytes(15).toString('base64url');

/** An index. */
export class EsIndex {
  readonly name: string;
  readonly uuid: string;
  readonly createdAt: number;
  readonly mapping = new Mapping();
  /** Settings under `index.` (number_of_shards, refresh_interval, ...), flat keys without the prefix. */
  settings: Record<string, string> = {};
  /** Aliases on this index, with their definitions (filter, routing, is_write_index). */
  readonly aliases = new Map<string, Json>();

  // Documents by internal number.
  readonly ids: string[] = [];
  readonly sources: string[] = [];
  readonly versions: number[] = [];
  readonly seqNos: number[] = [];
  /** Current doc number per id (real-time view). */
  readonly byId = new Map<string, number>();
  private readonly tombstones = new Map<string, number>();
  private seq = -1;

  /** Search-visible deletions (applied at refresh). */
  deleted = new Uint8Array(1024);
  private pendingDeletes: number[] = [];
  /** Docs below this number were present at the last refresh. */
  visibleUpTo = 0;
  private visibleCache: Int32Array | null = null;

  readonly columns = new Map<string, Column>();
  /** Changes since the last snapshot. */
  dirty = true;
  /** Snapshot bookkeeping: docs below this number are in the data dir's log. */
  persistedDocs = 0;
  /** Ids deleted since the last snapshot. */
  readonly deletedSinceSnapshot = new Set<string>();
  /** Records in the data dir's log (compacted when it outgrows the live docs). */
  logRecords = 0;
  /** Whether this index object's log exists in the data dir (a re-created index starts over). */
  snapshotted = false;

  constructor(opts: { name: string; uuid?: string; createdAt?: number }) {
    this.name = opts.name;
    this.uuid = opts.uuid ?? randomUUID().replace(/-/g, '').slice(0, 22);
    this.createdAt = opts.createdAt ?? Date.now();
  }

  /** Number of live documents (real-time). */
  get docCount(): number {
    return this.byId.size;
  }

  /** Highest seq_no assigned. */
  get maxSeqNo(): number {
    return this.seq;
  }

  /** Whether there are writes a refresh would make visible. */
  get needsRefresh(): boolean {
    return this.visibleUpTo < this.ids.length || this.pendingDeletes.length > 0;
  }

  /** Indexes (or creates) a document. Throws 409 on a create conflict or seq_no mismatch, 400 on a mapping error. */
  put(opts: PutOptions): WriteResult {
    const id = opts.id ?? newDocId();
    const existing = this.byId.get(id);
    if (opts.opType === 'create' && existing !== undefined) {
      throw versionConflict({ index: this.name, id, reason: `version conflict, document already exists (current version [${this.versions[existing]}])` });
    }
    if (opts.ifSeqNo !== undefined) {
      const current = existing === undefined ? -2 : this.seqNos[existing];
      if (current !== opts.ifSeqNo) {
        throw versionConflict({ index: this.name, id, reason: existing === undefined
          ? `version conflict, required seqNo [${opts.ifSeqNo}], but no document was found`
          : `version conflict, required seqNo [${opts.ifSeqNo}], primary term [1]. current document has seqNo [${current}] and primary term [1]` });
      }
    }
    const parsed = parseDocument(this.mapping, opts.source, id);
    for (const path of parsed.newObjects) this.mapping.addDynamicObject(path);
    for (const [path, def] of parsed.newFields) this.mapping.addDynamic(path, def);
    const doc = this.ids.length;
    const version = opts.restoreVersion ?? (existing !== undefined ? this.versions[existing] + 1 : (this.tombstones.get(id) ?? 0) + 1);
    this.ids.push(id);
    this.sources.push(opts.sourceText ?? JSON.stringify(opts.source));
    this.versions.push(version);
    this.seqNos.push(++this.seq);
    if (existing !== undefined) this.pendingDeletes.push(existing);
    this.byId.set(id, doc);
    this.tombstones.delete(id);
    for (const [def, values] of parsed.values) this.write(def, doc, values);
    this.dirty = true;
    return { id, version, seqNo: this.seq, result: existing === undefined ? 'created' : 'updated' };
  }

  private write(def: FieldDef, doc: number, values: FieldValue[]): void {
    let col = this.columns.get(def.path);
    switch (def.type) {
      case 'text':
      case 'match_only_text': {
        if (!col) this.columns.set(def.path, (col = new TextColumn()));
        const analyze = analyzer(def.analyzer);
        const tokens: string[] = [];
        for (const v of values) for (const t of analyze(v as string)) tokens.push(t);
        (col as TextColumn).set(doc, tokens);
        return;
      }
      case 'keyword':
      case 'ip':
        if (!col) this.columns.set(def.path, (col = new KeywordColumn()));
        (col as KeywordColumn).set(doc, values as string[]);
        return;
      case 'geo_point':
        if (!col) this.columns.set(def.path, (col = new GeoColumn()));
        (col as GeoColumn).set(doc, values as Array<readonly [number, number]>);
        return;
      default:
        if (!col) this.columns.set(def.path, (col = new NumericColumn()));
        (col as NumericColumn).set(doc, values as number[]);
    }
  }

  /** Real-time get. */
  get(id: string): { doc: number; source: string; version: number; seqNo: number } | undefined {
    const doc = this.byId.get(id);
    if (doc === undefined) return undefined;
    return { doc, source: this.sources[doc], version: this.versions[doc], seqNo: this.seqNos[doc] };
  }

  /** Deletes a document by id. */
  delete(id: string, ifSeqNo?: number): WriteResult {
    const doc = this.byId.get(id);
    if (ifSeqNo !== undefined && (doc === undefined || this.seqNos[doc] !== ifSeqNo)) {
      throw versionConflict({ index: this.name, id, reason: `version conflict, required seqNo [${ifSeqNo}], primary term [1]. ${doc === undefined ? 'but no document was found' : `current document has seqNo [${this.seqNos[doc]}] and primary term [1]`}` });
    }
    if (doc === undefined) {
      const version = (this.tombstones.get(id) ?? 0) + 1;
      return { id, version, seqNo: ++this.seq, result: 'not_found' };
    }
    const version = this.versions[doc] + 1;
    this.byId.delete(id);
    this.deletedSinceSnapshot.add(id);
    this.tombstones.set(id, version);
    this.pendingDeletes.push(doc);
    this.dirty = true;
    return { id, version, seqNo: ++this.seq, result: 'deleted' };
  }

  /** Makes all writes so far visible to search. */
  refresh(): void {
    if (!this.needsRefresh) return;
    const n = this.ids.length;
    if (n > this.deleted.length) {
      const b = new Uint8Array(Math.max(n, this.deleted.length * 2));
      b.set(this.deleted);
      this.deleted = b;
    }
    for (const d of this.pendingDeletes) this.deleted[d] = 1;
    this.pendingDeletes = [];
    this.visibleUpTo = n;
    this.visibleCache = null;
  }

  /** Search-visible doc numbers, ascending (cached until the next refresh). */
  visibleDocs(): Int32Array {
    if (this.visibleCache) return this.visibleCache;
    const out = new Int32Array(this.visibleUpTo);
    let k = 0;
    for (let d = 0; d < this.visibleUpTo; d++) if (!this.deleted[d]) out[k++] = d;
    this.visibleCache = out.subarray(0, k);
    return this.visibleCache;
  }

  /** Whether a doc number is visible to search. */
  isVisible(doc: number): boolean {
    return doc < this.visibleUpTo && this.deleted[doc] === 0;
  }

  /** Number of search-visible documents. */
  get visibleCount(): number {
    return this.visibleDocs().length;
  }
}
