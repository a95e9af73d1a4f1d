// Index snapshots written incrementally: `index.sqlite` is a whole image of the sql.js database (the
// base), and `index.delta` appends only the pages that changed since the previous snapshot, as frame
// sets (a page count, the changed pages, a checksum). A reader applies the complete frame sets to the
// base; a torn last one is ignored. The base carries a random id in SQLite's user_version header field
// and the delta names the base it belongs to, so a delta left beside a newer base is never applied.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { INDEX_FILE, fsyncDir, readSnapshot, writeSnapshot } from './files';

export const DELTA_FILE = 'index.delta';
const DELTA_MAGIC = 0x31445441; // "ATD1"
const FRAME_MAGIC = 0x31465441; // "ATF1"
const DELTA_HEADER_BYTES = 8; // magic, base id
const FRAME_HEADER_BYTES = 16; // magic, page count, pages in frame, page size
/** SQLite header: user_version, a big-endian u32 at byte 60. */
const USER_VERSION_AT = 60;
/** A new base once the delta file passes this share of the base. */
const REBASE_SHARE = 0.5;

function baseId(image: Uint8Array): number {
  return image.length >= USER_VERSION_AT + 4 ? Buffer.from(image.buffer, image.byteOffset, image.byteLength).readUInt32BE(USER_VERSION_AT) : 0;
}

function pageSizeOf(image: Uint8Array): number {
  if (image.length < 18) return 4096;
  const raw = (image[16]! << 8) | image[17]!;
  return raw === 1 ? 65536 : raw;
}

export interface LoadedImage {
  image: Uint8Array | null;
  /** Bytes read (base + applied frames). */
  bytes: number;
  /** Frame sets applied from the delta. */
  frames: number;
}

/** The database image as of the last complete snapshot: the base with the delta's complete frame sets applied. */
export function loadIndexImage(dir: string): LoadedImage {
  const base = readSnapshot(dir, INDEX_FILE);
  if (!base) return { image: null, bytes: 0, frames: 0 };
  let delta: Buffer;
  try {
    delta = fs.readFileSync(path.join(dir, DELTA_FILE));
  } catch {
    return { image: base, bytes: base.length, frames: 0 };
  }
  if (delta.length < DELTA_HEADER_BYTES || delta.readUInt32LE(0) !== DELTA_MAGIC || delta.readUInt32LE(4) !== baseId(base)) {
    return { image: base, bytes: base.length, frames: 0 };
  }
  let image = Buffer.from(base.buffer, base.byteOffset, base.byteLength);
  let size = image.length;
  let at = DELTA_HEADER_BYTES;
  let frames = 0;
  for (;;) {
    if (at + FRAME_HEADER_BYTES > delta.length || delta.readUInt32LE(at) !== FRAME_MAGIC) break;
    const pageCount = delta.readUInt32LE(at + 4);
    const pages = delta.readUInt32LE(at + 8);
    const pageSize = delta.readUInt32LE(at + 12);
    const end = at + FRAME_HEADER_BYTES + pages * (4 + pageSize) + 4;
    if (end > delta.length || crc32(delta.subarray(at, end - 4)) !== delta.readUInt32LE(end - 4)) break;
    const wanted = pageCount * pageSize;
    if (wanted > image.length) {
      const grown = Buffer.alloc(Math.max(wanted, Math.ceil(image.length * 1.25)));
      image.copy(grown, 0, 0, size);
      image = grown;
    }
    let p = at + FRAME_HEADER_BYTES;
    for (let i = 0; i < pages; i++) {
      const pageNo = delta.readUInt32LE(p);
      delta.copy(image, (pageNo - 1) * pageSize, p + 4, p + 4 + pageSize);
      p += 4 + pageSize;
    }
    size = wanted;
    frames++;
    at = end;
  }
  return { image: image.subarray(0, size), bytes: base.length + at, frames };
}

/** The writer side: knows each page's checksum as last written, so a snapshot writes only what changed. */
export class IndexSnapshotWriter {
  private pageCrcs: Uint32Array | null = null;
  private baseBytes = 0;
  private deltaBytes = 0;

  constructor(private readonly dir: string) {}

  /**
   * Write a snapshot: a delta of the pages that changed, or a new base when none is known yet (first
   * snapshot of this process) or the delta has grown past half the base. `stamp` sets the new base's id
   * in the database before its image is taken. Returns the bytes written.
   */
  write(exportImage: () => Uint8Array, stamp: (baseId: number) => void): number {
    if (!this.pageCrcs || this.deltaBytes > this.baseBytes * REBASE_SHARE) {
      stamp(newBaseId());
      return this.writeBase(exportImage());
    }
    const image = exportImage();
    const pageSize = pageSizeOf(image);
    const pageCount = Math.floor(image.length / pageSize);
    const crcs = new Uint32Array(pageCount);
    for (let i = 0; i < pageCount; i++) crcs[i] = crc32(image.subarray(i * pageSize, (i + 1) * pageSize));
    const changed: number[] = [];
    for (let i = 0; i < pageCount; i++) if (i >= this.pageCrcs.length || crcs[i] !== this.pageCrcs[i]) changed.push(i);
    const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + changed.length * (4 + pageSize) + 4);
    frame.writeUInt32LE(FRAME_MAGIC, 0);
    frame.writeUInt32LE(pageCount, 4);
    frame.writeUInt32LE(changed.length, 8);
    frame.writeUInt32LE(pageSize, 12);
    let p = FRAME_HEADER_BYTES;
    for (const i of changed) {
      frame.writeUInt32LE(i + 1, p);
      frame.set(image.subarray(i * pageSize, (i + 1) * pageSize), p + 4);
      p += 4 + pageSize;
    }
    frame.writeUInt32LE(crc32(frame.subarray(0, p)), p);
    const file = path.join(this.dir, DELTA_FILE);
    const fd = fs.openSync(file, 'a');
    try {
      let written = 0;
      while (written < frame.length) written += fs.writeSync(fd, frame, written);
      fs.fdatasyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.deltaBytes += frame.length;
    this.pageCrcs = crcs;
    return frame.length;
  }

  /** A whole new base (temp file, fsync, rename), then an empty delta that names it. */
  private writeBase(image: Uint8Array): number {
    const pageSize = pageSizeOf(image);
    const pageCount = Math.floor(image.length / pageSize);
    writeSnapshot(this.dir, image, INDEX_FILE);
    const id = baseId(image);
    const header = Buffer.alloc(DELTA_HEADER_BYTES);
    header.writeUInt32LE(DELTA_MAGIC, 0);
    header.writeUInt32LE(id, 4);
    const temp = path.join(this.dir, `${DELTA_FILE}.tmp`);
    fs.writeFileSync(temp, header);
    const fd = fs.openSync(temp, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    fs.renameSync(temp, path.join(this.dir, DELTA_FILE));
    fsyncDir(this.dir);
    const crcs = new Uint32Array(pageCount);
    for (let i = 0; i < pageCount; i++) crcs[i] = crc32(image.subarray(i * pageSize, (i + 1) * pageSize));
    this.pageCrcs = crcs;
    this.baseBytes = image.length;
    this.deltaBytes = DELTA_HEADER_BYTES;
    return image.length + DELTA_HEADER_BYTES;
  }
}

/** A fresh base id for PRAGMA user_version (positive, so SQLite keeps it as written). */
export function newBaseId(): number {
  return randomInt(1, 0x7fffffff);
}
