import type { LocalPlan } from './provision/plan';
import { RunStatus } from './status';

const plan = (): LocalPlan =>
  ({
    functions: [
      { name: 'taxi-drain-lake', role: 'drain-lake', pipeline: 'taxi' },
      { name: 'taxi-drain-index', role: 'drain-index', pipeline: 'taxi' },
    ],
  }) as unknown as LocalPlan;

describe('RunStatus', () => {
  it('counts drain summaries (dead letters kept in quarantine among them), failures, with events/s since the previous table', () => {
    const s = new RunStatus(plan(), ['taxi']);
    s.produced('taxi', 100);
    s.job({ job: 'taxi-drain-lake', kind: 'http', ok: true, ms: 5, body: { bronze: { written: 60 }, silver: { written: 55 }, quarantine: { written: 4 }, deadLetter: { written: 1 } } });
    s.job({ job: 'taxi-drain-index', kind: 'http', ok: true, ms: 5, body: { written: 50 } });
    s.job({ job: 'taxi-drain-index', kind: 'http', ok: false, ms: 5, error: 'HTTP 500' });
    expect(s.pipelines.get('taxi')).toEqual({ produced: 100, bronze: 60, silver: 55, quarantined: 5, indexed: 50, deadLettered: 1, failedRuns: 1 });

    const [head, row] = s.table(s.startedAt + 10_000).split('\n');
    expect(head.split(/\s{2,}/)).toEqual(['pipeline', 'produced', 'events/s', 'backlog', 'bronze', 'silver', 'quarantined', 'dead-lettered', 'indexed', 'failed runs']);
    expect(row.trim().split(/\s+/)).toEqual(['taxi', '100', '6.0', '40', '60', '55', '5', '1', '50', '1']);
    // Nothing landed since: the rate drops to 0.
    expect(s.table(s.startedAt + 20_000).split('\n')[1].trim().split(/\s+/)[2]).toBe('0.0');
  });
});
