import { PubSub } from '@google-cloud/pubsub';
import { startPubSub } from '../emulators/pubsub';
import type { LocalPlan, SubscriptionStep } from './provision/plan';
import { watchDeadLetters } from './runtime';
import { RunStatus } from './status';
import { createLogger } from '../functions/shared/log';

const plan = (subscriptions: SubscriptionStep[]): LocalPlan =>
  ({
    functions: [
      { name: 'taxi-drain-lake', role: 'drain-lake', pipeline: 'taxi' },
      { name: 'taxi-drain-index', role: 'drain-index', pipeline: 'taxi' },
    ],
    subscriptions,
  }) as unknown as LocalPlan;

describe('RunStatus', () => {
  it('counts drain summaries, failures and dead letters per pipeline, with events/s since the previous table', () => {
    const s = new RunStatus(plan([]), ['taxi']);
    s.produced('taxi', 100);
    s.job({ job: 'taxi-drain-lake', kind: 'http', ok: true, ms: 5, body: { bronze: { written: 60 }, silver: { written: 55 }, quarantine: { written: 5 } } });
    s.job({ job: 'taxi-drain-index', kind: 'http', ok: true, ms: 5, body: { written: 50 } });
    s.job({ job: 'taxi-drain-index', kind: 'http', ok: false, ms: 5, error: 'HTTP 500' });
    s.deadLettered('taxi');
    expect(s.pipelines.get('taxi')).toEqual({ produced: 100, bronze: 60, silver: 55, quarantined: 5, indexed: 50, deadLettered: 1, failedRuns: 1 });

    const [head, row] = s.table(s.startedAt + 10_000).split('\n');
    expect(head.split(/\s{2,}/)).toEqual(['pipeline', 'produced', 'events/s', 'backlog', 'bronze', 'silver', 'quarantined', 'dead-lettered', 'indexed', 'failed runs']);
    expect(row.trim().split(/\s+/)).toEqual(['taxi', '100', '6.0', '40', '60', '55', '5', '1', '50', '1']);
    // Nothing landed since: the rate drops to 0.
    expect(s.table(s.startedAt + 20_000).split('\n')[1].trim().split(/\s+/)[2]).toBe('0.0');
  });
});

describe('watchDeadLetters', () => {
  it('counts each message on a dead-letter topic of the plan for its pipeline, through a subscription of its own', async () => {
    const emulator = await startPubSub({ port: 0 });
    const pubsub = new PubSub({ projectId: 'p', apiEndpoint: `${emulator.host}:${emulator.port}` });
    try {
      await pubsub.createTopic('taxi-dead-letter');
      const [audit] = await pubsub.topic('taxi-dead-letter').createSubscription('taxi-dead-letter-audit');
      const seen: string[] = [];
      const watchers = await watchDeadLetters(
        plan([{ name: 'taxi-raw-enrich', topic: 'taxi-raw', deadLetterTopic: 'taxi-dead-letter', labels: { 'tributary-pipeline': 'taxi' } }]),
        pubsub,
        (p) => seen.push(p),
        createLogger({ sink: () => undefined }),
      );
      await pubsub.topic('taxi-dead-letter').publishMessage({ data: Buffer.from('a') });
      await pubsub.topic('taxi-dead-letter').publishMessage({ data: Buffer.from('b') });
      for (let i = 0; i < 200 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual(['taxi', 'taxi']);
      await Promise.all(watchers.map((w) => w.stop()));
      // The graph's audit subscription still holds both messages.
      const audited: string[] = [];
      audit.on('message', (m: { data: Buffer; ack(): void }) => (audited.push(m.data.toString()), m.ack()));
      for (let i = 0; i < 200 && audited.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      await audit.close();
      expect(audited.sort()).toEqual(['a', 'b']);
    } finally {
      await pubsub.close();
      await emulator.close();
    }
  }, 60_000);
});
