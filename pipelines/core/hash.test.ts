import { contentHash } from './hash';

describe('contentHash', () => {
  it('is stable across runs and versions (a changed value would re-key every stored weblog)', () => {
    expect(contentHash('')).toBe(contentHash(''));
    expect(contentHash('GET / 200')).toMatch(/^[0-9a-f]{28}$/);
    expect(contentHash('a')).toBe('1c2ba782c979010432341afdfcd8');
  });

  it('differs for texts differing in one character', () => {
    expect(contentHash('GET /a 200')).not.toBe(contentHash('GET /b 200'));
  });
});
