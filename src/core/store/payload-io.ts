// The two homes of payload records: segment files (a store with a folder) and memory (a store without
// one, e.g. `trace-lens check` over recorded files). Both hand out chunks of whole records for search.
import fs from 'node:fs';
import path from 'node:path';
import { SegmentReader, SegmentWriter, segmentFileName, type PayloadPointer } from './segment-files';
import { RECORD_HEADER_BYTES, RECORD_MAGIC, RECORD_MAGIC_BYTES, encodeRecord, type RecordKind } from './segment-records';

/** Where payload records go and come from: the segment files, or memory for a store without a folder. */
export interface PayloadIO {
  append(record: Buffer): PayloadPointer;
  /** Append a record with a JSON body written in place (`bodyBytes`: its UTF-8 length). */
  appendRecord(
    kind: RecordKind, resourceId: number, traceId: string | null, spanId: string | null, body: string, bodyBytes: number,
  ): PayloadPointer;
  position(): { seg: number; off: number };
  read(pointer: PayloadPointer): Buffer;
  readMany(pointers: readonly PayloadPointer[]): Buffer[];
}

/** Whole records of one segment, from `base` on. */
export interface RecordChunk {
  seg: number;
  base: number;
  data: Buffer;
}

export interface PayloadStore extends PayloadIO {
  /** Segment ids, newest first, with their sizes (what a content search scans). */
  segmentSizes(): Array<{ seg: number; bytes: number }>;
  /** Chunks of whole records of one segment (a segment gone meanwhile yields nothing). */
  chunks(seg: number, chunkBytes: number): Iterable<RecordChunk>;
  close(): void;
}

/** Offsets (relative to `data`) of the complete records in `data`, by their length fields alone. */
export function recordStarts(data: Buffer): { starts: number[]; end: number } {
  const starts: number[] = [];
  let at = 0;
  while (at + RECORD_HEADER_BYTES <= data.length && data.readUInt32LE(at) === RECORD_MAGIC) {
    const total = RECORD_HEADER_BYTES + data.readUInt32LE(at + 8);
    if (at + total > data.length) break;
    starts.push(at);
    at += total;
  }
  return { starts, end: at };
}

export class MemoryPayloads implements PayloadStore {
  private readonly records = new Map<number, Buffer>();
  private size = 0;

  position(): { seg: number; off: number } {
    return { seg: 0, off: this.size };
  }

  append(record: Buffer): PayloadPointer {
    const pointer = { seg: 0, off: this.size, len: record.length };
    this.records.set(this.size, record);
    this.size += record.length;
    return pointer;
  }

  appendRecord(
    kind: RecordKind, resourceId: number, traceId: string | null, spanId: string | null, body: string, _bodyBytes: number,
  ): PayloadPointer {
    return this.append(encodeRecord(kind, resourceId, traceId, spanId, body));
  }

  read(pointer: PayloadPointer): Buffer {
    const record = this.records.get(pointer.off);
    if (!record) throw new Error(`no payload record at ${pointer.off}`);
    return record;
  }

  readMany(pointers: readonly PayloadPointer[]): Buffer[] {
    return pointers.map((p) => this.read(p));
  }

  /** Memory is not reclaimed record by record; a cleared store starts over. */
  reset(): void {
    this.records.clear();
    this.size = 0;
  }

  segmentSizes(): Array<{ seg: number; bytes: number }> {
    return [{ seg: 0, bytes: this.size }];
  }

  *chunks(_seg: number, chunkBytes: number): Iterable<RecordChunk> {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    let base = 0;
    for (const [offset, record] of this.records) {
      if (batch.length === 0) base = offset;
      batch.push(record);
      batchBytes += record.length;
      if (batchBytes >= chunkBytes) {
        yield { seg: 0, base, data: Buffer.concat(batch, batchBytes) };
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length > 0) yield { seg: 0, base, data: Buffer.concat(batch, batchBytes) };
  }

  close(): void {
    this.reset();
  }
}

/** Segment files: appends go through the writer (null for a read-only store), reads through the reader. */
export class SegmentPayloads implements PayloadStore {
  readonly reader: SegmentReader;
  /** Sizes of the segments known to this store (the writer's active one included). */
  readonly sizes = new Map<number, number>();

  constructor(readonly dir: string, readonly writer: SegmentWriter | null) {
    this.reader = new SegmentReader(dir, writer);
  }

  position(): { seg: number; off: number } {
    if (!this.writer) throw new Error('The trace store was opened read-only');
    return this.writer.position();
  }

  append(record: Buffer): PayloadPointer {
    if (!this.writer) throw new Error('The trace store was opened read-only');
    return this.writer.append(record);
  }

  appendRecord(
    kind: RecordKind, resourceId: number, traceId: string | null, spanId: string | null, body: string, bodyBytes: number,
  ): PayloadPointer {
    if (!this.writer) throw new Error('The trace store was opened read-only');
    return this.writer.appendRecord(kind, resourceId, traceId, spanId, body, bodyBytes);
  }

  read(pointer: PayloadPointer): Buffer {
    return this.reader.read(pointer);
  }

  readMany(pointers: readonly PayloadPointer[]): Buffer[] {
    return this.reader.readMany(pointers);
  }

  segmentSizes(): Array<{ seg: number; bytes: number }> {
    return [...this.sizes].map(([seg, bytes]) => ({ seg, bytes })).sort((a, b) => b.seg - a.seg);
  }

  *chunks(seg: number, chunkBytes: number): Iterable<RecordChunk> {
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.dir, segmentFileName(seg)), 'r');
    } catch {
      return;
    }
    try {
      const size = Math.min(fs.fstatSync(fd).size, this.sizes.get(seg) ?? Number.POSITIVE_INFINITY);
      let base = 0;
      let buffer = Buffer.allocUnsafe(chunkBytes);
      while (base < size) {
        const got = fs.readSync(fd, buffer, 0, Math.min(buffer.length, size - base), base);
        if (got <= 0) return;
        const { end } = recordStarts(buffer.subarray(0, got));
        if (end === 0) {
          const chunk = buffer.subarray(0, got);
          if (got >= RECORD_HEADER_BYTES && chunk.readUInt32LE(0) === RECORD_MAGIC) {
            if (got < buffer.length) return; // a torn tail: nothing complete is left
            buffer = Buffer.allocUnsafe(buffer.length * 2); // one record larger than a chunk
            continue;
          }
          // Damaged bytes: go on at the next record start, if any.
          const next = chunk.indexOf(RECORD_MAGIC_BYTES, 1);
          if (next < 0 && got < buffer.length) return;
          base += next < 0 ? got - 3 : next;
          continue;
        }
        yield { seg, base, data: buffer.subarray(0, end) };
        base += end;
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  close(): void {
    this.reader.close();
    this.writer?.close();
  }
}
