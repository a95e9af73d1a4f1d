// Reading the request logs of a schema 2 store (`requests-<gen>.log`), for its one-time conversion.
// Record: magic "ATL1" | signal u8 | encoding u8 | length u32le | crc32 u32le | body.
import fs from 'node:fs';
import { numberedFiles } from './files';
import { crc32 } from 'node:zlib';
import type { OtlpEncoding, OtlpSignal } from '../otlp';

const MAGIC = 0x314c5441; // "ATL1" read as u32le
const HEADER_BYTES = 14;
const LOG_NAME = /^requests-(\d+)\.log$/;

export interface LoggedRequest {
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  body: Uint8Array;
}

export interface LogReadResult {
  records: LoggedRequest[];
  /** Bytes after the last valid record (partial write from a crash), 0 when the file is clean. */
  corruptTailBytes: number;
  /** Size of the file read. */
  bytes: number;
}

export function logFileName(generation: number): string {
  return `requests-${String(generation).padStart(12, '0')}.log`;
}

/** Generations of the log files present in `dir`, ascending. */
export function listLogGenerations(dir: string): number[] {
  return numberedFiles(dir, LOG_NAME);
}

export function encodeRecord(request: LoggedRequest): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt8(request.signal === 'traces' ? 0 : 1, 4);
  header.writeUInt8(request.encoding === 'protobuf' ? 0 : 1, 5);
  header.writeUInt32LE(request.body.byteLength, 6);
  header.writeUInt32LE(crc32(request.body), 10);
  return Buffer.concat([header, request.body]);
}

/** Decode every complete, checksummed record; stop at the first damaged one. */
export function decodeRecords(data: Buffer): LogReadResult {
  const records: LoggedRequest[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= data.length) {
    if (data.readUInt32LE(offset) !== MAGIC) break;
    const signalByte = data.readUInt8(offset + 4);
    const encodingByte = data.readUInt8(offset + 5);
    const length = data.readUInt32LE(offset + 6);
    const checksum = data.readUInt32LE(offset + 10);
    const start = offset + HEADER_BYTES;
    if (signalByte > 1 || encodingByte > 1 || start + length > data.length) break;
    const body = data.subarray(start, start + length);
    if (crc32(body) !== checksum) break;
    records.push({
      signal: signalByte === 0 ? 'traces' : 'logs',
      encoding: encodingByte === 0 ? 'protobuf' : 'json',
      body: new Uint8Array(body),
    });
    offset = start + length;
  }
  return { records, corruptTailBytes: data.length - offset, bytes: data.length };
}

export function readLogFile(file: string): LogReadResult {
  return decodeRecords(fs.readFileSync(file));
}
