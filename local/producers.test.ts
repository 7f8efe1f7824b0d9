import { produce, type EventSink } from './producers';

function recordingSink() {
  const batches: number[] = [];
  const sink: EventSink = { send: async (e) => void batches.push(e.length), close: async () => undefined };
  return { sink, batches };
}

describe('produce', () => {
  it('holds the average rate with a fake clock: 1,000 events at 100/s take 10 virtual seconds', async () => {
    let t = 0;
    const { sink, batches } = recordingSink();
    const sent = await produce({
      events: Array.from({ length: 1000 }, (_, i) => Buffer.from(String(i))),
      sink,
      rate: 100,
      now: () => t,
      sleep: async (ms) => void (t += ms),
    });
    expect(sent).toBe(1000);
    expect(batches.every((n) => n === 5)).toBe(true); // rate/20 per batch
    expect(t).toBe(10_000);
  });

  it('sends as fast as the sink takes them without a rate, in batches of at most 1,000', async () => {
    const { sink, batches } = recordingSink();
    const sent = await produce({ events: Array.from({ length: 2500 }, () => Buffer.from('x')), sink });
    expect(sent).toBe(2500);
    expect(batches).toEqual([1000, 1000, 500]);
  });

  it('stops at the next event once its signal aborts', async () => {
    const { sink } = recordingSink();
    const ac = new AbortController();
    let t = 0;
    const sent = await produce({
      events: Array.from({ length: 1000 }, () => Buffer.from('x')),
      sink,
      rate: 20,
      signal: ac.signal,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
        if (t >= 5_000) ac.abort();
      },
    });
    expect(sent).toBeGreaterThanOrEqual(100);
    expect(sent).toBeLessThan(1000);
  });
});
