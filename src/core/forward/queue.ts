// A bounded on-disk FIFO of OTLP requests waiting to be forwarded. Records are appended to numbered
// segment files; a small cursor file says where the oldest undelivered record starts, so a restart
// resumes from there. Over the byte bound the oldest records are dropped (and counted).
import fs from 'node:fs';
import path from 'node:path';
import type { OtlpEncoding, OtlpSignal } from '../otlp';

export const DEFAULT_FORWARD_QUEUE_BYTES = 256 * 1024 * 1024;
const SEGMENT_BYTES = 16 * 1024 * 1024;
const RECORD_MAGIC = 0xa7;
/** magic u8, signal u8, encoding u8, reserved u8, body length u32, span count u32. */
const HEADER_BYTES = 12;
const CURSOR_FILE = 'cursor.json';
const SEGMENT_NAME = /^q-(\d{8})\.bin$/;
/** A delivery moves the cursor on disk at most this often (a crash re-sends at most this much: at least once). */
const CURSOR_SAVE_DELAY_MS = 200;

export interface QueuedRequest {
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  body: Uint8Array;
  /** Spans (or log records) in the body: shown in the status, not needed for delivery. */
  items: number;
}

export interface QueueEntry {
  seg: number;
  off: number;
  bodyBytes: number;
  items: number;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  dropped: boolean;
}

export interface QueueCounts {
  queuedRequests: number;
  queuedItems: number;
  queuedBytes: number;
  droppedRequests: number;
  droppedItems: number;
}

interface Cursor {
  seg: number;
  off: number;
  droppedRequests: number;
  droppedItems: number;
}

const segmentName = (seg: number): string => `q-${String(seg).padStart(8, '0')}.bin`;
const recordBytes = (e: { bodyBytes: number }): number => HEADER_BYTES + e.bodyBytes;

/**
 * Not safe for two processes at once: each forwarder owns its folder. Writes are plain appends without
 * fsync (a restart of the process loses nothing; a power cut may lose the newest records). Delivery is
 * at least once: after a crash, what was delivered in the last ~200 ms before it is sent again.
 */
export class ForwardQueue {
  private entries: QueueEntry[] = [];
  private head = 0;
  private bytes = 0;
  private items = 0;
  private writeSeg = 1;
  private writeOff = 0;
  private fd: number | null = null;
  private droppedRequests = 0;
  private droppedItems = 0;
  private inFlight: QueueEntry | null = null;
  private cursorTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly onWarning: (message: string) => void,
  ) {}

  static open(dir: string, maxBytes = DEFAULT_FORWARD_QUEUE_BYTES, onWarning: (m: string) => void = () => {}): ForwardQueue {
    fs.mkdirSync(dir, { recursive: true });
    const queue = new ForwardQueue(dir, Math.max(1, maxBytes), onWarning);
    queue.load();
    return queue;
  }

  counts(): QueueCounts {
    return {
      queuedRequests: this.liveCount(),
      queuedItems: this.items,
      queuedBytes: this.bytes,
      droppedRequests: this.droppedRequests,
      droppedItems: this.droppedItems,
    };
  }

  get isEmpty(): boolean {
    return this.peek() === null;
  }

  /** Append a request; drops the oldest waiting records first when the bound would be passed. */
  push(request: QueuedRequest): void {
    const size = HEADER_BYTES + request.body.byteLength;
    if (size > this.maxBytes) {
      this.countDrop(request.items, 1);
      this.onWarning(`forward queue: a ${size}-byte request is larger than the queue bound (${this.maxBytes} bytes); dropped`);
      return;
    }
    this.makeRoom(size);
    if (this.writeOff + size > SEGMENT_BYTES && this.writeOff > 0) this.rollSegment();
    const header = Buffer.alloc(HEADER_BYTES);
    header[0] = RECORD_MAGIC;
    header[1] = request.signal === 'logs' ? 1 : 0;
    header[2] = request.encoding === 'json' ? 1 : 0;
    header.writeUInt32LE(request.body.byteLength, 4);
    header.writeUInt32LE(request.items >>> 0, 8);
    const fd = this.writeFd();
    fs.writeSync(fd, header, 0, HEADER_BYTES, this.writeOff);
    fs.writeSync(fd, request.body, 0, request.body.byteLength, this.writeOff + HEADER_BYTES);
    this.entries.push({
      seg: this.writeSeg, off: this.writeOff, bodyBytes: request.body.byteLength, items: request.items,
      signal: request.signal, encoding: request.encoding, dropped: false,
    });
    this.writeOff += size;
    this.bytes += size;
    this.items += request.items;
  }

  /** The oldest record still waiting, marked in flight (the bound never drops it), or null. */
  peek(): QueueEntry | null {
    this.skipDropped();
    const entry = this.entries[this.head] ?? null;
    this.inFlight = entry;
    return entry;
  }

  read(entry: QueueEntry): QueuedRequest {
    const body = Buffer.alloc(entry.bodyBytes);
    const fd = fs.openSync(path.join(this.dir, segmentName(entry.seg)), 'r');
    try {
      fs.readSync(fd, body, 0, entry.bodyBytes, entry.off + HEADER_BYTES);
    } finally {
      fs.closeSync(fd);
    }
    return { signal: entry.signal, encoding: entry.encoding, body, items: entry.items };
  }

  /** The in-flight record was delivered (or rejected for good): forget it. */
  remove(entry: QueueEntry): void {
    if (this.inFlight === entry) this.inFlight = null;
    if (entry.dropped) return;
    entry.dropped = true;
    this.bytes -= recordBytes(entry);
    this.items -= entry.items;
    this.skipDropped();
    this.cursorTimer ??= setTimeout(() => {
      this.cursorTimer = null;
      // Runs outside any caller: a folder removed or a full disk must warn, never throw into the host.
      try {
        this.saveCursor();
      } catch (error) {
        this.onWarning(`forward queue: could not save the delivery cursor: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, CURSOR_SAVE_DELAY_MS);
    this.cursorTimer.unref();
  }

  close(): void {
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    this.cursorTimer = null;
    this.saveCursor();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private liveCount(): number {
    let n = 0;
    for (let i = this.head; i < this.entries.length; i++) if (!this.entries[i]!.dropped) n++;
    return n;
  }

  private countDrop(items: number, requests: number): void {
    this.droppedItems += items;
    this.droppedRequests += requests;
  }

  private makeRoom(size: number): void {
    let dropped = 0;
    let droppedItems = 0;
    for (let i = this.head; i < this.entries.length && this.bytes + size > this.maxBytes; i++) {
      const entry = this.entries[i]!;
      if (entry.dropped || entry === this.inFlight) continue;
      entry.dropped = true;
      this.bytes -= recordBytes(entry);
      this.items -= entry.items;
      dropped++;
      droppedItems += entry.items;
    }
    if (dropped === 0) return;
    this.countDrop(droppedItems, dropped);
    this.onWarning(`forward queue full (${this.maxBytes} bytes): dropped the ${dropped} oldest request(s) ` +
      `(${droppedItems} span(s)/log(s)); ${this.droppedRequests} dropped so far`);
    this.skipDropped();
    this.saveCursor();
  }

  /** Move the head past delivered or dropped records and delete segment files left behind. */
  private skipDropped(): void {
    const before = this.entries[this.head]?.seg;
    while (this.head < this.entries.length && this.entries[this.head]!.dropped && this.entries[this.head] !== this.inFlight) this.head++;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    const now = this.entries[this.head]?.seg ?? this.writeSeg;
    if (before !== undefined && now > before) this.deleteSegmentsBefore(now);
  }

  private deleteSegmentsBefore(seg: number): void {
    for (const name of fs.readdirSync(this.dir)) {
      const m = SEGMENT_NAME.exec(name);
      if (m && Number(m[1]) < seg) fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }

  private cursor(): Cursor {
    const head = this.entries[this.head];
    return {
      seg: head ? head.seg : this.writeSeg,
      off: head ? head.off : this.writeOff,
      droppedRequests: this.droppedRequests,
      droppedItems: this.droppedItems,
    };
  }

  private saveCursor(): void {
    const file = path.join(this.dir, CURSOR_FILE);
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.cursor()));
    fs.renameSync(tmp, file);
  }

  private writeFd(): number {
    this.fd ??= fs.openSync(path.join(this.dir, segmentName(this.writeSeg)), 'a+');
    return this.fd;
  }

  private rollSegment(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    this.writeSeg++;
    this.writeOff = 0;
  }

  private load(): void {
    let cursor: Cursor = { seg: 1, off: 0, droppedRequests: 0, droppedItems: 0 };
    try {
      cursor = { ...cursor, ...(JSON.parse(fs.readFileSync(path.join(this.dir, CURSOR_FILE), 'utf8')) as Partial<Cursor>) };
    } catch {
      // no cursor yet (a new queue) or an unreadable one: start from the oldest segment on disk
      cursor.seg = 0;
    }
    this.droppedRequests = cursor.droppedRequests;
    this.droppedItems = cursor.droppedItems;
    const segments = fs.readdirSync(this.dir)
      .map((name) => SEGMENT_NAME.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const seg of segments) {
      if (seg < cursor.seg) {
        fs.rmSync(path.join(this.dir, segmentName(seg)), { force: true });
        continue;
      }
      this.scanSegment(seg, seg === cursor.seg ? cursor.off : 0);
    }
    const last = segments[segments.length - 1];
    if (last !== undefined && last >= cursor.seg) {
      this.writeSeg = last;
      this.writeOff = fs.statSync(path.join(this.dir, segmentName(last))).size;
    } else {
      this.writeSeg = Math.max(1, cursor.seg);
      this.writeOff = 0;
    }
    // A queue reopened over its (possibly smaller) bound drops its oldest now.
    this.makeRoom(0);
  }

  private scanSegment(seg: number, from: number): void {
    const file = path.join(this.dir, segmentName(seg));
    const content = fs.readFileSync(file);
    let off = from;
    while (off + HEADER_BYTES <= content.length) {
      const length = content.readUInt32LE(off + 4);
      if (content[off] !== RECORD_MAGIC || off + HEADER_BYTES + length > content.length) break;
      const entry: QueueEntry = {
        seg, off, bodyBytes: length, items: content.readUInt32LE(off + 8),
        signal: content[off + 1] === 1 ? 'logs' : 'traces', encoding: content[off + 2] === 1 ? 'json' : 'protobuf', dropped: false,
      };
      this.entries.push(entry);
      this.bytes += recordBytes(entry);
      this.items += entry.items;
      off += HEADER_BYTES + length;
    }
    if (off < content.length) {
      this.onWarning(`forward queue: cut ${content.length - off} byte(s) of an unfinished record at the end of ${segmentName(seg)}`);
      fs.truncateSync(file, off);
    }
  }
}
