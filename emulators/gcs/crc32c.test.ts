import fc from 'fast-check';
import { crc32cBase64, crc32cImplementation, crc32cUpdate, crc32cUpdatePortable } from './crc32c';

describe('crc32c', () => {
  it('matches the RFC 3720 check value and Cloud Storage\'s base64 form', () => {
    // CRC32C("123456789") = 0xE3069283.
    expect(crc32cUpdate(0, Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32cUpdatePortable(0, Buffer.from('123456789'))).toBe(0xe3069283);
    // An empty object's crc32c as GCS reports it.
    expect(crc32cBase64(crc32cUpdate(0, Buffer.alloc(0)))).toBe('AAAAAA==');
    expect(crc32cImplementation).toMatch(/native|portable/);
  });

  it('gives the same value in one piece or split anywhere, natively or portably', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, cutAt) => {
        const cut = bytes.length ? cutAt % bytes.length : 0;
        const whole = crc32cUpdate(0, bytes);
        expect(crc32cUpdate(crc32cUpdate(0, bytes.subarray(0, cut)), bytes.subarray(cut))).toBe(whole);
        expect(crc32cUpdatePortable(crc32cUpdatePortable(0, bytes.subarray(0, cut)), bytes.subarray(cut))).toBe(whole);
      }),
    );
  });
});
