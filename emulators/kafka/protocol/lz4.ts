/**
 * LZ4 frame format (the one Kafka uses for record batch v2): a decoder for frames with
 * compressed or stored blocks, and an encoder that writes stored (uncompressed) blocks, which
 * every LZ4 reader accepts. Output is capped so a hostile frame cannot inflate without bound.
 */
import { ProtocolError } from './errors';

const MAGIC = 0x184d2204;

/** Decodes one LZ4 block into `out` starting at `pos`; returns the new position. */
function decodeBlock(src: Buffer, start: number, end: number, out: Buffer, pos: number): number {
  let i = start;
  while (i < end) {
    const token = src[i++]!;
    let lit = token >> 4;
    if (lit === 15) {
      let b: number;
      do { if (i >= end) throw new ProtocolError('lz4: truncated literal length'); b = src[i++]!; lit += b; } while (b === 255);
    }
    if (i + lit > end || pos + lit > out.length) throw new ProtocolError('lz4: literal run out of range');
    src.copy(out, pos, i, i + lit);
    i += lit;
    pos += lit;
    if (i >= end) break;
    if (i + 2 > end) throw new ProtocolError('lz4: truncated match offset');
    const offset = src[i]! | (src[i + 1]! << 8);
    i += 2;
    if (offset === 0 || offset > pos) throw new ProtocolError('lz4: bad match offset');
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do { if (i >= end) throw new ProtocolError('lz4: truncated match length'); b = src[i++]!; len += b; } while (b === 255);
    }
    len += 4;
    if (pos + len > out.length) throw new ProtocolError('lz4: output larger than the limit');
    for (let k = 0; k < len; k++, pos++) out[pos] = out[pos - offset]!;
  }
  return pos;
}

/** Decodes an LZ4 frame; throws when it is malformed or would exceed `maxOutput` bytes. */
export function lz4FrameDecode(src: Buffer, maxOutput: number): Buffer {
  if (src.length < 7 || src.readUInt32LE(0) !== MAGIC) throw new ProtocolError('lz4: bad frame magic');
  const flg = src[4]!;
  const bd = src[5]!;
  const blockChecksum = (flg & 0x10) !== 0;
  const contentSize = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  const dictId = (flg & 0x01) !== 0;
  const maxBlock = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20][(bd >> 4) & 7] ?? 0;
  if (!maxBlock) throw new ProtocolError('lz4: bad block size');
  let i = 6 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1;
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    if (i + 4 > src.length) throw new ProtocolError('lz4: truncated frame');
    const word = src.readUInt32LE(i);
    i += 4;
    if (word === 0) break;
    const stored = (word & 0x80000000) !== 0;
    const size = word & 0x7fffffff;
    if (size > maxBlock || i + size > src.length) throw new ProtocolError('lz4: block size out of range');
    let block: Buffer;
    if (stored) {
      block = src.subarray(i, i + size);
    } else {
      const out = Buffer.allocUnsafe(Math.min(maxBlock, maxOutput - total));
      block = out.subarray(0, decodeBlock(src, i, i + size, out, 0));
    }
    total += block.length;
    if (total > maxOutput) throw new ProtocolError('lz4: output larger than the limit');
    parts.push(block);
    i += size + (blockChecksum ? 4 : 0);
  }
  if (contentChecksum && i + 4 > src.length) throw new ProtocolError('lz4: truncated content checksum');
  return Buffer.concat(parts, total);
}

/** Encodes an LZ4 frame of stored blocks (no compression, valid for every reader). */
export function lz4FrameEncodeStored(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  // FLG: version 01, block independence; BD: 64 KB blocks; HC byte: xxh32 of the descriptor >> 8 & 0xff
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
  parts.push(header);
  for (let at = 0; at < data.length; at += 65536) {
    const chunk = data.subarray(at, Math.min(data.length, at + 65536));
    const len = Buffer.alloc(4);
    len.writeUInt32LE((chunk.length | 0x80000000) >>> 0);
    parts.push(len, chunk);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}
