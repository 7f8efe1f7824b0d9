/**
 * The Cloud Storage emulator: the JSON API (`/storage/v1`, bare paths, `/upload/storage/v1`,
 * `/download/storage/v1`) that `@google-cloud/storage` uses unchanged through
 * `STORAGE_EMULATOR_HOST=http://localhost:4443` or `apiEndpoint`. Objects live as plain files under
 * `root` (see ./paths.ts) or in memory; notifications go to the Pub/Sub emulator.
 *
 * ```ts
 * const gcs = await startGcs({ port: 0, root: '.tributary/gcs', pubsubEmulatorHost: 'localhost:8085' });
 * process.env.STORAGE_EMULATOR_HOST = gcs.url;
 * ```
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorHandle, EmulatorOptions, FaultHook } from '../common/types';
import { bucketRoutes } from './api/buckets';
import { crc32cImplementation } from './crc32c';
import { copyRoutes } from './api/copy';
import { notificationRoutes } from './api/notifications';
import { objectRoutes } from './api/objects';
import { Uploads } from './api/uploads';
import { makeHandler, unimplemented, type Route } from './http';
import { defaultLogger, type Logger } from './log';
import { GcsService } from './service';
import { FileSystemBackend } from './store/fs';
import { MemoryBackend } from './store/memory';
import type { StorageBackend } from './store/types';

export { InterruptUpload } from './faults';
export { objectFilePath, objectNameFromFilePath } from './paths';

/** Options for {@link startGcs}. */
export interface GcsOptions extends EmulatorOptions {
  /** Port; 0 picks a free one. @default 4443 */
  readonly port?: number;
  /** Directory for the filesystem backend (objects at `<root>/<bucket>/<name>`). In memory when unset. @default undefined */
  readonly root?: string;
  /** The Pub/Sub emulator's `host:port`, for bucket notifications. Without it, notification configs answer 400. @default undefined */
  readonly pubsubEmulatorHost?: string;
  /** Called before each operation (`buckets.insert`, `objects.insert.resumable`, ...); see ../common/types.ts and ./faults.ts. @default undefined */
  readonly faults?: FaultHook;
  /** Structured logger. @default WARNING and ERROR as JSON lines on stdout */
  readonly log?: Logger;
}

/** A running Cloud Storage emulator. */
export interface GcsHandle extends EmulatorHandle {
  /** The filesystem root, when files are on disk. */
  readonly root?: string;
  /** `memory` or `filesystem`. */
  readonly backend: string;
  /** Resolves once every notification queued so far has been published (or given up on). */
  flushNotifications(): Promise<void>;
}

/** Operations the emulator leaves out, answered with 501 (see UNSUPPORTED.md). */
const UNIMPLEMENTED: Route[] = [
  unimplemented('GET', 'json', '/b/{bucket}/iam', 'buckets.getIamPolicy'),
  unimplemented('PUT', 'json', '/b/{bucket}/iam', 'buckets.setIamPolicy'),
  unimplemented('GET', 'json', '/b/{bucket}/iam/testPermissions', 'buckets.testIamPermissions'),
  unimplemented('POST', 'json', '/b/{bucket}/lockRetentionPolicy', 'buckets.lockRetentionPolicy'),
  unimplemented('GET', 'json', '/b/{bucket}/acl', 'bucketAccessControls.list'),
  unimplemented('GET', 'json', '/b/{bucket}/defaultObjectAcl', 'defaultObjectAccessControls.list'),
  unimplemented('GET', 'json', '/b/{bucket}/o/{object}/acl', 'objectAccessControls.list'),
  unimplemented('POST', 'json', '/b/{bucket}/o/{object}/acl', 'objectAccessControls.insert'),
  unimplemented('POST', 'json', '/b/{bucket}/o/watch', 'objects.watchAll'),
  unimplemented('POST', 'json', '/b/{bucket}/o/bulkRestore', 'objects.bulkRestore'),
  unimplemented('POST', 'json', '/b/{bucket}/o/{object}/restore', 'objects.restore'),
  unimplemented('GET', 'json', '/projects/{project}/hmacKeys', 'projects.hmacKeys.list'),
  unimplemented('POST', 'json', '/projects/{project}/hmacKeys', 'projects.hmacKeys.create'),
  unimplemented('GET', 'json', '/projects/{project}/serviceAccount', 'projects.serviceAccount.get'),
  unimplemented('POST', 'json', '/channels/stop', 'channels.stop'),
];

/** Starts the emulator; resolves once it listens. */
export async function startGcs(options: GcsOptions = {}): Promise<GcsHandle> {
  const log = options.log ?? defaultLogger;
  const root = options.root ?? options.dataDir;
  const backend: StorageBackend = root ? new FileSystemBackend(root) : new MemoryBackend();
  // The Pub/Sub client is loaded only when notifications can be sent: it is most of the emulator's
  // heap (~20 MB of ~30) and of its start-up time (~0.6 s).
  const notifier = options.pubsubEmulatorHost
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      new (require('./notify') as typeof import('./notify')).PubSubNotifier({ emulatorHost: options.pubsubEmulatorHost, log })
    : undefined;
  const svc = new GcsService({ backend, notifier, log });
  const uploads = new Uploads(svc);
  uploads.adopt(await svc.init());
  if (backend instanceof FileSystemBackend && backend.inconsistent.length) {
    log('WARNING', 'objects whose bytes and metadata disagree (an unclean stop between the two renames); rewrite or delete them', {
      root,
      objects: backend.inconsistent.slice(0, 100),
      count: backend.inconsistent.length,
    });
  }
  const routes: Route[] = [...bucketRoutes(svc), ...uploads.routes(), ...copyRoutes(svc), ...notificationRoutes(svc), ...UNIMPLEMENTED, ...objectRoutes(svc)];
  // Clients keep idle connections without a timeout of their own; closing them after 5 s (Node's
  // default) raced with reuse on a loaded machine (ECONNRESET on a resumable upload's first
  // request). Google's front ends keep idle connections for 10 minutes; close() ends them all.
  const server = createServer({ keepAliveTimeout: 600_000 }, makeHandler({ routes, faults: options.faults, log }));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4443, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  svc.baseUrl = url;
  log('INFO', 'Cloud Storage emulator listening', { url, backend: backend.kind, root, crc32c: crc32cImplementation });
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url,
    root,
    backend: backend.kind,
    flushNotifications: async () => notifier?.flush(),
    close() {
      // Idempotent: a second close waits for the first.
      closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        });
        await svc.close();
      })();
      return closing;
    },
  };
}
