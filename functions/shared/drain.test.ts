import { drain, type MessageSource, type PulledMessage, type Sink } from './drain';

/** An in-memory subscription: messages are redelivered after a nack, gone after an ack. */
function fakeSource(count: number) {
  const pending: PulledMessage[] = Array.from({ length: count }, (_, i) => ({
    ackId: `a${i}`,
    messageId: `m${i}`,
    data: Buffer.from(`{"i":${i}}`),
    attributes: {},
  }));
  const outstanding = new Map<string, PulledMessage>();
  const acked: string[] = [];
  const source: MessageSource = {
    async pull(max) {
      const out = pending.splice(0, Math.min(max, 7));
      for (const m of out) outstanding.set(m.ackId, m);
      return out;
    },
    async ack(ids) {
      for (const id of ids) {
        if (!outstanding.delete(id)) throw new Error(`ack of unknown ${id}`);
        acked.push(id);
      }
    },
    async nack(ids) {
      for (const id of ids) {
        const m = outstanding.get(id)!;
        outstanding.delete(id);
        pending.push(m);
      }
    },
  };
  return { source, acked, pending, outstanding };
}

const clock = () => {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => (t += ms) };
};

describe('drain', () => {
  it('writes every message once in batches of the policy count and acks only after the sink', async () => {
    const { source, acked, outstanding } = fakeSource(50);
    const c = clock();
    const seen: number[] = [];
    const sink: Sink = async (batch) => {
      expect(batch.every((m) => !acked.includes(m.ackId))).toBe(true);
      seen.push(batch.length);
      return { failed: [] };
    };
    const s = await drain({ source, sink, policy: { count: 20, bytes: 1e9, ageMs: 1_000 }, budgetMs: 10_000, ...c });
    expect(seen).toEqual([20, 20, 10]);
    expect(acked).toHaveLength(50);
    expect(new Set(acked).size).toBe(50);
    expect(outstanding.size).toBe(0);
    expect(s).toMatchObject({ pulled: 50, written: 50, nacked: 0, batches: 3, stoppedBy: 'idle' });
  });

  it('nacks the messages a sink could not write and the whole batch when it throws', async () => {
    const { source, acked, pending } = fakeSource(10);
    const c = clock();
    let calls = 0;
    const sink: Sink = async (batch) => {
      calls++;
      if (calls === 1) return { failed: [batch[0].ackId], counters: { quarantined: 2 } };
      throw new Error('bulk endpoint down');
    };
    const s = await drain({ source, sink, policy: { count: 10, bytes: 1e9, ageMs: 1_000 }, budgetMs: 5_000, idlePulls: 1, ...c });
    expect(acked).toHaveLength(9);
    expect(s.nacked).toBeGreaterThanOrEqual(1);
    expect(s.failedBatches).toBeGreaterThanOrEqual(1);
    expect(s.counters).toEqual({ quarantined: 2 });
    expect(pending.map((m) => m.ackId)).toContain('a0'); // the failed one is back on the subscription
  });

  it('stops at its time budget and flushes what it holds', async () => {
    const c = clock();
    let n = 0;
    const acked: string[] = [];
    const source: MessageSource = {
      async pull() {
        c.advance(400);
        const id = `x${n++}`;
        return [{ ackId: id, messageId: id, data: Buffer.from('x'), attributes: {} }];
      },
      async ack(ids) {
        acked.push(...ids);
      },
      async nack() {},
    };
    const s = await drain({ source, sink: async () => ({ failed: [] }), policy: { count: 1000, bytes: 1e9, ageMs: 60_000 }, budgetMs: 2_000, ...c });
    expect(s.stoppedBy).toBe('budget');
    expect(acked).toHaveLength(s.pulled);
    expect(s.batches).toBe(1);
  });

  it('flushes a partial batch when it reaches its age limit', async () => {
    const { source } = fakeSource(3);
    const c = clock();
    const reasons: string[] = [];
    await drain({
      source,
      sink: async (_b, reason) => {
        reasons.push(reason);
        return { failed: [] };
      },
      policy: { count: 100, bytes: 1e9, ageMs: 1_000 },
      budgetMs: 60_000,
      ...c,
    });
    expect(reasons).toEqual(['age']);
  });
});
