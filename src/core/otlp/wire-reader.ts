// Minimal protobuf wire-format reader. Every read is bounds-checked against the buffer; a message's
// own end is checked by the caller (`finish`), so hostile lengths fail instead of allocating.
import { OtlpDecodeError } from './errors';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'group start', 'group end', 'fixed32'];

const utf8 = new TextDecoder('utf-8');

export class WireReader {
  pos = 0;
  /** Low/high 32 bits of the last `varint64` read. */
  lo = 0;
  hi = 0;

  private readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** A varint as a double: exact up to 2^53, which covers tags, lengths, enums and counts. */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos < buf.length) {
      const b = buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new OtlpDecodeError('truncated varint');
      const b = buf[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
      scale *= 128;
    }
    throw new OtlpDecodeError('varint longer than 10 bytes');
  }

  /** A full 64-bit varint into `lo`/`hi` (two's complement for negative int64). */
  varint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new OtlpDecodeError('truncated varint');
      const b = buf[pos++] & 0xff;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new OtlpDecodeError('varint longer than 10 bytes');
  }

  /** Length prefix of a length-delimited field; returns the end offset of its payload. */
  lengthEnd(): number {
    const len = this.varint();
    const end = this.pos + len;
    if (end > this.buf.length) {
      throw new OtlpDecodeError(`length ${len} runs past the end of the body (${this.buf.length - this.pos} bytes left)`);
    }
    return end;
  }

  fixed32(): number {
    const p = this.pos;
    if (p + 4 > this.buf.length) throw new OtlpDecodeError('truncated fixed32');
    const b = this.buf;
    this.pos = p + 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** A fixed64 into `lo`/`hi`. */
  fixed64(): void {
    this.lo = this.fixed32();
    this.hi = this.fixed32();
  }

  double(): number {
    const p = this.pos;
    if (p + 8 > this.buf.length) throw new OtlpDecodeError('truncated double');
    this.pos = p + 8;
    return this.view.getFloat64(p, true);
  }

  /** A length-delimited UTF-8 string (invalid sequences become U+FFFD). */
  string(): string {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    return decodeUtf8(this.buf, start, end);
  }

  /** Reads a tag; returns field number · 8 + wire type as protobuf encodes it. */
  tag(): number {
    const tag = this.varint();
    if (tag < 8 || tag > 0xffffffff) throw new OtlpDecodeError(`invalid field tag ${tag}`);
    return tag;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_I64:
        if (this.pos + 8 > this.buf.length) throw new OtlpDecodeError('truncated fixed64');
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.lengthEnd();
        return;
      case WIRE_I32:
        if (this.pos + 4 > this.buf.length) throw new OtlpDecodeError('truncated fixed32');
        this.pos += 4;
        return;
      default:
        throw new OtlpDecodeError(`unsupported wire type ${wireType}`);
    }
  }

  /** Throws when a known field arrives with the wrong wire type. */
  expect(tag: number, wireType: number, field: string): void {
    if ((tag & 7) !== wireType) {
      throw new OtlpDecodeError(
        `wire type ${WIRE_NAMES[tag & 7] ?? tag & 7}, expected ${WIRE_NAMES[wireType]}`,
        field,
      );
    }
  }

  /** After a message's fields: the last field must end exactly at the message's end. */
  finish(end: number): void {
    if (this.pos !== end) throw new OtlpDecodeError(`a field runs ${this.pos - end} bytes past the end of its message`);
  }
}

export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c >= 0x80) return utf8.decode(buf.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(buf.subarray(start, end));
}
