/**
 * One port for both surfaces: each accepted connection is routed on its first bytes. The
 * HTTP/2 connection preface (`PRI * HTTP/2.0`, which gRPC clients send first) goes to the gRPC
 * server through its connection injector; anything else goes to the HTTP/1.1 server (REST).
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server as NetServer, type Socket, type AddressInfo } from 'node:net';
import { ServerCredentials, type Server as GrpcServer } from '@grpc/grpc-js';

const PREFACE = Buffer.from('PRI * HTTP/2.0');

/** A listening port shared by gRPC and REST. */
export interface SharedListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port and dispatches connections by protocol. */
export async function listenShared(options: {
  host: string;
  port: number;
  grpc: GrpcServer;
  http: (req: IncomingMessage, res: ServerResponse) => void;
}): Promise<SharedListener> {
  const injector = options.grpc.createConnectionInjector(ServerCredentials.createInsecure());
  const http = createHttpServer({ keepAliveTimeout: 5000 }, options.http);
  const sockets = new Set<Socket>();
  const route = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, PREFACE.length);
      const isGrpc = head.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (isGrpc && head.length < PREFACE.length) return; // need more bytes to decide
      socket.removeListener('data', onData);
      socket.pause();
      socket.unshift(head);
      // the HTTP/2 session reads what is buffered on the socket itself; the HTTP/1.1 server needs the stream flowing
      if (isGrpc) injector.injectConnection(socket);
      else {
        http.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  };
  const server: NetServer = createServer(route);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      http.closeAllConnections();
      // let in-flight calls finish for a moment, then cut whatever clients keep open
      const graceful = new Promise<void>((resolve) => options.grpc.tryShutdown(() => resolve()));
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([graceful, grace]);
      options.grpc.forceShutdown();
      injector.destroy();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
