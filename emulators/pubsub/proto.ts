/**
 * The `google.pubsub.v1` service and message definitions, loaded from the descriptor that ships
 * inside `@google-cloud/pubsub` (so the emulator speaks exactly the schema the client was built
 * with). Field names are camelCase, 64-bit integers strings, enums names, bytes Buffers.
 */
import { fromJSON, type PackageDefinition } from '@grpc/proto-loader';
import type { ServiceDefinition } from '@grpc/grpc-js';

let cached: PackageDefinition | undefined;

/** The loaded package definition (loaded once per process). */
export function pubsubPackage(): PackageDefinition {
  if (!cached) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const json = require('@google-cloud/pubsub/build/protos/protos.json') as Record<string, unknown>;
    cached = fromJSON(json, { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  }
  return cached;
}

/** The gRPC service definition of `google.pubsub.v1.<name>`. */
export function serviceDefinition(name: 'Publisher' | 'Subscriber' | 'SchemaService'): ServiceDefinition {
  return pubsubPackage()[`google.pubsub.v1.${name}`] as unknown as ServiceDefinition;
}
