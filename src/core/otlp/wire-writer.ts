// Minimal protobuf wire-format writer (used for responses, tests, fuzzing and benchmarks; not on the
// ingest path). Nested messages are written into their own writer and copied in with a length prefix.
import { WIRE_I64, WIRE_LEN, WIRE_VARINT } from './wire-reader';

const utf8 = new TextEncoder();

export class WireWriter {
  private buf = new Uint8Array(256);
  private pos = 0;

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Unsigned varint of a non-negative integer below 2^53. */
  varint(value: number): this {
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  /** Varint of a 64-bit value given as 32-bit halves (two's complement for negatives). */
  varint64(lo: number, hi: number): this {
    this.ensure(10);
    while (hi !== 0 || lo >= 0x80) {
      this.buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.buf[this.pos++] = lo;
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  fixed32(value: number): this {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = value & 0xff;
    b[p + 1] = (value >>> 8) & 0xff;
    b[p + 2] = (value >>> 16) & 0xff;
    b[p + 3] = (value >>> 24) & 0xff;
    this.pos = p + 4;
    return this;
  }

  fixed64(lo: number, hi: number): this {
    return this.fixed32(lo).fixed32(hi);
  }

  double(value: number): this {
    this.ensure(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).setFloat64(0, value, true);
    this.pos += 8;
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE_LEN).varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, utf8.encode(s));
  }

  message(field: number, child: WireWriter): this {
    return this.bytes(field, child.finish());
  }

  uint(field: number, value: number): this {
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  fixed64Field(field: number, lo: number, hi: number): this {
    return this.tag(field, WIRE_I64).fixed64(lo, hi);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
