import { Batcher } from './batch';

describe('Batcher', () => {
  const policy = { count: 3, bytes: 100, ageMs: 1000 };

  it('is due on count', () => {
    const b = new Batcher<string>(policy, () => 0);
    b.add('a', 1);
    b.add('b', 1);
    expect(b.due()).toBeUndefined();
    b.add('c', 1);
    expect(b.due()).toBe('count');
    expect(b.take().items).toEqual(['a', 'b', 'c']);
    expect(b.size).toBe(0);
  });

  it('is due on bytes', () => {
    const b = new Batcher<string>(policy, () => 0);
    b.add('big', 100);
    expect(b.due()).toBe('bytes');
  });

  it('is due on the age of the oldest item', () => {
    let t = 5_000;
    const b = new Batcher<string>(policy, () => t);
    b.add('a', 1);
    t += 400;
    b.add('b', 1);
    expect(b.msUntilDue()).toBe(600);
    t += 599;
    expect(b.due()).toBeUndefined();
    t += 1;
    expect(b.due()).toBe('age');
    const batch = b.take();
    expect(batch).toEqual({ items: ['a', 'b'], bytes: 2, firstAt: 5_000 });
    expect(b.msUntilDue()).toBe(Infinity);
  });

  it('rejects a policy that could never flush', () => {
    expect(() => new Batcher({ count: 0, bytes: 1, ageMs: 1 })).toThrow(/count > 0/);
  });
});
