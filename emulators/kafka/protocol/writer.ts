/**
 * Encoding of Kafka's primitive types into a growing buffer, classic and compact alike.
 */

/** Appends primitives; `toBuffer()` returns what was written. */
export class Writer {
  private buf: Buffer;
  offset = 0;
  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private ensure(n: number): void {
    if (this.offset + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.offset + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.offset);
    this.buf = next;
  }

  int8(v: number): this { this.ensure(1); this.buf.writeInt8(v, this.offset); this.offset += 1; return this; }
  bool(v: boolean): this { return this.int8(v ? 1 : 0); }
  int16(v: number): this { this.ensure(2); this.buf.writeInt16BE(v, this.offset); this.offset += 2; return this; }
  int32(v: number): this { this.ensure(4); this.buf.writeInt32BE(v, this.offset); this.offset += 4; return this; }
  uint32(v: number): this { this.ensure(4); this.buf.writeUInt32BE(v >>> 0, this.offset); this.offset += 4; return this; }
  int64(v: number | bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.offset);
    this.offset += 8;
    return this;
  }
  uvarint(v: number): this {
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.offset++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.offset++] = v;
    return this;
  }
  varint(v: number): this { return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1); }
  varlong(v: number | bigint): this {
    const b = BigInt(v);
    let u = (b << 1n) ^ (b >> 63n);
    u &= 0xffffffffffffffffn;
    this.ensure(10);
    while (u >= 0x80n) {
      this.buf[this.offset++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.offset++] = Number(u);
    return this;
  }
  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.offset);
    this.offset += b.length;
    return this;
  }

  /** Classic (int16 length) or compact (uvarint length+1) string; null allowed. */
  str(flexible: boolean, s: string | null): this {
    if (s === null) return flexible ? this.uvarint(0) : this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    if (flexible) this.uvarint(b.length + 1);
    else this.int16(b.length);
    return this.raw(b);
  }
  /** Classic (int32 length) or compact bytes; null allowed. */
  bytes(flexible: boolean, b: Uint8Array | null): this {
    if (b === null) return flexible ? this.uvarint(0) : this.int32(-1);
    if (flexible) this.uvarint(b.length + 1);
    else this.int32(b.length);
    return this.raw(b);
  }
  /** Classic or compact array; each item written by `item`. */
  array<T>(flexible: boolean, items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return flexible ? this.uvarint(0) : this.int32(-1);
    if (flexible) this.uvarint(items.length + 1);
    else this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }
  /** An empty tagged-field section (flexible versions only). */
  tags(flexible: boolean): this {
    return flexible ? this.uvarint(0) : this;
  }

  /** Reserves 4 bytes for a length or CRC written later; returns where. */
  reserve32(): number {
    this.ensure(4);
    const at = this.offset;
    this.offset += 4;
    return at;
  }
  patchInt32(at: number, v: number): void { this.buf.writeInt32BE(v, at); }
  patchUInt32(at: number, v: number): void { this.buf.writeUInt32BE(v >>> 0, at); }

  toBuffer(): Buffer {
    return this.buf.subarray(0, this.offset);
  }
}
