/**
 * Errors with the service's gRPC status codes and messages, and the one place that turns them
 * into what goes on the wire (gRPC status + `grpc-status-details-bin` with a `google.rpc.ErrorInfo`
 * when there is one; REST JSON error envelope).
 */
import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';

/** An error the emulator answers with, carrying a gRPC status code. */
export class PubSubError extends Error {
  constructor(
    readonly code: Status,
    message: string,
    /** A `google.rpc.ErrorInfo` detail, as exactly-once acks carry per ack id. */
    readonly errorInfo?: { reason: string; domain: string; metadata: Record<string, string> },
  ) {
    super(message);
    this.name = 'PubSubError';
  }
}

export const notFound = (what: string, name: string): PubSubError =>
  new PubSubError(Status.NOT_FOUND, `${what} not found (resource=${name.split('/').pop()}).`);
export const alreadyExists = (what: string): PubSubError =>
  new PubSubError(Status.ALREADY_EXISTS, `${what} already exists`);
export const invalidArgument = (message: string): PubSubError => new PubSubError(Status.INVALID_ARGUMENT, message);
export const failedPrecondition = (message: string): PubSubError => new PubSubError(Status.FAILED_PRECONDITION, message);
export const unimplemented = (method: string): PubSubError =>
  new PubSubError(Status.UNIMPLEMENTED, `Method ${method} is not implemented by the Tributary Pub/Sub emulator (see emulators/pubsub/UNSUPPORTED.md).`);

// --- minimal protobuf writer for google.rpc.Status { code, message, details: Any[] } ---
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
function field(tag: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint((tag << 3) | 2), ...varint(bytes.length)]), bytes]);
}
const str = (tag: number, s: string): Buffer => field(tag, Buffer.from(s, 'utf8'));

/** Encodes `google.rpc.Status` with one `google.rpc.ErrorInfo` detail. */
export function encodeStatusDetails(err: PubSubError): Buffer {
  const parts: Buffer[] = [Buffer.from([0x08, ...varint(err.code)]), str(2, err.message)];
  if (err.errorInfo) {
    const info: Buffer[] = [str(1, err.errorInfo.reason), str(2, err.errorInfo.domain)];
    for (const [k, v] of Object.entries(err.errorInfo.metadata)) info.push(field(3, Buffer.concat([str(1, k), str(2, v)])));
    const any = Buffer.concat([str(1, 'type.googleapis.com/google.rpc.ErrorInfo'), field(2, Buffer.concat(info))]);
    parts.push(field(3, any));
  }
  return Buffer.concat(parts);
}

/** Any thrown value as a PubSubError: an Error with a gRPC `code` (e.g. from a fault hook) keeps it; others are INTERNAL. */
function asPubSubError(err: unknown): PubSubError {
  if (err instanceof PubSubError) return err;
  const code = (err as { code?: unknown })?.code;
  const message = (err as Error)?.message ?? String(err);
  if (typeof code === 'number' && code > 0 && code <= 16) return new PubSubError(code as Status, message);
  return new PubSubError(Status.INTERNAL, `internal error: ${message}`);
}

/** Any thrown value → the gRPC error sent to the client. */
export function toGrpcError(err: unknown): Partial<ServiceError> {
  const e = asPubSubError(err);
  const metadata = new Metadata();
  if (e.errorInfo) metadata.set('grpc-status-details-bin', encodeStatusDetails(e));
  return { code: e.code, details: e.message, metadata };
}

const HTTP_STATUS: Partial<Record<Status, number>> = {
  [Status.INVALID_ARGUMENT]: 400,
  [Status.FAILED_PRECONDITION]: 400,
  [Status.NOT_FOUND]: 404,
  [Status.ALREADY_EXISTS]: 409,
  [Status.UNIMPLEMENTED]: 501,
  [Status.UNAVAILABLE]: 503,
  [Status.DEADLINE_EXCEEDED]: 504,
  [Status.RESOURCE_EXHAUSTED]: 429,
  [Status.PERMISSION_DENIED]: 403,
};

/** Any thrown value → Google's REST error envelope and HTTP status. */
export function toRestError(err: unknown): { status: number; body: unknown } {
  const e = asPubSubError(err);
  const status = HTTP_STATUS[e.code] ?? 500;
  const details = e.errorInfo ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', ...e.errorInfo }] : undefined;
  return { status, body: { error: { code: status, message: e.message, status: Status[e.code], ...(details ? { details } : {}) } } };
}
