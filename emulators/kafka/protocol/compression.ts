/**
 * Record batch compression codecs. The broker stores batches as sent and decompresses only to
 * validate them; a codec it cannot read would be answered UNSUPPORTED_COMPRESSION_TYPE (all
 * four of Kafka's codecs are readable here: gzip through zlib, snappy raw or xerial-framed
 * through snappyjs, LZ4 frames with our own decoder, zstd through fzstd). Output is capped at
 * {@link MAX_DECOMPRESSED} so a small hostile batch cannot inflate without bound.
 * `compress` writes simple valid encodings (snappy via snappyjs, LZ4 and zstd as stored blocks)
 * for tests and kafkajs codec plug-ins.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { compress as snappyCompress, uncompress as snappyUncompress } from 'snappyjs';
import { ProtocolError } from './errors';
import { lz4FrameDecode, lz4FrameEncodeStored } from './lz4';
import { Codec } from './records';

/** Largest decompressed batch accepted. */
export const MAX_DECOMPRESSED = 64 * 1024 * 1024;

const XERIAL = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

/** Raw snappy with the declared length checked before snappyjs allocates it. */
function snappyRaw(b: Buffer): Buffer {
  let len = 0;
  for (let i = 0, shift = 0; ; i++, shift += 7) {
    if (i >= b.length || i > 4) throw new ProtocolError('snappy: bad length header');
    len += (b[i]! & 0x7f) * 2 ** shift;
    if ((b[i]! & 0x80) === 0) break;
  }
  if (len > MAX_DECOMPRESSED) throw new ProtocolError(`snappy: declared ${len} bytes, above the limit`);
  return Buffer.from(snappyUncompress(b) as Uint8Array);
}

/** Snappy as Kafka clients send it: xerial framing (Java, kafkajs-snappy) or raw (librdkafka). */
function snappy(b: Buffer): Buffer {
  if (b.length < 16 || !b.subarray(0, 8).equals(XERIAL)) return snappyRaw(b);
  const parts: Buffer[] = [];
  let total = 0;
  for (let i = 16; i < b.length;) {
    if (i + 4 > b.length) throw new ProtocolError('snappy: truncated xerial block');
    const n = b.readInt32BE(i);
    if (n < 0 || i + 4 + n > b.length) throw new ProtocolError('snappy: xerial block out of range');
    const part = snappyRaw(b.subarray(i + 4, i + 4 + n));
    total += part.length;
    if (total > MAX_DECOMPRESSED) throw new ProtocolError('snappy: output larger than the limit');
    parts.push(part);
    i += 4 + n;
  }
  return Buffer.concat(parts, total);
}

function zstd(b: Buffer): Buffer {
  // Frame_Content_Size, when present, is checked by fzstd against what it writes; the window
  // size bounds its buffer. Reject declared windows above the limit before decoding.
  if (b.length >= 6 && b.readUInt32LE(0) === 0xfd2fb528) {
    const fhd = b[4]!;
    if ((fhd & 0x20) === 0) {
      const wd = b[5]!;
      const window = 2 ** (10 + (wd >> 3)) * (1 + (wd & 7) / 8);
      if (window > MAX_DECOMPRESSED) throw new ProtocolError('zstd: window larger than the limit');
    }
  }
  const out = Buffer.from(zstdDecompress(b));
  if (out.length > MAX_DECOMPRESSED) throw new ProtocolError('zstd: output larger than the limit');
  return out;
}

/** Decompressors by codec id. */
const DECOMPRESS: Record<number, (b: Buffer) => Buffer> = {
  [Codec.none]: (b) => b,
  [Codec.gzip]: (b) => gunzipSync(b, { maxOutputLength: MAX_DECOMPRESSED }),
  [Codec.snappy]: snappy,
  [Codec.lz4]: (b) => lz4FrameDecode(b, MAX_DECOMPRESSED),
  [Codec.zstd]: zstd,
};

/** Whether batches with this codec are accepted. */
export const codecSupported = (codec: number): boolean => codec in DECOMPRESS;

/** Decompresses a batch payload; throws on malformed input. */
export function decompress(codec: number, data: Buffer): Buffer {
  const f = DECOMPRESS[codec];
  if (!f) throw new ProtocolError(`compression codec ${codec} is not supported`);
  return f(data);
}

/** A zstd frame of raw blocks (valid for every zstd reader). */
function zstdStored(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(6);
  header.writeUInt32LE(0xfd2fb528, 0);
  header[4] = 0x20 | 0x80; // single segment, 4-byte content size
  const fcs = Buffer.alloc(4);
  fcs.writeUInt32LE(data.length);
  parts.push(header.subarray(0, 5), fcs);
  const max = 128 * 1024 - 1;
  if (data.length === 0) parts.push(Buffer.from([1, 0, 0]));
  for (let at = 0; at < data.length; at += max) {
    const chunk = data.subarray(at, Math.min(data.length, at + max));
    const last = at + max >= data.length ? 1 : 0;
    const bh = (chunk.length << 3) | last; // block type 0 (raw)
    parts.push(Buffer.from([bh & 0xff, (bh >> 8) & 0xff, (bh >> 16) & 0xff]), chunk);
  }
  return Buffer.concat(parts);
}

/** Compresses with a codec (simple encodings; see the file comment). */
export function compress(codec: number, data: Buffer): Buffer {
  switch (codec) {
    case Codec.none: return data;
    case Codec.gzip: return gzipSync(data);
    case Codec.snappy: return Buffer.from(snappyCompress(data) as Uint8Array);
    case Codec.lz4: return lz4FrameEncodeStored(data);
    case Codec.zstd: return zstdStored(data);
    default: throw new Error(`compression codec ${codec} is not supported`);
  }
}
