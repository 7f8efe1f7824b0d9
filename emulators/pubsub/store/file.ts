/**
 * The file store: `<dir>/snapshot.json` (the whole state at the last compaction) plus
 * `<dir>/journal.log` (one JSON line per change since). Loading reads the snapshot and replays
 * the journal; compaction writes a new snapshot (temp file + rename) and empties the journal.
 * Appends are batched per event-loop turn; `flush()` and `close()` wait for them. After a crash,
 * changes from the last few milliseconds before it may be missing; a torn last line is ignored.
 */
import { appendFile, mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredMessage } from '../model';
import type { JournalEntry, Store, StoreState } from './types';

type WireMessage = Omit<StoredMessage, 'data'> & { data: string };
const toWire = (m: StoredMessage): WireMessage => ({ ...m, data: m.data.toString('base64') });
const fromWire = (m: WireMessage): StoredMessage => ({ ...m, data: Buffer.from(m.data, 'base64') });

/** Replays journal entries onto a state. */
class Replayer {
  readonly topics = new Map<string, StoreState['topics'][number]>();
  readonly subs = new Map<string, StoreState['subscriptions'][number]>();
  /** messageId → message and the subscriptions holding it. */
  readonly messages = new Map<string, { msg: StoredMessage; to: Map<string, number> }>();
  private readonly bySeq = new Map<string, string>();

  constructor(base: StoreState) {
    for (const t of base.topics) this.topics.set(t.name, t);
    for (const s of base.subscriptions) this.subs.set(s.name, s);
    for (const m of base.messages) this.addMessage(m.msg, m.to);
  }
  private addMessage(msg: StoredMessage, to: readonly [string, number][]): void {
    const entry = this.messages.get(msg.messageId) ?? { msg, to: new Map<string, number>() };
    for (const [sub, seq] of to) {
      entry.to.set(sub, seq);
      this.bySeq.set(`${sub}\0${seq}`, msg.messageId);
    }
    this.messages.set(msg.messageId, entry);
  }
  apply(e: JournalEntry): void {
    switch (e.op) {
      case 'topic':
        this.topics.set(e.config.name, e.config);
        break;
      case 'deltopic':
        this.topics.delete(e.name);
        for (const s of this.subs.values()) if (s.topic === e.name) s.topic = '_deleted-topic_';
        break;
      case 'sub':
        this.subs.set(e.config.name, e.config);
        break;
      case 'delsub':
        this.subs.delete(e.name);
        break;
      case 'pub':
        this.addMessage(e.msg, e.to);
        break;
      case 'rm': {
        const key = `${e.sub}\0${e.seq}`;
        const id = this.bySeq.get(key);
        this.bySeq.delete(key);
        const m = id ? this.messages.get(id) : undefined;
        if (m) {
          m.to.delete(e.sub);
          if (m.to.size === 0) this.messages.delete(id!);
        }
        break;
      }
    }
  }
  state(): StoreState {
    const messages = [...this.messages.values()]
      .map((m) => ({ msg: m.msg, to: [...m.to].filter(([sub]) => this.subs.has(sub)) }))
      .filter((m) => m.to.length > 0);
    return { topics: [...this.topics.values()], subscriptions: [...this.subs.values()], messages };
  }
}

/** A {@link Store} in a directory. */
export class FileStore implements Store {
  private readonly snapshotPath: string;
  private readonly journalPath: string;
  private buffer: string[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private written = 0;

  constructor(
    readonly dir: string,
    /** Called when appending to the journal fails (the change stays in memory only). @default rethrows on the next flush */
    private readonly onError?: (err: Error) => void,
  ) {
    mkdirSync(dir, { recursive: true });
    this.snapshotPath = join(dir, 'snapshot.json');
    this.journalPath = join(dir, 'journal.log');
  }

  /** Bytes appended to the journal since the last compaction. */
  get journalBytes(): number {
    return this.written;
  }

  async load(): Promise<StoreState> {
    const base: StoreState = existsSync(this.snapshotPath)
      ? (() => {
          const raw = JSON.parse(readFileSync(this.snapshotPath, 'utf8')) as { topics: StoreState['topics']; subscriptions: StoreState['subscriptions']; messages: { msg: WireMessage; to: [string, number][] }[] };
          return { ...raw, messages: raw.messages.map((m) => ({ msg: fromWire(m.msg), to: m.to })) };
        })()
      : { topics: [], subscriptions: [], messages: [] };
    const r = new Replayer(base);
    if (existsSync(this.journalPath)) {
      const lines = readFileSync(this.journalPath, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        if (!line) continue;
        let e: JournalEntry;
        try {
          e = JSON.parse(line) as JournalEntry;
        } catch (err) {
          if (i >= lines.length - 2) break; // a torn last line from a crash
          throw new Error(`${this.journalPath} line ${i + 1} is not JSON (${(err as Error).message}); move the file away to start from the last snapshot`);
        }
        if (e.op === 'pub') e = { ...e, msg: fromWire(e.msg as unknown as WireMessage) };
        r.apply(e);
      }
      this.written = statSync(this.journalPath).size;
    }
    return r.state();
  }

  record(entry: JournalEntry): void {
    this.buffer.push(JSON.stringify(entry.op === 'pub' ? { ...entry, msg: toWire(entry.msg) } : entry));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    }
  }

  private drain(): Promise<void> {
    if (this.writing || this.buffer.length === 0) return this.writing ?? Promise.resolve();
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.written += text.length;
    this.writing = new Promise<void>((resolve) =>
      appendFile(this.journalPath, text, (err) => {
        if (err) this.failed(err);
        resolve();
      }),
    ).finally(() => {
      this.writing = undefined;
      if (this.buffer.length) void this.drain();
    });
    return this.writing;
  }

  private failure: Error | undefined;

  private failed(err: Error): void {
    if (this.onError) this.onError(err);
    else this.failure = err;
  }

  async flush(): Promise<void> {
    while (this.writing || this.buffer.length) await this.drain();
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw new Error(`appending to ${this.journalPath} failed: ${failure.message}`);
  }

  async compact(snapshot: () => StoreState): Promise<void> {
    while (this.writing) await this.writing;
    // from here on synchronous: the state taken now includes everything buffered
    const state = snapshot();
    const tmp = `${this.snapshotPath}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...state, messages: state.messages.map((m) => ({ msg: toWire(m.msg), to: m.to })) }));
    renameSync(tmp, this.snapshotPath);
    writeFileSync(this.journalPath, '');
    this.buffer = [];
    this.written = 0;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
