/**
 * File storage in a data dir: each partition's log is a directory of append-only segment files
 * (`logs/<topic>-<partition>/<base offset, 20 digits>.log`) holding record batches exactly as
 * served; topics are in `topics.json` (replaced atomically) and committed offsets in an
 * append-only `offsets.log` of JSON lines, compacted on start. On open, segments are scanned and
 * a torn batch at the end (a crash mid-write) is cut off. Batches are also kept in memory for
 * serving, so the data dir must fit in memory. Writes go to the OS (write(2)) before the
 * request is answered: a killed process loses nothing, a power cut may.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BATCH } from '../protocol/records';
import { MemoryLog } from './memory';
import type { CommittedOffset, PartitionLog, Storage, TopicMeta } from './types';

/** Segment size after which a new segment file is started. @default 64 MiB */
const SEGMENT_BYTES = 64 * 1024 * 1024;

const segmentName = (base: number): string => `${String(base).padStart(20, '0')}.log`;

/** A partition log backed by segment files. */
class FileLog extends MemoryLog {
  private fd = -1;
  private segmentSize = 0;

  constructor(private readonly dir: string, private readonly segmentBytes: number) {
    super();
    mkdirSync(dir, { recursive: true });
    const segments = readdirSync(dir).filter((f) => /^\d{20}\.log$/.test(f)).sort();
    for (const name of segments) this.load(join(dir, name));
    const last = segments.at(-1);
    if (last) {
      this.fd = openSync(join(dir, last), 'a');
      this.segmentSize = statSync(join(dir, last)).size;
    }
  }

  /** Reads one segment's batches into the in-memory index, cutting off a torn tail. */
  private load(file: string): void {
    const data = readFileSync(file);
    let at = 0;
    while (at + BATCH.HEADER_SIZE <= data.length) {
      const total = data.readInt32BE(at + BATCH.LENGTH) + 12;
      if (total < BATCH.HEADER_SIZE || at + total > data.length) break;
      const batch = data.subarray(at, at + total);
      const base = Number(batch.readBigInt64BE(BATCH.BASE_OFFSET));
      this.index(batch, base, batch.readInt32BE(BATCH.LAST_OFFSET_DELTA), Number(batch.readBigInt64BE(BATCH.MAX_TIMESTAMP)));
      at += total;
    }
    if (at < data.length) truncateSync(file, at);
  }

  override append(batch: Buffer, lastOffsetDelta: number, maxTimestamp: number): number {
    if (this.fd < 0 || this.segmentSize >= this.segmentBytes) {
      if (this.fd >= 0) closeSync(this.fd);
      this.fd = openSync(join(this.dir, segmentName(this.nextOffset)), 'a');
      this.segmentSize = 0;
    }
    const base = super.append(batch, lastOffsetDelta, maxTimestamp);
    writeSync(this.fd, batch);
    this.segmentSize += batch.length;
    return base;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Storage in a data dir (see the file comment for the layout). */
export class FileStorage implements Storage {
  private readonly logs = new Map<string, FileLog>();
  private readonly offsetsFd: number;
  private readonly offsets: CommittedOffset[];

  constructor(readonly dir: string, private readonly segmentBytes = SEGMENT_BYTES) {
    mkdirSync(join(dir, 'logs'), { recursive: true });
    this.offsets = this.readOffsets();
    // compact: rewrite the live offsets, then append from there
    const tmp = join(dir, 'offsets.log.tmp');
    writeFileSync(tmp, this.offsets.map((o) => JSON.stringify(o) + '\n').join(''));
    renameSync(tmp, join(dir, 'offsets.log'));
    this.offsetsFd = openSync(join(dir, 'offsets.log'), 'a');
  }

  private readOffsets(): CommittedOffset[] {
    const file = join(this.dir, 'offsets.log');
    if (!existsSync(file)) return [];
    const live = new Map<string, CommittedOffset>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      let entry: CommittedOffset | { deleteGroup: string };
      try {
        entry = JSON.parse(line) as CommittedOffset | { deleteGroup: string };
      } catch {
        break; // a torn last line from a crash mid-write
      }
      if ('deleteGroup' in entry) {
        for (const [k, o] of live) if (o.group === entry.deleteGroup) live.delete(k);
      } else {
        live.set(`${entry.group}\0${entry.topic}\0${entry.partition}`, entry);
      }
    }
    return [...live.values()];
  }

  loadTopics(): TopicMeta[] {
    const file = join(this.dir, 'topics.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TopicMeta[]) : [];
  }

  saveTopics(topics: readonly TopicMeta[]): void {
    const tmp = join(this.dir, 'topics.json.tmp');
    writeFileSync(tmp, JSON.stringify(topics, null, 2));
    renameSync(tmp, join(this.dir, 'topics.json'));
  }

  openLog(topic: string, partition: number): PartitionLog {
    const key = `${topic}-${partition}`;
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = new FileLog(join(this.dir, 'logs', key), this.segmentBytes)));
    return log;
  }

  deleteTopic(topic: string): void {
    for (const [key, log] of this.logs) {
      if (key.slice(0, key.lastIndexOf('-')) !== topic) continue;
      log.close();
      this.logs.delete(key);
      rmSync(join(this.dir, 'logs', key), { recursive: true, force: true });
    }
  }

  loadOffsets(): CommittedOffset[] { return [...this.offsets]; }

  commitOffsets(offsets: readonly CommittedOffset[]): void {
    writeSync(this.offsetsFd, offsets.map((o) => JSON.stringify(o) + '\n').join(''));
  }

  deleteGroup(group: string): void {
    writeSync(this.offsetsFd, JSON.stringify({ deleteGroup: group }) + '\n');
  }

  close(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
    closeSync(this.offsetsFd);
  }
}
