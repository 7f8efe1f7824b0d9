/**
 * The TCP side: splits the byte stream into size-prefixed frames, decodes the request header
 * (v1, or v2 with tagged fields for flexible versions), dispatches to the API module and
 * writes responses in request order. A frame that is too large, truncated or malformed, a
 * request for a key or version not served, or a handler failure closes that connection only.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Broker } from './broker';
import { DISPATCH } from './api';
import { apiVersionsBody } from './api/18-api-versions';
import { ErrorCode, ProtocolError } from './protocol/errors';
import { Reader } from './protocol/reader';
import { Writer } from './protocol/writer';

/** Options of {@link createKafkaServer}. */
export interface ServerOptions {
  readonly broker: Broker;
  /** Largest request frame accepted, in bytes (Kafka's socket.request.max.bytes). @default 104857600 */
  readonly maxFrameBytes?: number;
  /** Log sink for connection errors. */
  readonly log: (severity: string, message: string, fields?: Record<string, unknown>) => void;
}

let connectionIds = 0;

/** Creates the server; the caller listens. */
export function createKafkaServer(options: ServerOptions): Server & { sockets: Set<Socket> } {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => connections.delete(socket));
    serveConnection(socket, options);
  }) as Server & { sockets: Set<Socket> };
  server.sockets = connections;
  return server;
}

/**
 * Serves the Kafka protocol on one byte stream: a TCP socket, or an in-memory duplex in tests
 * that need more connections than the machine's TCP stack would turn over quickly.
 */
export function serveConnection(stream: Duplex, options: ServerOptions): void {
  const conn = new Connection(stream, ++connectionIds, options.broker, options.maxFrameBytes ?? 100 * 1024 * 1024, options.log);
  stream.on('data', (chunk: Buffer) => conn.onData(chunk));
  stream.on('error', () => stream.destroy());
  stream.on('close', () => { conn.closed = true; });
}

/** A response slot, filled when its handler finishes. */
interface Slot { done: boolean; out: Buffer | null }

class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly queue: Slot[] = [];
  /** Set when the socket closes or a frame fails: nothing more is read or written. */
  closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly id: number,
    private readonly broker: Broker,
    private readonly maxFrame: number,
    private readonly log: ServerOptions['log'],
  ) {}

  onData(chunk: Buffer): void {
    if (this.closed) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4 && !this.closed) {
      const head = this.chunks[0]!.length >= 4 ? this.chunks[0]! : this.flatten();
      const size = head.readInt32BE(0);
      if (size < 8 || size > this.maxFrame) {
        this.fail(new ProtocolError(`frame size ${size} outside 8..${this.maxFrame}`));
        return;
      }
      if (this.buffered < size + 4) return;
      const all = this.flatten();
      const frame = all.subarray(4, 4 + size);
      const rest = all.subarray(4 + size);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      this.onFrame(frame);
    }
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }

  private fail(err: unknown, fields: Record<string, unknown> = {}): void {
    if (this.closed) return;
    this.closed = true;
    const expected = err instanceof ProtocolError;
    this.log(expected ? 'WARNING' : 'ERROR', `closing connection: ${(err as Error)?.message ?? String(err)}`, { connection: this.id, ...fields, ...(expected ? {} : { stack: (err as Error)?.stack }) });
    this.socket.destroy();
  }

  private onFrame(frame: Buffer): void {
    let apiKey = -1;
    try {
      const r = new Reader(frame);
      apiKey = r.int16();
      const apiVersion = r.int16();
      const correlationId = r.int32();
      const clientId = r.nullableString();
      const api = DISPATCH.get(apiKey);
      if (!api) throw new ProtocolError(`API key ${apiKey} is not served by this broker`);
      if (apiVersion < api.minVersion || apiVersion > api.maxVersion) {
        if (apiKey === 18) {
          this.respond(correlationId, false, apiVersionsBody(0, ErrorCode.UNSUPPORTED_VERSION));
          return;
        }
        throw new ProtocolError(`${api.name} v${apiVersion} is not served (v${api.minVersion}-${api.maxVersion})`);
      }
      const flexible = api.flexibleFrom !== undefined && apiVersion >= api.flexibleFrom;
      r.taggedFields(flexible);
      const slot: Slot = { done: false, out: null };
      this.queue.push(slot);
      const ctx = { broker: this.broker, apiVersion, flexible, clientId, connectionId: this.id };
      // ApiVersions answers with response header v0 even in its flexible version.
      const headerFlexible = flexible && apiKey !== 18;
      const finish = (body: Writer | null): void => {
        slot.done = true;
        slot.out = body ? frameResponse(correlationId, headerFlexible, body) : null;
        this.flush();
      };
      const result = api.handle(r, ctx);
      if (result instanceof Promise) {
        result.then(finish, (err: unknown) => this.fail(err, { api: api.name }));
      } else {
        finish(result);
      }
    } catch (err) {
      this.fail(err, { apiKey });
    }
  }

  private respond(correlationId: number, flexible: boolean, body: Writer): void {
    this.queue.push({ done: true, out: frameResponse(correlationId, flexible, body) });
    this.flush();
  }

  private flush(): void {
    while (this.queue.length && this.queue[0]!.done) {
      const slot = this.queue.shift()!;
      if (slot.out && !this.closed) this.socket.write(slot.out);
    }
  }
}

function frameResponse(correlationId: number, flexible: boolean, body: Writer): Buffer {
  const b = body.toBuffer();
  const head = Buffer.allocUnsafe(flexible ? 9 : 8);
  head.writeInt32BE(b.length + head.length - 4, 0);
  head.writeInt32BE(correlationId, 4);
  if (flexible) head[8] = 0;
  return Buffer.concat([head, b]);
}
