/**
 * CRC32C (Castagnoli), incremental. Cloud Storage reports it base64-encoded, big-endian
 * (`crc32c` in object metadata and `x-goog-hash: crc32c=...`). Uses the hardware-accelerated
 * `@node-rs/crc32` (a prebuilt binary from the npm registry) and falls back to a slice-by-8
 * implementation in TypeScript where that binary does not load; {@link crc32cImplementation} says
 * which one runs and why.
 */

const POLY = 0x82f63b78;
/** 8 tables of 256 entries for slice-by-8. */
const TABLES: Uint32Array[] = (() => {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[0][i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 8; s++) t[s][i] = ((t[s - 1][i] >>> 8) ^ t[0][t[s - 1][i] & 0xff]) >>> 0;
  }
  return t;
})();

/**
 * Extends a CRC32C over `data` in TypeScript (slice-by-8). Start from 0 (the CRC of no bytes).
 * @returns the new CRC as an unsigned 32-bit number.
 */
export function crc32cUpdatePortable(crc: number, data: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let c = ~crc >>> 0;
  let i = 0;
  const n = data.length;
  const end8 = n - (n % 8);
  while (i < end8) {
    const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ c;
    c =
      t7[a & 0xff] ^
      t6[(a >>> 8) & 0xff] ^
      t5[(a >>> 16) & 0xff] ^
      t4[a >>> 24] ^
      t3[data[i + 4]] ^
      t2[data[i + 5]] ^
      t1[data[i + 6]] ^
      t0[data[i + 7]];
    i += 8;
  }
  while (i < n) c = t0[(c ^ data[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The base64 big-endian form Cloud Storage uses. */
export function crc32cBase64(crc: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc >>> 0);
  return b.toString('base64');
}

type Native = (input: Buffer, initial?: number) => number;
const loaded: { fn?: Native; why: string } = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { fn: (require('@node-rs/crc32') as { crc32c: Native }).crc32c, why: 'native (@node-rs/crc32)' };
  } catch (err) {
    return { why: `portable TypeScript (@node-rs/crc32 did not load: ${(err as Error).message})` };
  }
})();

/** Which CRC32C implementation runs, and why (logged by the emulator at start). */
export const crc32cImplementation: string = loaded.why;

/**
 * Extends a CRC32C over `data`. Start from 0 (the CRC of no bytes).
 * @returns the new CRC as an unsigned 32-bit number.
 */
export function crc32cUpdate(crc: number, data: Uint8Array): number {
  if (!loaded.fn) return crc32cUpdatePortable(crc, data);
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return loaded.fn(buf, crc) >>> 0;
}
