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
