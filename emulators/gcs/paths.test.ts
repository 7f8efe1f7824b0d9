import fc from 'fast-check';
import { join } from 'node:path';
import { InvalidNameError, objectFilePath, objectNameFromFilePath } from './paths';

const root = '/data/gcs';

describe('objectFilePath', () => {
  it('keeps ordinary lake names as plain paths', () => {
    expect(objectFilePath(root, 'demo-lake', 'silver/taxi/dt=2024-01-01/part-0.parquet')).toBe(
      '/data/gcs/demo-lake/silver/taxi/dt=2024-01-01/part-0.parquet',
    );
  });

  it('encodes segments that are not valid file names', () => {
    expect(objectFilePath(root, 'b01', 'a/../b')).toBe('/data/gcs/b01/a/%%2E%2E/b');
    expect(objectFilePath(root, 'b01', 'dir/')).toBe('/data/gcs/b01/dir/%');
    expect(objectFilePath(root, 'b01', '/abs')).toBe('/data/gcs/b01/%/abs');
    expect(objectFilePath(root, 'b01', 'nul\0x')).toBe('/data/gcs/b01/%nul%00x');
    expect(objectFilePath(root, 'b01', '%literal')).toBe('/data/gcs/b01/%%25literal');
  });

  it('hashes segments too long for a file name', () => {
    const path = objectFilePath(root, 'b01', 'x'.repeat(300));
    expect(path).toMatch(/^\/data\/gcs\/b01\/%#[0-9a-f]{64}$/);
    expect(objectNameFromFilePath(root, 'b01', path)).toBeUndefined();
  });

  it('rejects names GCS rejects', () => {
    expect(() => objectFilePath(root, 'b01', '')).toThrow(InvalidNameError);
    expect(() => objectFilePath(root, 'b01', '..')).toThrow(InvalidNameError);
    expect(() => objectFilePath(root, 'b01', 'a\nb')).toThrow(InvalidNameError);
    expect(() => objectFilePath(root, 'b01', '\ud800')).toThrow(InvalidNameError);
    expect(() => objectFilePath(root, '../etc', 'x')).toThrow(InvalidNameError);
    expect(() => objectFilePath(root, '.meta', 'x')).toThrow(InvalidNameError);
    expect(() => objectFilePath(root, 'Upper', 'x')).toThrow(InvalidNameError);
  });

  it('never leaves the bucket directory and is injective and reversible', () => {
    const tricky = fc.array(fc.constantFrom('a', '/', '.', '..', '%', '%2E', '#', '\0', 'é', '🙂'), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));
    const name = fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })).filter((s) => s !== '.' && s !== '..' && !/[\r\n]/.test(s) && !s.startsWith('.well-known/acme-challenge/'));
    fc.assert(
      fc.property(name, name, (a, b) => {
        const pa = objectFilePath(root, 'b01', a);
        expect(pa.startsWith(join(root, 'b01') + '/')).toBe(true);
        expect(objectNameFromFilePath(root, 'b01', pa)).toBe(a);
        if (a !== b) expect(objectFilePath(root, 'b01', b)).not.toBe(pa);
      }),
      { numRuns: 500 },
    );
  });
});
