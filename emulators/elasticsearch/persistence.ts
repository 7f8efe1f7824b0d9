/**
 * Snapshots of the cluster to a data dir, so state survives restarts: `templates.json`, and per
 * index `indices/<name>/meta.json` (uuid, settings, mappings, aliases) and `docs.log`, a log
 * of document records (id, version, `_source`, or a deletion; see {@link putRecord}). Each snapshot appends only what
 * changed since the previous one; the log is rewritten (compacted) when it grows past twice the
 * live documents. Whole-file writes go to a temporary name and are renamed, and a torn last line
 * is ignored on load, so a crash mid-write leaves the previous snapshot usable. Loading
 * re-indexes the documents.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from './store/cluster';
import { EsIndex } from './store/es-index';

type Json = Record<string, unknown>;

/** Thrown when a snapshot cannot be read. */
export class SnapshotError extends Error {
  constructor(path: string, cause: Error) {
    super(`cannot read the Elasticsearch emulator snapshot at ${path}: ${cause.message}; move the directory aside to start empty`);
    this.name = 'SnapshotError';
  }
}

const atomicWrite = (path: string, text: string): void => {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};

/** What was last written, so unchanged indices are not rewritten. */
export interface SnapshotState {
  metaVersion: number;
}

/**
 * A put record: `<id as JSON string>\t<version>\t<_source on one line>`. JSON strings never hold
 * raw tabs or newlines, so the first two tabs split the record; a source sent pretty-printed is
 * re-serialized compactly. A deletion is `<id as JSON string>\t-`.
 */
const putRecord = (index: EsIndex, id: string, doc: number): string => {
  const src = index.sources[doc];
  const oneLine = src.includes('\n') || src.includes('\r') ? JSON.stringify(JSON.parse(src)) : src;
  return `${JSON.stringify(id)}\t${index.versions[doc]}\t${oneLine}\n`;
};
const deleteRecord = (id: string): string => `${JSON.stringify(id)}\t-\n`;

/** Rewrites an index's log with one record per live document (compaction). */
function writeFullLog(index: EsIndex, idir: string): void {
  const tmp = join(idir, 'docs.log.tmp');
  const fd = openSync(tmp, 'w');
  try {
    let chunk: string[] = [];
    for (const [id, doc] of index.byId) {
      chunk.push(putRecord(index, id, doc));
      if (chunk.length >= 10_000) {
        writeSync(fd, chunk.join(''));
        chunk = [];
      }
    }
    if (chunk.length) writeSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(idir, 'docs.log'));
  index.logRecords = index.docCount;
  index.snapshotted = true;
}

/** Appends what changed since the last snapshot: the final state of every touched id. */
function appendToLog(index: EsIndex, logPath: string): void {
  const lines: string[] = [];
  for (let doc = index.persistedDocs; doc < index.ids.length; doc++) {
    const id = index.ids[doc];
    if (index.byId.get(id) === doc) lines.push(putRecord(index, id, doc));
  }
  for (const id of index.deletedSinceSnapshot) if (!index.byId.has(id)) lines.push(deleteRecord(id));
  if (lines.length) appendFileSync(logPath, lines.join(''));
  index.logRecords += lines.length;
}

/** Writes the cluster to `dir` (only indices that changed since the last snapshot). */
export function saveSnapshot(cluster: Cluster, dir: string, state: SnapshotState): void {
  const indicesDir = join(dir, 'indices');
  mkdirSync(indicesDir, { recursive: true });
  const metaChanged = state.metaVersion !== cluster.metaVersion;
  if (metaChanged) atomicWrite(join(dir, 'templates.json'), JSON.stringify(Object.fromEntries(cluster.templates), null, 2));
  for (const name of readdirSync(indicesDir)) if (!cluster.indices.has(name)) rmSync(join(indicesDir, name), { recursive: true, force: true });
  for (const index of cluster.indices.values()) {
    const idir = join(indicesDir, index.name);
    const fresh = !index.snapshotted || !existsSync(join(idir, 'meta.json'));
    mkdirSync(idir, { recursive: true });
    if (metaChanged || index.dirty || fresh) {
      const meta = { uuid: index.uuid, createdAt: index.createdAt, settings: index.settings, mappings: index.mapping.toJSON(), aliases: Object.fromEntries(index.aliases) };
      atomicWrite(join(idir, 'meta.json'), JSON.stringify(meta, null, 2));
    }
    if (!index.dirty && !fresh) continue;
    const logPath = join(idir, 'docs.log');
    if (fresh || !existsSync(logPath) || index.logRecords > 2 * index.docCount + 10_000) writeFullLog(index, idir);
    else appendToLog(index, logPath);
    index.persistedDocs = index.ids.length;
    index.deletedSinceSnapshot.clear();
    index.dirty = false;
  }
  state.metaVersion = cluster.metaVersion;
}

/** Reads a snapshot into a new cluster (an empty one when `dir` holds none). */
export function loadSnapshot(dir: string): Cluster {
  const cluster = new Cluster();
  const templatesPath = join(dir, 'templates.json');
  try {
    if (existsSync(templatesPath)) for (const [k, v] of Object.entries(JSON.parse(readFileSync(templatesPath, 'utf8')) as Json)) cluster.templates.set(k, v as Json);
  } catch (err) {
    throw new SnapshotError(templatesPath, err as Error);
  }
  const indicesDir = join(dir, 'indices');
  if (!existsSync(indicesDir)) return cluster;
  for (const name of readdirSync(indicesDir)) {
    const idir = join(indicesDir, name);
    const metaPath = join(idir, 'meta.json');
    if (!existsSync(metaPath)) continue;
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { uuid: string; createdAt: number; settings: Record<string, string>; mappings: Json; aliases: Json };
      const index = new EsIndex({ name, uuid: meta.uuid, createdAt: meta.createdAt });
      index.settings = meta.settings;
      index.mapping.merge(meta.mappings);
      for (const [a, def] of Object.entries(meta.aliases)) index.aliases.set(a, def as Json);
      const docsPath = join(idir, 'docs.log');
      if (existsSync(docsPath)) {
        // The log holds full rewrites followed by appends; the last record per id wins.
        const text = readFileSync(docsPath, 'utf8');
        const latest = new Map<string, { v: number; s: string } | null>();
        let records = 0;
        let start = 0;
        while (start < text.length) {
          const nl = text.indexOf('\n', start);
          if (nl < 0) {
            // A torn last line from a crash mid-append: the records before it stand, and the next
            // snapshot rewrites the log instead of appending after the fragment.
            records = Infinity;
            break;
          }
          const line = text.slice(start, nl);
          start = nl + 1;
          if (!line) continue;
          const t1 = line.indexOf('\t');
          const t2 = line.indexOf('\t', t1 + 1);
          const id = JSON.parse(line.slice(0, t1)) as string;
          records++;
          latest.delete(id); // re-insert so documents keep their last-write order
          if (t2 < 0) latest.set(id, null);
          else latest.set(id, { v: Number(line.slice(t1 + 1, t2)), s: line.slice(t2 + 1) });
        }
        for (const [id, rec] of latest) {
          if (rec) index.put({ id, source: JSON.parse(rec.s) as Json, sourceText: rec.s, restoreVersion: rec.v });
        }
        index.logRecords = records;
      }
      index.snapshotted = true;
      index.persistedDocs = index.ids.length;
      index.deletedSinceSnapshot.clear();
      index.refresh();
      index.dirty = false;
      cluster.indices.set(name, index);
    } catch (err) {
      throw new SnapshotError(idir, err as Error);
    }
  }
  return cluster;
}
