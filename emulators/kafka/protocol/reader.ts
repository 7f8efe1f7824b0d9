/**
 * Bounds-checked decoding of Kafka's primitive types, classic and flexible ("compact")
 * encodings alike. Every length read from the wire is checked against the bytes left before
 * anything is allocated, so a hostile length field cannot make the broker allocate more than
 * the frame it already holds; violations throw {@link ProtocolError}.
 */
import { ProtocolError } from './errors';

/** Reads primitives from one frame. */
export class Reader {
  offset: number;
  constructor(readonly buf: Buffer, offset = 0, readonly end = buf.length) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): void {
    if (n < 0 || this.offset + n > this.end) {
      throw new ProtocolError(`truncated frame: need ${n} bytes at offset ${this.offset}, have ${this.remaining}`);
    }
  }

  int8(): number { this.need(1); return this.buf.readInt8(this.offset++); }
  bool(): boolean { return this.int8() !== 0; }
  int16(): number { this.need(2); const v = this.buf.readInt16BE(this.offset); this.offset += 2; return v; }
  int32(): number { this.need(4); const v = this.buf.readInt32BE(this.offset); this.offset += 4; return v; }
  uint32(): number { this.need(4); const v = this.buf.readUInt32BE(this.offset); this.offset += 4; return v; }
  int64(): bigint { this.need(8); const v = this.buf.readBigInt64BE(this.offset); this.offset += 8; return v; }
  /** An int64 as a JS number (offsets and timestamps fit in 2^53). */
  int64n(): number { return Number(this.int64()); }

  /** Unsigned LEB128 varint (at most 5 bytes). */
  uvarint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const b = this.buf[this.offset++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new ProtocolError('varint longer than 5 bytes');
  }
  /** Zig-zag signed varint. */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
  /** Zig-zag signed varlong (at most 10 bytes), as a number. */
  varlong(): number {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      this.need(1);
      const b = this.buf[this.offset++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return Number((result >> 1n) ^ -(result & 1n));
    }
    throw new ProtocolError('varlong longer than 10 bytes');
  }

  rawBytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolError('null where a string is required');
    return s;
  }
  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    return this.rawBytes(n).toString('utf8');
  }
  compactString(): string {
    const s = this.compactNullableString();
    if (s === null) throw new ProtocolError('null where a string is required');
    return s;
  }
  compactNullableString(): string | null {
    const n = this.uvarint() - 1;
    if (n < 0) return null;
    return this.rawBytes(n).toString('utf8');
  }
  /** Classic or compact string by `flexible`. */
  str(flexible: boolean): string { return flexible ? this.compactString() : this.string(); }
  nstr(flexible: boolean): string | null { return flexible ? this.compactNullableString() : this.nullableString(); }

  nullableBytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) return null;
    return this.rawBytes(n);
  }
  compactNullableBytes(): Buffer | null {
    const n = this.uvarint() - 1;
    if (n < 0) return null;
    return this.rawBytes(n);
  }
  bytes(flexible: boolean): Buffer {
    const b = flexible ? this.compactNullableBytes() : this.nullableBytes();
    return b ?? Buffer.alloc(0);
  }
  nbytes(flexible: boolean): Buffer | null { return flexible ? this.compactNullableBytes() : this.nullableBytes(); }

  /** A count, rejected when it exceeds what the remaining bytes could hold (each item ≥ 1 byte). */
  private count(n: number): number {
    if (n > this.remaining) throw new ProtocolError(`array of ${n} items in ${this.remaining} bytes`);
    return n;
  }
  /** Classic (int32 count) or compact (uvarint count+1) array; null reads as null. */
  nullableArray<T>(flexible: boolean, item: (r: Reader) => T): T[] | null {
    const n = flexible ? this.uvarint() - 1 : this.int32();
    if (n < 0) return null;
    const out: T[] = [];
    for (let i = this.count(n); i > 0; i--) out.push(item(this));
    return out;
  }
  array<T>(flexible: boolean, item: (r: Reader) => T): T[] {
    return this.nullableArray(flexible, item) ?? [];
  }

  /** Skips a tagged-field section (flexible versions only). */
  taggedFields(flexible: boolean): void {
    if (!flexible) return;
    const n = this.count(this.uvarint());
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.rawBytes(this.uvarint());
    }
  }
}
