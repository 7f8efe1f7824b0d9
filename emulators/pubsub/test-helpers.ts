/** Shared set-up for tests: an emulator on a free port and an official client pointed at it. */
import { credentials } from '@grpc/grpc-js';
import { PubSub, v1, type Message, type Subscription } from '@google-cloud/pubsub';
import { startPubSub, type PubSubHandle, type PubSubOptions } from './index';

/** An emulator and a client for it. */
export interface Env {
  readonly emulator: PubSubHandle;
  readonly client: PubSub;
  close(): Promise<void>;
}

// The client's auth library otherwise probes for a GCE metadata server and warns when there is none.
process.env.METADATA_SERVER_DETECTION ??= 'none';

let counter = 0;
/** A fresh resource id. */
export const uid = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** Starts an emulator on port 0 and a client with `apiEndpoint` set to it. */
export async function startEnv(options: PubSubOptions = {}): Promise<Env> {
  const emulator = await startPubSub({ port: 0, ...options });
  const client = newClient(emulator);
  return {
    emulator,
    client,
    async close() {
      await client.close();
      await emulator.close();
    },
  };
}

/** A new official client for the emulator. */
export const newClient = (emulator: PubSubHandle): PubSub =>
  new PubSub({ apiEndpoint: `${emulator.host}:${emulator.port}`, emulatorMode: true, projectId: 'test-project' });

/**
 * Collects messages until `until` returns true; acks each unless `handle` says otherwise.
 * The listener stays attached (removing a subscription's last listener closes it, nacking what it holds).
 */
export function collect(
  sub: Subscription,
  until: (got: Message[]) => boolean,
  handle: (m: Message) => void = (m) => m.ack(),
): Promise<Message[]> {
  const got: Message[] = [];
  let done = false;
  return new Promise((resolve, reject) => {
    sub.on('message', (m: Message) => {
      if (done) return;
      got.push(m);
      handle(m);
      if (until(got)) {
        done = true;
        resolve(got);
      }
    });
    sub.on('error', reject);
  });
}

/** Polls `check` until it returns true (event-driven tests would need hooks the client lacks). */
export async function waitFor(check: () => boolean, what = 'condition', timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The official client's generated (GAPIC) clients, for RPCs the handwritten layer does not expose (Pull). */
export function gapic(emulator: PubSubHandle): { publisher: v1.PublisherClient; subscriber: v1.SubscriberClient; close(): Promise<void> } {
  const opts = { servicePath: emulator.host, port: emulator.port, sslCreds: credentials.createInsecure(), projectId: 'test-project' };
  const publisher = new v1.PublisherClient(opts);
  const subscriber = new v1.SubscriberClient(opts);
  return { publisher, subscriber, close: async () => void (await Promise.all([publisher.close(), subscriber.close()])) };
}
