/**
 * The gRPC adapter: builds the Publisher, Subscriber and SchemaService implementations from the
 * RPC lists in `api/`, runs the fault hook before every call, and maps every error to a gRPC
 * status in one place (errors.ts). Methods without a handler answer UNIMPLEMENTED.
 */
import { Server, type ServerDuplexStream, type ServiceDefinition, type ServerUnaryCall, type sendUnaryData, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { FaultHook } from '../common/types';
import { publisherRpcs } from './api/publisher';
import { snapshotRpcs } from './api/snapshots';
import { streamingPullRpc } from './api/streaming-pull';
import { subscriberRpcs } from './api/subscriber';
import type { Rpc, RpcContext } from './api/types';
import type { Broker } from './broker';
import { toGrpcError, unimplemented } from './errors';
import { serviceDefinition } from './proto';

/** Every implemented RPC, the one list the adapters dispatch from. */
export const RPCS: readonly Rpc[] = [...publisherRpcs, ...subscriberRpcs, ...snapshotRpcs, streamingPullRpc];

/** Options for {@link createGrpcServer}. */
export interface GrpcOptions {
  readonly broker: Broker;
  readonly faults?: FaultHook;
  readonly pullWaitMs: number;
}

async function runFault(faults: FaultHook | undefined, op: string, request: unknown): Promise<void> {
  if (!faults) return;
  const r = await faults(op, request);
  if (r instanceof Error) throw r;
}

/** A gRPC server with the Pub/Sub services added (not yet bound). */
export function createGrpcServer(options: GrpcOptions): Server {
  const server = new Server({
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': -1,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 1000,
  });
  for (const name of ['Publisher', 'Subscriber', 'SchemaService'] as const) {
    const def = withRawResponses(serviceDefinition(name));
    const impl: UntypedServiceImplementation = {};
    for (const method of Object.keys(def)) {
      const rpc = RPCS.find((r) => r.service === name && r.method === method);
      impl[method] = rpc ? handler(rpc, options) : unimplementedHandler(`google.pubsub.v1.${name}.${method}`, def[method]!.requestStream);
    }
    server.addService(def, impl);
  }
  return server;
}

/**
 * Lets handlers write pre-encoded response bytes (StreamingPull does, see wire.ts): a Buffer
 * response passes through as the message bytes, anything else goes through the proto encoder.
 */
function withRawResponses(def: ServiceDefinition): ServiceDefinition {
  const out: Record<string, ServiceDefinition[string]> = {};
  for (const [method, d] of Object.entries(def)) {
    const encode = d.responseSerialize;
    out[method] = { ...d, responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : encode(value)) };
  }
  return out;
}

function handler(rpc: Rpc, options: GrpcOptions): UntypedServiceImplementation[string] {
  const { broker, faults, pullWaitMs } = options;
  if ('stream' in rpc) {
    return (call: ServerDuplexStream<unknown, unknown>) => {
      runFault(faults, rpc.method, call.metadata).then(
        () => rpc.handle(call, { broker, pullWaitMs }),
        (err) => call.emit('error', toGrpcError(err)),
      );
    };
  }
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const cancelled = new Promise<void>((resolve) => call.once('cancelled', () => resolve()));
    const deadline = call.getDeadline();
    const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number.isFinite(deadline) ? Number(deadline) : undefined;
    const ctx: RpcContext = { broker, pullWaitMs, cancelled, deadlineMs };
    const run = async (): Promise<unknown> => {
      await runFault(faults, rpc.method, call.request);
      return rpc.handle(call.request, ctx);
    };
    run().then(
      (res) => callback(null, res as object),
      (err) => callback(toGrpcError(err)),
    );
  };
}

function unimplementedHandler(method: string, stream: boolean): UntypedServiceImplementation[string] {
  if (stream) return (call: ServerDuplexStream<unknown, unknown>) => call.emit('error', toGrpcError(unimplemented(method)));
  return (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => callback(toGrpcError(unimplemented(method)));
}
