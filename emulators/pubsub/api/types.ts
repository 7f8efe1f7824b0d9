/**
 * The shape of an RPC module: each `api/*.ts` exports a list of {@link Rpc}s; `grpc.ts` (and the
 * REST adapter) build their dispatch from these lists, so what is implemented is written once.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { Broker } from '../broker';

/** Context every handler gets. */
export interface RpcContext {
  readonly broker: Broker;
  /** How long a Pull without return_immediately waits for messages, ms. */
  readonly pullWaitMs: number;
  /** Resolves when the caller gives up (cancel or deadline). */
  readonly cancelled: Promise<void>;
  /** When the caller's deadline passes (epoch ms), if it sent one. */
  readonly deadlineMs?: number;
}

/** A unary RPC: request object in, response object out. */
export interface UnaryRpc {
  readonly service: 'Publisher' | 'Subscriber';
  readonly method: string;
  handle(request: any, ctx: RpcContext): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A bidirectional streaming RPC. */
export interface StreamRpc {
  readonly service: 'Publisher' | 'Subscriber';
  readonly method: string;
  readonly stream: true;
  handle(call: ServerDuplexStream<any, any>, ctx: Omit<RpcContext, 'cancelled'>): void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Rpc = UnaryRpc | StreamRpc;

/** Field mask paths from `update_mask`. */
export const maskPaths = (mask: { paths?: string[] } | undefined): string[] => mask?.paths ?? [];
