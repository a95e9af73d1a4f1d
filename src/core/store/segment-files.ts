// Payload segment files `segment-<id>.atl`: the writer appends records in groups (one fdatasync per
// group commit) and rolls to a new file past a size; the reader reads records back by pointer.
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, numberedFiles } from './files';
import {
  MAX_RECORD_BODY_BYTES, RECORD_HEADER_BYTES, RECORD_MAGIC_BYTES, checkRecord, writeRecord, type RecordHeader, type RecordKind,
} from './segment-records';

const SEGMENT_NAME = /^segment-(\d+)\.atl$/;

export interface PayloadPointer {
  seg: number;
  off: number;
  len: number;
}

export function segmentFileName(id: number): string {
  return `segment-${String(id).padStart(12, '0')}.atl`;
}

/** Segment ids present in `dir`, ascending. */
export function listSegments(dir: string): number[] {
  return numberedFiles(dir, SEGMENT_NAME);
}

/** Writing failed (disk full, read-only, I/O error): nothing of the group was kept. */
export class StorageWriteError extends Error {
  override name = 'StorageWriteError';
  constructor(readonly dir: string, readonly code: string, cause: string, consequence = 'nothing of it was stored') {
    super(`Cannot write to the trace store folder ${dir} (${code}: ${cause}); ${consequence}.`);
  }
}

function writeAll(fd: number, data: Buffer, position: number): void {
  let written = 0;
  while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written, position + written);
}

/** Group buffer size kept between commits (a larger one, for a huge request, is let go after its commit). */
const GROUP_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Appends to the newest segment. Records are written straight into one group buffer (no buffer per
 * record) and wait there until `commit` writes and syncs them together.
 */
export class SegmentWriter {
  private fd: number;
  private group = Buffer.allocUnsafe(GROUP_BUFFER_BYTES);
  private pendingBytes = 0;
  /** Bytes of the active segment that are on disk. */
  private durableBytes: number;
  /** Test hook: throws instead of writing (simulates a full disk). */
  failWrites: ((dir: string) => Error | null) | null = null;

  constructor(readonly dir: string, private active: number, private readonly maxBytes: number) {
    const file = path.join(dir, segmentFileName(active));
    this.fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT);
    this.durableBytes = fs.fstatSync(this.fd).size;
    fsyncDir(dir);
  }

  get activeSegment(): number {
    return this.active;
  }

  get activeBytes(): number {
    return this.durableBytes;
  }

  /** Where the next appended record starts. */
  position(): { seg: number; off: number } {
    return { seg: this.active, off: this.durableBytes + this.pendingBytes };
  }

  private reserve(bytes: number): number {
    const at = this.pendingBytes;
    if (at + bytes > this.group.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.group.length * 2, at + bytes));
      this.group.copy(grown, 0, 0, at);
      this.group = grown;
    }
    this.pendingBytes += bytes;
    return at;
  }

  /** A whole record built elsewhere (a relocation, a resource). */
  append(record: Uint8Array): PayloadPointer {
    const pointer = { seg: this.active, off: this.durableBytes + this.pendingBytes, len: record.length };
    const at = this.reserve(record.length); // first: it may replace the group buffer
    this.group.set(record, at);
    return pointer;
  }

  /** A record written in place; `bodyBytes` is the UTF-8 length of `body`. */
  appendRecord(
    kind: RecordKind, resourceId: number, traceId: string | null, spanId: string | null, body: string, bodyBytes: number,
  ): PayloadPointer {
    const len = RECORD_HEADER_BYTES + bodyBytes;
    const pointer = { seg: this.active, off: this.durableBytes + this.pendingBytes, len };
    const at = this.reserve(len); // first: it may replace the group buffer
    writeRecord(this.group, at, kind, resourceId, traceId, spanId, body, bodyBytes);
    return pointer;
  }

  get uncommittedBytes(): number {
    return this.pendingBytes;
  }

  /** A record appended but not committed yet (the ingest reads a span back before its group commits). */
  readPending(seg: number, off: number, len: number): Buffer | null {
    if (seg !== this.active || off < this.durableBytes || off + len > this.durableBytes + this.pendingBytes) return null;
    const at = off - this.durableBytes;
    return Buffer.from(this.group.subarray(at, at + len)); // a copy: the group buffer is reused
  }

  /** Write and sync the pending records. On failure the file is cut back and the error says why. */
  commit(): number {
    if (this.pendingBytes === 0) return 0;
    const data = this.group.subarray(0, this.pendingBytes);
    try {
      const injected = this.failWrites?.(this.dir);
      if (injected) throw injected;
      writeAll(this.fd, data, this.durableBytes);
      fs.fdatasyncSync(this.fd);
    } catch (error) {
      this.discardPending();
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      throw new StorageWriteError(this.dir, code, (error as Error).message);
    }
    const written = this.pendingBytes;
    this.durableBytes += written;
    this.pendingBytes = 0;
    if (this.group.length > GROUP_BUFFER_BYTES) this.group = Buffer.allocUnsafe(GROUP_BUFFER_BYTES);
    return written;
  }

  /** Drop what was appended since the last commit (and any partial write of it). */
  discardPending(): void {
    this.pendingBytes = 0;
    if (this.group.length > GROUP_BUFFER_BYTES) this.group = Buffer.allocUnsafe(GROUP_BUFFER_BYTES);
    try {
      fs.ftruncateSync(this.fd, this.durableBytes);
    } catch {
      // the next open truncates a torn tail anyway
    }
  }

  /** After a commit: start a new segment once this one is full. Returns the id of the sealed one, if any. */
  rollIfFull(force = false): number | null {
    if ((!force && this.durableBytes < this.maxBytes) || this.pendingBytes > 0) return null;
    const sealed = this.active;
    fs.closeSync(this.fd);
    this.active = sealed + 1;
    this.fd = fs.openSync(path.join(this.dir, segmentFileName(this.active)), fs.constants.O_RDWR | fs.constants.O_CREAT);
    this.durableBytes = fs.fstatSync(this.fd).size;
    fsyncDir(this.dir);
    return sealed;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Reads records by pointer; file descriptors stay open (a segment deleted meanwhile stays readable). */
export class SegmentReader {
  private readonly fds = new Map<number, number>();

  constructor(private readonly dir: string | null, private readonly pending: SegmentWriter | null = null) {}

  private fd(seg: number): number {
    let fd = this.fds.get(seg);
    if (fd === undefined) {
      if (this.dir === null) throw new Error(`segment ${seg} is not available`);
      fd = fs.openSync(path.join(this.dir, segmentFileName(seg)), 'r');
      this.fds.set(seg, fd);
    }
    return fd;
  }

  /** The raw bytes of the record at `pointer` (pending ones included). */
  read(pointer: PayloadPointer): Buffer {
    const pending = this.pending?.readPending(pointer.seg, pointer.off, pointer.len);
    if (pending) return pending;
    const data = Buffer.allocUnsafe(pointer.len);
    const n = fs.readSync(this.fd(pointer.seg), data, 0, pointer.len, pointer.off);
    return n === pointer.len ? data : data.subarray(0, n);
  }

  /** Records for many pointers; neighbouring records are read with one call. */
  readMany(pointers: readonly PayloadPointer[]): Buffer[] {
    const order = pointers.map((_, i) => i).sort((a, b) => {
      const pa = pointers[a]!;
      const pb = pointers[b]!;
      return pa.seg - pb.seg || pa.off - pb.off;
    });
    const out = new Array<Buffer>(pointers.length);
    const MAX_GAP = 64 * 1024;
    const MAX_RUN = 16 * 1024 * 1024;
    let i = 0;
    while (i < order.length) {
      const first = pointers[order[i]!]!;
      const pending = this.pending?.readPending(first.seg, first.off, first.len);
      if (pending) {
        out[order[i]!] = pending;
        i++;
        continue;
      }
      let end = first.off + first.len;
      let j = i + 1;
      while (j < order.length) {
        const next = pointers[order[j]!]!;
        if (next.seg !== first.seg || next.off > end + MAX_GAP || next.off + next.len - first.off > MAX_RUN) break;
        if (this.pending?.readPending(next.seg, next.off, next.len)) break;
        end = Math.max(end, next.off + next.len);
        j++;
      }
      const run = this.read({ seg: first.seg, off: first.off, len: end - first.off });
      for (let k = i; k < j; k++) {
        const p = pointers[order[k]!]!;
        out[order[k]!] = run.subarray(p.off - first.off, p.off - first.off + p.len);
      }
      i = j;
    }
    return out;
  }

  /** Forget a segment (deleted or compacted away). */
  drop(seg: number): void {
    const fd = this.fds.get(seg);
    if (fd !== undefined) fs.closeSync(fd);
    this.fds.delete(seg);
  }

  close(): void {
    for (const fd of this.fds.values()) fs.closeSync(fd);
    this.fds.clear();
  }
}

export interface ScannedRecord {
  header: RecordHeader;
  pointer: PayloadPointer;
  data: Buffer;
  /** Offset of the record inside `data`. */
  at: number;
}

export interface ScanResult {
  /** Where scanning stopped: the end of the last valid record. */
  end: number;
  /** Bytes after `end` that do not form a valid record (a torn write), 0 when clean. */
  tornBytes: number;
  /** Damaged stretches skipped in the middle (scanning went on at the next valid record). */
  skipped: number;
}

/** Visit the records of one segment from `from` on, in chunks of about `chunkBytes`. */
export function scanSegment(
  dir: string, seg: number, from: number, visit: (record: ScannedRecord) => void, chunkBytes = 8 * 1024 * 1024,
): ScanResult {
  const fd = fs.openSync(path.join(dir, segmentFileName(seg)), 'r');
  try {
    const size = fs.fstatSync(fd).size;
    let base = from;
    let skipped = 0;
    let buffer = Buffer.allocUnsafe(Math.max(chunkBytes, 64 * 1024));
    while (base < size) {
      const want = Math.min(buffer.length, size - base);
      const got = fs.readSync(fd, buffer, 0, want, base);
      const data = buffer.subarray(0, got);
      let at = 0;
      let stop = false;
      while (at < data.length) {
        const check = checkRecord(data, at);
        if (check.ok) {
          visit({ header: check.header, pointer: { seg, off: base + at, len: check.totalBytes }, data, at });
          at += check.totalBytes;
          continue;
        }
        if (check.reason === 'incomplete' && base + got < size) {
          // The record runs past this chunk: read again from its start (with a larger buffer if needed).
          if (at === 0) buffer = Buffer.allocUnsafe(Math.max(buffer.length * 2, check.totalBytes ?? 0));
          break;
        }
        stop = true;
        break;
      }
      base += at;
      if (stop) {
        // A damaged record in the middle (bit rot in its body or even its length) must not cost the intact
        // records after it: go on at the next valid record, if any; only bytes with none after them are a torn tail.
        const next = findValidRecord(fd, base + 1, size);
        if (next === null) return { end: base, tornBytes: size - base, skipped };
        skipped++;
        base = next;
      }
    }
    return { end: base, tornBytes: 0, skipped };
  } finally {
    fs.closeSync(fd);
  }
}

/** Offset of the first record at or after `from` whose magic, length and checksum all hold; null if none. */
function findValidRecord(fd: number, from: number, size: number): number | null {
  const magic = RECORD_MAGIC_BYTES;
  const window = Buffer.allocUnsafe(1024 * 1024);
  for (let base = from; base < size; base += window.length - 3) {
    const got = fs.readSync(fd, window, 0, Math.min(window.length, size - base), base);
    for (let i = window.subarray(0, got).indexOf(magic); i >= 0; i = window.subarray(0, got).indexOf(magic, i + 1)) {
      const header = Buffer.alloc(RECORD_HEADER_BYTES);
      if (fs.readSync(fd, header, 0, RECORD_HEADER_BYTES, base + i) < RECORD_HEADER_BYTES) continue;
      const total = RECORD_HEADER_BYTES + header.readUInt32LE(8);
      if (total > MAX_RECORD_BODY_BYTES || base + i + total > size) continue;
      const record = Buffer.allocUnsafe(total);
      fs.readSync(fd, record, 0, total, base + i);
      if (checkRecord(record, 0).ok) return base + i;
    }
    if (got < window.length) break;
  }
  return null;
}
