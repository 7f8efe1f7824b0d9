import type { Client } from '@elastic/elasticsearch';
import { FakeSubscription } from '../shared/fake-subscription.test-helpers';
import { memoryPublisher } from '../shared/publisher';
import { indexSink } from './index-sink';

/** A client whose `_bulk` answers per-item statuses from a script, one entry per call. */
function scriptedClient(script: number[][]) {
  const calls: string[][] = [];
  const client = {
    bulk: async ({ operations }: { operations: Record<string, { _id: string }>[] }) => {
      const ids = operations.filter((_, i) => i % 2 === 0).map((op) => op.index._id);
      calls.push(ids);
      const statuses = script.shift() ?? ids.map(() => 201);
      return {
        errors: statuses.some((s) => s >= 300),
        items: ids.map((_id, i) => ({ index: { _id, status: statuses[i], ...(statuses[i] >= 300 ? { error: { type: statuses[i] === 429 ? 'es_rejected_execution_exception' : 'unavailable', reason: 'try later' } } : {}) } })),
      };
    },
  };
  return { client: client as unknown as Client, calls };
}

const batch = async (n: number) => {
  const sub = new FakeSubscription();
  for (let i = 0; i < n; i++) sub.push({ event_id: `e${i}`, event_time: '2026-11-22T10:00:00Z' }, { event_id: `e${i}` });
  return sub.pull(100);
};

describe('indexSink per-item retries', () => {
  it('retries only the items that got 429 or 5xx, with doubling backoff', async () => {
    const { client, calls } = scriptedClient([[201, 429, 503], [201, 201]]);
    const slept: number[] = [];
    const sink = indexSink({ client, pipeline: 'x', timeField: 'event_time', publisher: memoryPublisher(), backoffMs: 100, sleep: async (ms) => void slept.push(ms) });
    const result = await sink(await batch(3), 'count');
    expect(result).toEqual({ failed: [], counters: { indexed: 3, quarantined: 0, retried: 2 } });
    expect(calls).toEqual([['e0', 'e1', 'e2'], ['e1', 'e2']]);
    expect(slept).toEqual([100]);
  });

  it('nacks the items still failing after the last attempt and acks the rest', async () => {
    const { client } = scriptedClient([[201, 503], [503], [503]]);
    const slept: number[] = [];
    const messages = await batch(2);
    const sink = indexSink({ client, pipeline: 'x', timeField: 'event_time', publisher: memoryPublisher(), attempts: 3, backoffMs: 10, sleep: async (ms) => void slept.push(ms) });
    const result = await sink(messages, 'count');
    expect(result.failed).toEqual([messages[1].ackId]);
    expect(result.counters).toMatchObject({ indexed: 1 });
    expect(slept).toEqual([10, 20]);
  });

  it('nacks a rejected document when the quarantine publish fails', async () => {
    const { client } = scriptedClient([[400]]);
    const messages = await batch(1);
    const sink = indexSink({ client, pipeline: 'x', timeField: 'event_time', publisher: memoryPublisher(() => new Error('14 UNAVAILABLE')) });
    expect((await sink(messages, 'count')).failed).toEqual([messages[0].ackId]);
  });
});
