/**
 * The Pub/Sub emulator: `google.pubsub.v1` over gRPC, used unchanged by `@google-cloud/pubsub`
 * through `PUBSUB_EMULATOR_HOST=localhost:8085`.
 *
 * ```ts
 * const pubsub = await startPubSub({ port: 0 });
 * process.env.PUBSUB_EMULATOR_HOST = `${pubsub.host}:${pubsub.port}`;
 * ```
 */
import type { EmulatorHandle, EmulatorOptions, FaultHook } from '../common/types';
import { Broker } from './broker';
import { createGrpcServer, RPCS } from './grpc';
import { listenShared } from './listener';
import { restHandler } from './rest';
import type { UnaryRpc } from './api/types';
import { defaultLogger, type Logger } from './log';
import { PushManager } from './push';
import { FileStore } from './store/file';
import { MemoryStore } from './store/memory';
import type { Store } from './store/types';

export { PubSubError } from './errors';

/** Journal size that triggers a compaction into a new snapshot. */
const COMPACT_BYTES = 64 * 1024 * 1024;

/** Options for {@link startPubSub}. */
export interface PubSubOptions extends EmulatorOptions {
  /** Port; 0 picks a free one. @default 8085 */
  readonly port?: number;
  /** Called before each RPC with its method name (`Publish`, `StreamingPull`, ...); return an Error to fail it, await to delay it. @default undefined */
  readonly faults?: FaultHook;
  /**
   * Multiplier on the service's durations (ack deadlines, retry backoffs, retention): 0.01 makes
   * a 10 s ack deadline last 100 ms. For tests; the client still sees the real values. @default 1
   */
  readonly timeScale?: number;
  /** How long a Pull without return_immediately waits for a first message, ms. @default 1000 */
  readonly pullWaitMs?: number;
  /** Structured logger. @default WARNING and ERROR as JSON lines on stdout */
  readonly log?: Logger;
}

/** A running Pub/Sub emulator. */
export interface PubSubHandle extends EmulatorHandle {
  /** The broker, for tests and tools in the same process. */
  readonly broker: Broker;
}

/** Starts the emulator; resolves once it listens. */
export async function startPubSub(options: PubSubOptions = {}): Promise<PubSubHandle> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? defaultLogger;
  const store: Store = options.dataDir
    ? new FileStore(options.dataDir, (err) => log('ERROR', 'writing the Pub/Sub journal failed; recent changes are in memory only', { dataDir: options.dataDir, error: err.message }))
    : new MemoryStore();
  const broker = new Broker({ timeScale: options.timeScale });
  const push = new PushManager({ broker, log });
  broker.restore(await store.load());
  await store.compact(() => broker.state());
  broker.setJournal(store);
  const pullWaitMs = options.pullWaitMs ?? 1000;
  const grpc = createGrpcServer({ broker, faults: options.faults, pullWaitMs });
  const unary = RPCS.filter((r): r is UnaryRpc => !('stream' in r));
  const listener = await listenShared({ host, port: options.port ?? 8085, grpc, http: restHandler({ broker, rpcs: unary, faults: options.faults, pullWaitMs }) });
  const port = listener.port;
  const tickMs = Math.max(5, Math.min(100, 1000 * broker.timeScale));
  let ticks = 0;
  let compacting = false;
  const timer = setInterval(() => {
    const everySecond = ++ticks % Math.max(1, Math.round(1000 / tickMs)) === 0;
    broker.tick(everySecond);
    if (everySecond && !compacting && store.journalBytes > COMPACT_BYTES) {
      compacting = true;
      store.compact(() => broker.state()).then(
        () => (compacting = false),
        (err: Error) => log('ERROR', 'compacting the Pub/Sub journal failed', { dataDir: options.dataDir, error: err.message }),
      );
    }
  }, tickMs);
  timer.unref();
  return {
    host,
    port,
    url: `${host}:${port}`,
    broker,
    async close() {
      clearInterval(timer);
      push.close();
      await listener.close();
      await store.compact(() => broker.state());
      await store.close();
    },
  };
}
