/**
 * Shared test set-up: a broker on a free port and a kafkajs client pointed at it, with
 * kafkajs's own logging silenced.
 */
import { Kafka, logLevel } from 'kafkajs';
import { startKafka, type KafkaHandle, type KafkaOptions } from './index';

/** Starts a broker on port 0 and a kafkajs client for it. */
export async function kafkaFixture(options: KafkaOptions = {}): Promise<{ handle: KafkaHandle; kafka: Kafka }> {
  const handle = await startKafka({ port: 0, log: () => {}, ...options });
  const kafka = new Kafka({ clientId: 'test', brokers: [handle.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 } });
  return { handle, kafka };
}

/** Waits until `predicate` holds, polling every 10 ms; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A bare protocol connection for tests that must send what no client library would. */
export class RawClient {
  private buf = Buffer.alloc(0);
  private waiting = new Map<number, (b: Buffer) => void>();
  private nextId = 1;
  closed: Promise<void>;
  constructor(readonly socket: import('node:net').Socket) {
    socket.on('data', (c) => {
      this.buf = Buffer.concat([this.buf, c]);
      while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readInt32BE(0)) {
        const size = this.buf.readInt32BE(0);
        const frame = this.buf.subarray(4, 4 + size);
        this.buf = this.buf.subarray(4 + size);
        const id = frame.readInt32BE(0);
        this.waiting.get(id)?.(frame.subarray(4));
        this.waiting.delete(id);
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<RawClient> {
    const { connect } = await import('node:net');
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    return new RawClient(socket);
  }

  /** Sends a request with header v1 and resolves with the response body (after the correlation id). */
  request(apiKey: number, apiVersion: number, body: Buffer): Promise<Buffer> {
    const id = this.nextId++;
    const head = Buffer.alloc(14);
    head.writeInt32BE(10 + body.length, 0);
    head.writeInt16BE(apiKey, 4);
    head.writeInt16BE(apiVersion, 6);
    head.writeInt32BE(id, 8);
    head.writeInt16BE(-1, 12);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.write(Buffer.concat([head, body]));
    });
  }

  /** Writes bytes as they are. */
  send(bytes: Buffer): void { this.socket.write(bytes); }
  close(): void { this.socket.destroy(); }
}
