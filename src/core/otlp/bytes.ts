// Byte helpers shared by the decoders and encoders: hex ids, base64 bytes, exact 64-bit decimals.

const HEX = '0123456789abcdef';
const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);

export function bytesToHex(buf: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += BYTE_HEX[buf[i]];
  return out;
}

const HEX_RE = /^[0-9a-fA-F]*$/;

/** Lowercase hex of exactly `byteLength` bytes, or null when `s` is not that. */
export function normalizeHex(s: string, byteLength: number): string | null {
  if (s.length !== byteLength * 2 || !HEX_RE.test(s)) return null;
  return s.toLowerCase();
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
B64_INDEX['-'.charCodeAt(0)] = 62; // base64url
B64_INDEX['_'.charCodeAt(0)] = 63;

export function bytesToBase64(buf: Uint8Array, start = 0, end = buf.length): string {
  let out = '';
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = (buf[i] << 16) | (buf[i + 1] << 8) | buf[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (end - i === 1) {
    const n = buf[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + '==';
  } else if (end - i === 2) {
    const n = (buf[i] << 16) | (buf[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '=';
  }
  return out;
}

/** Standard or URL-safe base64, padded or not; null when malformed. */
export function base64ToBytes(s: string): Uint8Array | null {
  let len = s.length;
  while (len > 0 && s.charCodeAt(len - 1) === 61 /* = */) len--;
  if (s.length - len > 2 || len % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

const E8 = 100_000_000;

/** Exact decimal of the unsigned 64-bit value hi·2^32 + lo, using only exact double arithmetic. */
export function uint64ToDecimal(lo: number, hi: number): string {
  if (hi < 0x200000) return String(hi * 4294967296 + lo);
  // 2^48 = 2814749·1e8 + 76710656 and 2^32 = 42·1e8 + 94967296; every partial sum stays below 2^53.
  const a = hi >>> 16;
  const b = hi & 0xffff;
  let low = a * 76710656 + b * 94967296 + lo;
  let high = a * 2814749 + b * 42;
  const carry = Math.floor(low / E8);
  low -= carry * E8;
  high += carry;
  return String(high) + String(low).padStart(8, '0');
}

/** Two's-complement int64 → number when it is a safe integer, else its exact decimal string. */
export function int64ToValue(lo: number, hi: number): number | string {
  if (hi < 0x200000) return hi * 4294967296 + lo;
  if (hi >= 0x80000000) {
    // negative: magnitude is the two's complement
    let nlo = (~lo + 1) >>> 0;
    let nhi = ~hi >>> 0;
    if (nlo === 0) nhi = (nhi + 1) >>> 0;
    if (nhi < 0x200000) {
      const n = nhi * 4294967296 + nlo;
      return n === 0 ? 0 : -n;
    }
    return '-' + uint64ToDecimal(nlo, nhi);
  }
  return uint64ToDecimal(lo, hi);
}

const UINT64_MAX = '18446744073709551615';

/** A canonical unsigned 64-bit decimal (no leading zeros), or null when `s` is not one. */
export function normalizeUint64Decimal(s: string): string | null {
  const t = s.length > 1 && s.charCodeAt(0) === 48 ? s.replace(/^0+(?=\d)/, '') : s;
  const len = t.length;
  if (len === 0 || len > 20) return null;
  for (let i = 0; i < len; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  if (len === 20 && t > UINT64_MAX) return null;
  return t;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Integer text → number when safe, else exact decimal string; null when not an int64. */
export function parseInt64Text(s: string): number | string | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
  const big = BigInt(s);
  if (big < INT64_MIN || big > INT64_MAX) return null;
  return big.toString();
}

/** Split a canonical unsigned decimal into 32-bit halves (for the protobuf encoder). */
export function decimalToUint64Halves(s: string): [lo: number, hi: number] {
  const big = BigInt.asUintN(64, BigInt(s));
  return [Number(big & 0xffffffffn), Number(big >> 32n)];
}
