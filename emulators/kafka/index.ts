/**
 * The Kafka emulator: a single-node broker speaking the real wire protocol, used unchanged by
 * kafkajs and by librdkafka (kcat). Runs in process (`await startKafka({ port: 0 })`) and
 * alone (`tributary emulators --only kafka`). APIs it does not serve are not advertised; see
 * README.md and UNSUPPORTED.md.
 */
import type { AddressInfo } from 'node:net';
import { duplexPair, type Duplex } from 'node:stream';
import type { EmulatorHandle, EmulatorOptions } from '../common/types';
import { Broker } from './broker';
import { createKafkaServer, serveConnection, type ServerOptions } from './server';
import { MemoryStorage } from './storage/memory';
import type { Storage } from './storage/types';

/** Options of {@link startKafka}. */
export interface KafkaOptions extends EmulatorOptions {
  /** Host advertised to clients in Metadata. @default the bound host, or 'localhost' when bound to 0.0.0.0 */
  readonly advertisedHost?: string;
  /** Auto-create topics on Metadata/Produce for unknown names. @default true */
  readonly autoCreateTopics?: boolean;
  /** Partitions of auto-created topics and of CreateTopics with -1. @default 1 */
  readonly defaultPartitions?: number;
  /** Largest request frame accepted, in bytes. @default 104857600 */
  readonly maxFrameBytes?: number;
  /** Storage to use instead of memory or `dataDir` files. */
  readonly storage?: Storage;
  /** Log sink. @default JSON lines on stdout for errors only */
  readonly log?: (entry: { severity: string; message: string; [k: string]: unknown }) => void;
}

/** A running broker. */
export interface KafkaHandle extends EmulatorHandle {
  readonly broker: Broker;
  /** `host:port` for a client's `brokers` list. */
  readonly bootstrap: string;
  /** A connection over an in-memory stream (same protocol code as TCP, without a socket); for tests that open thousands. */
  connectInMemory(): Duplex;
}

/** The default local port (ARCHITECTURE §4). */
export const KAFKA_PORT = 9092;

/** Starts the broker; resolves once it listens. */
export async function startKafka(options: KafkaOptions = {}): Promise<KafkaHandle> {
  const host = options.host ?? '127.0.0.1';
  const sink = options.log ?? ((e) => { if (e.severity === 'ERROR') process.stdout.write(`${JSON.stringify({ ...e, component: 'kafka-emulator' })}\n`); });
  let storage = options.storage;
  if (!storage && options.dataDir) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FileStorage } = require('./storage/files') as typeof import('./storage/files');
    storage = new FileStorage(options.dataDir);
  }
  storage ??= new MemoryStorage();
  const advertisedHost = options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? 'localhost' : host);
  const broker = new Broker({
    storage,
    advertisedHost,
    advertisedPort: options.port ?? KAFKA_PORT,
    autoCreateTopics: options.autoCreateTopics,
    defaultPartitions: options.defaultPartitions,
  });
  const serverOptions: ServerOptions = {
    broker,
    maxFrameBytes: options.maxFrameBytes,
    log: (severity, message, fields) => sink({ severity, message, ...fields }),
  };
  const server = createKafkaServer(serverOptions);
  const inMemory = new Set<Duplex>();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? KAFKA_PORT, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  broker.options.advertisedPort = port;
  let closed: Promise<void> | undefined;
  return {
    host,
    port,
    url: `${advertisedHost}:${port}`,
    bootstrap: `${advertisedHost}:${port}`,
    broker,
    connectInMemory() {
      const [client, serverSide] = duplexPair();
      inMemory.add(serverSide);
      serverSide.on('close', () => { inMemory.delete(serverSide); client.destroy(); });
      client.on('close', () => serverSide.destroy());
      serveConnection(serverSide, serverOptions);
      return client;
    },
    close() {
      closed ??= (async () => {
        broker.closing = true;
        broker.groups.close();
        broker.wakeAll();
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of server.sockets) s.destroy();
        for (const s of inMemory) s.destroy();
        await done;
        storage.close();
      })();
      return closed;
    },
  };
}
