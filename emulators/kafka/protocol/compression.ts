/**
 * Record batch compression codecs the broker can read. The broker stores batches as sent;
 * it decompresses only to validate, and reports a codec it cannot read as
 * UNSUPPORTED_COMPRESSION_TYPE.
 */
import { gunzipSync } from 'node:zlib';
import { Codec } from './records';

/** Decompressors by codec id. */
const DECOMPRESS: Record<number, (b: Buffer) => Buffer> = {
  [Codec.none]: (b) => b,
  [Codec.gzip]: (b) => gunzipSync(b),
};

/** Whether batches with this codec are accepted. */
export const codecSupported = (codec: number): boolean => codec in DECOMPRESS;

/** Decompresses a batch payload. */
export function decompress(codec: number, data: Buffer): Buffer {
  const f = DECOMPRESS[codec];
  if (!f) throw new Error(`compression codec ${codec} is not supported`);
  return f(data);
}
