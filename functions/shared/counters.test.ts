import { Invocation, resetCounters, snapshot } from './counters';
import { createLogger } from './log';

describe('counters', () => {
  beforeEach(() => resetCounters());

  it('logs one invocation line with its counters and keeps running totals per target', () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ level: 'DEBUG', sink: (l) => void lines.push(JSON.parse(l)) });
    for (let i = 0; i < 2; i++) {
      const inv = new Invocation('drainLake', log);
      inv.add('messagesIn', 10);
      inv.add('bytesOut', 100);
      inv.end();
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ severity: 'INFO', message: 'invocation', target: 'drainLake', counters: { invocations: 1, messagesIn: 10, bytesOut: 100 } });
    expect(snapshot().drainLake).toMatchObject({ invocations: 2, messagesIn: 20, bytesOut: 200 });
  });

  it('keeps quiet targets at DEBUG per invocation, with INFO totals at most once a minute', () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ level: 'INFO', sink: (l) => void lines.push(JSON.parse(l)) });
    for (let i = 0; i < 100; i++) new Invocation('enrich', log).end({}, { quiet: true });
    expect(lines).toEqual([expect.objectContaining({ severity: 'INFO', message: 'counters', target: 'enrich', totals: expect.objectContaining({ invocations: 1 }) })]);
    expect(snapshot().enrich.invocations).toBe(100);
  });
});
