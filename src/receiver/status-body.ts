// Error bodies in the shape OTLP/HTTP clients expect: google.rpc.Status {code = 1, message = 2}.
import type { OtlpEncoding } from '../core/otlp';

/** google.rpc.Code values used by the receiver. */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

export function encodeStatusProtobuf(code: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(message);
  const bytes = [0x08, ...varint(code), 0x12, ...varint(text.length)];
  const out = new Uint8Array(bytes.length + text.length);
  out.set(bytes);
  out.set(text, bytes.length);
  return out;
}

function lengthDelimited(field: number, payload: Uint8Array): number[] {
  return [(field << 3) | 2, ...varint(payload.length), ...payload];
}

export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * google.rpc.Status {code, message, details: [Any{RetryInfo{retry_delay: Duration{seconds}}}]}: what gRPC carries
 * in the `grpc-status-details-bin` trailer so an OTLP client knows how long to wait before it retries.
 */
export function encodeRetryStatus(code: number, message: string, retryDelaySeconds: number): Uint8Array {
  const duration = Uint8Array.from([0x08, ...varint(Math.max(0, Math.round(retryDelaySeconds)))]);
  const retryInfo = Uint8Array.from(lengthDelimited(1, duration));
  const any = Uint8Array.from([
    ...lengthDelimited(1, new TextEncoder().encode(RETRY_INFO_TYPE_URL)), ...lengthDelimited(2, retryInfo),
  ]);
  return Uint8Array.from([...encodeStatusProtobuf(code, message), ...lengthDelimited(3, any)]);
}

export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Uint8Array {
  if (encoding === 'protobuf') return encodeStatusProtobuf(code, message);
  return new TextEncoder().encode(JSON.stringify({ code, message }));
}

/** Reads back a protobuf google.rpc.Status (for tests and clients). Returns null when malformed. */
export function decodeStatusProtobuf(bytes: Uint8Array): { code: number; message: string } | null {
  let pos = 0;
  let code = 0;
  let message = '';
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length || shift > 28) throw new Error('bad varint');
      const b = bytes[pos++]!;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  try {
    while (pos < bytes.length) {
      const tag = readVarint();
      if (tag === 0x08) code = readVarint();
      else if (tag === 0x12) {
        const len = readVarint();
        if (pos + len > bytes.length) return null;
        message = new TextDecoder().decode(bytes.subarray(pos, pos + len));
        pos += len;
      } else return null;
    }
  } catch {
    return null;
  }
  return { code, message };
}
