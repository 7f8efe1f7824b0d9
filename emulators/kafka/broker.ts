/**
 * The broker's state: topics and their partition logs, idempotent producer state, and the
 * group coordinator. Every mutation happens synchronously inside one handler call, so the
 * event loop serializes them (no locks, as in kfake's single loop).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from './protocol/errors';
import type { PartitionLog, Storage, TopicMeta } from './storage/types';
import { GroupCoordinator } from './groups/coordinator';
import { BATCH } from './protocol/records';

/** A topic and its partitions. */
export interface Topic {
  readonly meta: TopicMeta;
  readonly logs: PartitionLog[];
}

/** Options of {@link Broker}. */
export interface BrokerOptions {
  readonly storage: Storage;
  /** Host and port clients are told to connect to. */
  readonly advertisedHost: string;
  advertisedPort: number;
  /** Create a topic when a client asks for metadata of or produces to one that does not exist. @default true */
  readonly autoCreateTopics?: boolean;
  /** Partitions of an auto-created topic or of CreateTopics with -1. @default 1 */
  readonly defaultPartitions?: number;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
/** The id this single node reports for itself. */
export const NODE_ID = 0;
/** The cluster id reported in Metadata. */
export const CLUSTER_ID = 'tributary-kafka-emulator';

/** Default configs DescribeConfigs reports for a topic. */
export const TOPIC_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'compression.type': 'producer',
  'retention.ms': '604800000',
  'retention.bytes': '-1',
  'segment.bytes': '1073741824',
  'max.message.bytes': '1048588',
  'min.insync.replicas': '1',
  'message.timestamp.type': 'CreateTime',
};

/** Result of a topic creation. */
export interface CreateResult { readonly error: number; readonly message: string | null }

/** Idempotent producer state of one partition. */
interface ProducerSeq { epoch: number; lastSeq: number; lastBase: number }

/** The single-node cluster. */
export class Broker {
  readonly topics = new Map<string, Topic>();
  readonly groups: GroupCoordinator;
  readonly autoCreateTopics: boolean;
  readonly defaultPartitions: number;
  /** Set on shutdown: long polls return at once. */
  closing = false;
  private readonly waiters = new Set<() => void>();
  private nextProducerId = BigInt(Date.now()) * 1000n;
  private readonly producerEpochs = new Map<bigint, number>();
  private readonly sequences = new Map<string, ProducerSeq>();

  constructor(readonly options: BrokerOptions) {
    this.autoCreateTopics = options.autoCreateTopics ?? true;
    this.defaultPartitions = options.defaultPartitions ?? 1;
    for (const meta of options.storage.loadTopics()) {
      const logs = Array.from({ length: meta.partitions }, (_, p) => options.storage.openLog(meta.name, p));
      this.topics.set(meta.name, { meta, logs });
    }
    this.rebuildProducerState();
    this.groups = new GroupCoordinator(options.storage);
  }

  /** Idempotent producers' ids, epochs and last sequences, read back from the stored batches. */
  private rebuildProducerState(): void {
    for (const [name, t] of this.topics) {
      t.logs.forEach((log, p) => log.scan((b) => {
        const producerId = b.readBigInt64BE(BATCH.PRODUCER_ID);
        if (producerId < 0n) return;
        const producerEpoch = b.readInt16BE(BATCH.PRODUCER_EPOCH);
        this.producerEpochs.set(producerId, Math.max(producerEpoch, this.producerEpochs.get(producerId) ?? 0));
        if (producerId >= this.nextProducerId) this.nextProducerId = producerId + 1n;
        const count = b.readInt32BE(BATCH.RECORDS_COUNT);
        this.recordSequence(`${name}:${p}`, { producerId, producerEpoch, baseSequence: b.readInt32BE(BATCH.BASE_SEQUENCE), count }, Number(b.readBigInt64BE(BATCH.BASE_OFFSET)));
      }));
    }
  }

  get storage(): Storage { return this.options.storage; }

  /** Validates and creates a topic. */
  createTopic(name: string, partitions: number, configs: Record<string, string> = {}, validateOnly = false): CreateResult {
    if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
      return { error: ErrorCode.INVALID_TOPIC_EXCEPTION, message: `topic name '${name}' must be 1-249 of [a-zA-Z0-9._-]` };
    }
    if (this.topics.has(name)) return { error: ErrorCode.TOPIC_ALREADY_EXISTS, message: `Topic '${name}' already exists.` };
    const n = partitions === -1 ? this.defaultPartitions : partitions;
    if (!Number.isInteger(n) || n < 1 || n > 10_000) return { error: ErrorCode.INVALID_PARTITIONS, message: `Number of partitions must be 1..10000, got ${partitions}.` };
    if (validateOnly) return { error: ErrorCode.NONE, message: null };
    const meta: TopicMeta = { name, id: randomUUID(), partitions: n, configs: { ...configs } };
    const logs = Array.from({ length: n }, (_, p) => this.storage.openLog(name, p));
    this.topics.set(name, { meta, logs });
    this.saveTopics();
    return { error: ErrorCode.NONE, message: null };
  }

  /** Deletes a topic and its data. */
  deleteTopic(name: string): number {
    if (!this.topics.delete(name)) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    this.storage.deleteTopic(name);
    this.saveTopics();
    return ErrorCode.NONE;
  }

  /** Adds partitions so the topic has `count` in total. */
  addPartitions(name: string, count: number, validateOnly: boolean): CreateResult {
    const t = this.topics.get(name);
    if (!t) return { error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `Topic '${name}' does not exist.` };
    if (count <= t.logs.length) {
      return { error: ErrorCode.INVALID_PARTITIONS, message: `Topic currently has ${t.logs.length} partitions, which is higher than or equal to the requested ${count}.` };
    }
    if (count > 10_000) return { error: ErrorCode.INVALID_PARTITIONS, message: `at most 10000 partitions, got ${count}` };
    if (validateOnly) return { error: ErrorCode.NONE, message: null };
    for (let p = t.logs.length; p < count; p++) t.logs.push(this.storage.openLog(name, p));
    t.meta.partitions = count;
    this.saveTopics();
    return { error: ErrorCode.NONE, message: null };
  }

  private saveTopics(): void {
    this.storage.saveTopics([...this.topics.values()].map((t) => t.meta));
  }

  /** The topic, auto-created when allowed; undefined when it does not exist. */
  topicFor(name: string, autoCreate: boolean): Topic | undefined {
    const t = this.topics.get(name);
    if (t || !autoCreate || !this.autoCreateTopics) return t;
    if (this.createTopic(name, this.defaultPartitions).error !== ErrorCode.NONE) return undefined;
    return this.topics.get(name);
  }

  /** Wakes long-polling fetches after an append. */
  notifyAppend(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  /** Resolves on the next append or after `ms`, whichever comes first. */
  waitForAppend(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Releases every waiting fetch (on shutdown). */
  wakeAll(): void { this.notifyAppend(); }

  /** InitProducerId: a new id, or the next epoch of a known one. */
  initProducer(producerId: bigint, epoch: number): { producerId: bigint; epoch: number; error: number } {
    if (producerId >= 0n) {
      const known = this.producerEpochs.get(producerId);
      if (known === undefined || known !== epoch) return { producerId: -1n, epoch: -1, error: ErrorCode.INVALID_PRODUCER_EPOCH };
      this.producerEpochs.set(producerId, known + 1);
      return { producerId, epoch: known + 1, error: ErrorCode.NONE };
    }
    const id = this.nextProducerId++;
    this.producerEpochs.set(id, 0);
    return { producerId: id, epoch: 0, error: ErrorCode.NONE };
  }

  /**
   * Checks an idempotent batch's sequence against the last one this partition accepted.
   * Returns NONE to append, DUPLICATE_SEQUENCE_NUMBER (with the original base offset) for a
   * retry of the last batch, or an error code.
   */
  checkSequence(key: string, b: { producerId: bigint; producerEpoch: number; baseSequence: number; count: number }): { error: number; dupBase?: number } {
    if (b.producerId < 0n) return { error: ErrorCode.NONE };
    const epoch = this.producerEpochs.get(b.producerId);
    if (epoch === undefined) return { error: ErrorCode.UNKNOWN_PRODUCER_ID };
    if (b.producerEpoch < epoch) return { error: ErrorCode.INVALID_PRODUCER_EPOCH };
    const s = this.sequences.get(`${b.producerId}:${key}`);
    if (!s || s.epoch !== b.producerEpoch) {
      return b.baseSequence === 0 ? { error: ErrorCode.NONE } : { error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    if (b.baseSequence + b.count - 1 === s.lastSeq) return { error: ErrorCode.DUPLICATE_SEQUENCE_NUMBER, dupBase: s.lastBase };
    if (b.baseSequence !== ((s.lastSeq + 1) | 0) && !(s.lastSeq === 2147483647 && b.baseSequence === 0)) {
      return { error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    return { error: ErrorCode.NONE };
  }

  /** Records the sequence of an appended idempotent batch. */
  recordSequence(key: string, b: { producerId: bigint; producerEpoch: number; baseSequence: number; count: number }, base: number): void {
    if (b.producerId < 0n) return;
    this.sequences.set(`${b.producerId}:${key}`, { epoch: b.producerEpoch, lastSeq: (b.baseSequence + b.count - 1) | 0, lastBase: base });
  }
}
