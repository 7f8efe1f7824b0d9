import { mulberry32, InvalidSeedError } from './prng';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = mulberry32(7), b = mulberry32(7), c = mulberry32(8);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });
  it('stays in range', () => {
    const p = mulberry32(1);
    for (let i = 0; i < 10000; i++) {
      const x = p.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = p.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
  });
  it('rejects a non-integer seed', () => {
    expect(() => mulberry32(1.5)).toThrow(InvalidSeedError);
  });
});
