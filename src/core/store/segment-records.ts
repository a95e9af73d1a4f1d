// The record format of payload segments. A record is a 40-byte header plus a UTF-8 JSON body:
//   magic "ATS1" u32le | kind u8 | resource id u24le | body length u32le | crc32 u32le (of every other byte)
//   | trace id 16 bytes | span id 8 bytes (zeros when the record has none) | body
// Records are only ever appended; a record is valid when its magic, length and checksum hold.
import { crc32 } from 'node:zlib';

export const RECORD_MAGIC = 0x31535441; // "ATS1" read as u32le
/** The magic as it appears in a file, to search for the next record start. */
export const RECORD_MAGIC_BYTES = Buffer.from('ATS1', 'latin1');
export const RECORD_HEADER_BYTES = 40;
const IDS_AT = 16;
const BODY_AT = RECORD_HEADER_BYTES;
/** A body above this is refused (a request is at most a few tens of MiB; one span far less). */
export const MAX_RECORD_BODY_BYTES = 256 * 1024 * 1024;

export const RecordKind = {
  /** A span's payload; the index inserts it unless the span is stored already. */
  Span: 1,
  /** An attached log record. */
  Log: 2,
  /** A resource + scope shared by spans and logs: `{"id":N,"resource":…,"scope":…}`. */
  Resource: 3,
  /** A span payload copied forward by compaction: the index moves the span's pointer here. */
  RelocatedSpan: 4,
  /** A log record copied forward by compaction (matched to its row by content digest). */
  RelocatedLog: 5,
  /** Session figure points kept from a metrics request: `[FigurePoint…]`, replayed into the figures table. */
  SessionFigures: 6,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export interface RecordHeader {
  kind: RecordKind;
  /** The span's (or resource record's own) resource id; 0 for log records. */
  resourceId: number;
  bodyBytes: number;
  traceId: string | null;
  spanId: string | null;
}

export const MAX_RESOURCE_ID = 0xffffff;

function checksum(record: Buffer, end: number): number {
  return crc32(record.subarray(IDS_AT, end), crc32(record.subarray(0, 12)));
}

/**
 * Write a record at `at` of `target` (which has room for RECORD_HEADER_BYTES + bodyBytes there).
 * `bodyBytes` is the UTF-8 length of a string body.
 */
export function writeRecord(
  target: Buffer, at: number, kind: RecordKind, resourceId: number, traceId: string | null, spanId: string | null,
  body: Uint8Array | string, bodyBytes: number,
): void {
  target.writeUInt32LE(RECORD_MAGIC, at);
  target[at + 4] = kind;
  target.writeUIntLE(resourceId, at + 5, 3);
  target.writeUInt32LE(bodyBytes, at + 8);
  target.fill(0, at + IDS_AT, at + BODY_AT);
  if (traceId) target.write(traceId, at + IDS_AT, 16, 'hex');
  if (spanId) target.write(spanId, at + IDS_AT + 16, 8, 'hex');
  if (typeof body === 'string') target.write(body, at + BODY_AT, bodyBytes, 'utf8');
  else target.set(body, at + BODY_AT);
  const record = target.subarray(at, at + RECORD_HEADER_BYTES + bodyBytes);
  target.writeUInt32LE(checksum(record, record.length), at + 12);
}

export function encodeRecord(
  kind: RecordKind, resourceId: number, traceId: string | null, spanId: string | null, body: Uint8Array | string,
): Buffer {
  const bodyBytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + bodyBytes);
  writeRecord(record, 0, kind, resourceId, traceId, spanId, body, bodyBytes);
  return record;
}

function idAt(data: Uint8Array, start: number, bytes: number): string | null {
  for (let i = start; i < start + bytes; i++) {
    if (data[i] !== 0) return Buffer.from(data.buffer, data.byteOffset + start, bytes).toString('hex');
  }
  return null;
}

export type RecordCheck =
  | { ok: true; header: RecordHeader; totalBytes: number }
  /** `incomplete`: the data ends inside the record; `damaged`: magic or checksum wrong. */
  | { ok: false; reason: 'incomplete' | 'damaged'; totalBytes: number | null };

/** Checks the record at `offset` of `data` (checksum included). */
export function checkRecord(data: Buffer, offset: number): RecordCheck {
  if (offset + RECORD_HEADER_BYTES > data.length) return { ok: false, reason: 'incomplete', totalBytes: null };
  if (data.readUInt32LE(offset) !== RECORD_MAGIC) return { ok: false, reason: 'damaged', totalBytes: null };
  const kind = data[offset + 4]!;
  const bodyBytes = data.readUInt32LE(offset + 8);
  const validKind = kind >= RecordKind.Span && kind <= RecordKind.SessionFigures;
  if (!validKind || bodyBytes > MAX_RECORD_BODY_BYTES) return { ok: false, reason: 'damaged', totalBytes: null };
  const totalBytes = RECORD_HEADER_BYTES + bodyBytes;
  if (offset + totalBytes > data.length) return { ok: false, reason: 'incomplete', totalBytes };
  const record = data.subarray(offset, offset + totalBytes);
  if (checksum(record, totalBytes) !== record.readUInt32LE(12)) {
    return { ok: false, reason: 'damaged', totalBytes };
  }
  return {
    ok: true,
    totalBytes,
    header: {
      kind: kind as RecordKind,
      resourceId: data.readUIntLE(offset + 5, 3),
      bodyBytes,
      traceId: idAt(data, offset + IDS_AT, 16),
      spanId: idAt(data, offset + IDS_AT + 16, 8),
    },
  };
}

/** The JSON body of a checked record. */
export function recordBody(data: Buffer, offset: number, totalBytes: number): string {
  return data.toString('utf8', offset + BODY_AT, offset + totalBytes);
}
