// Keeping the segment folder in shape after each group commit: rolling to a new segment, compacting
// sealed segments whose records are mostly evicted (survivors are copied forward, then the file is
// retired), and deciding when the index snapshot is due. Retired files are deleted right after the next
// snapshot, which no longer points into them, so a crash in between still finds every record it needs.
import fs from 'node:fs';
import path from 'node:path';
import type { SegmentPayloads } from './payload-io';
import { segmentFileName, type SegmentWriter } from './segment-files';
import { RECORD_HEADER_BYTES, RecordKind, checkRecord, encodeRecord } from './segment-records';
import type { StoreDatabase } from './store-db';

export interface MaintenanceOptions {
  snapshotTailBytes: number;
  /** Retention's byte limit (Infinity = none): past it, fuller segments are compacted too. */
  maxBytes: number;
  snapshot: () => void;
  warn: (message: string) => void;
}

/** Below this share of live bytes a sealed segment is compacted. */
const COMPACT_BELOW = 0.5;
/** Past the byte limit, segments up to this share are compacted too. */
const COMPACT_BELOW_WHEN_FULL = 0.9;

export class SegmentMaintenance {
  private tailBytes = 0;
  private readonly retired = new Set<number>();
  /** The index changed since the last snapshot. */
  dirty = false;

  constructor(
    private readonly data: StoreDatabase,
    private readonly payloads: SegmentPayloads,
    private readonly writer: SegmentWriter,
    private readonly options: MaintenanceOptions,
  ) {}

  opened(tailBytes: number): void {
    this.tailBytes = tailBytes;
    this.dirty = tailBytes > 0;
  }

  committed(bytes: number): void {
    this.tailBytes += bytes;
    this.dirty = true;
    this.payloads.sizes.set(this.writer.activeSegment, this.writer.activeBytes);
  }

  private retiredBytes(): number {
    let bytes = 0;
    for (const seg of this.retired) bytes += this.payloads.sizes.get(seg) ?? 0;
    return bytes;
  }

  run(): void {
    if (this.writer.rollIfFull() !== null) this.payloads.sizes.set(this.writer.activeSegment, this.writer.activeBytes);
    this.compact();
    if (this.tailBytes + this.retiredBytes() >= this.options.snapshotTailBytes) this.options.snapshot();
  }

  private retire(seg: number): void {
    this.retired.add(seg);
    this.data.segmentUsage.delete(seg);
    this.dirty = true;
  }

  /** Retire sealed segments nothing points into; rewrite at most one mostly-dead segment per call. */
  private compact(): void {
    const active = this.writer.activeSegment;
    let disk = 0;
    let candidate: { seg: number; share: number } | null = null;
    for (const [seg, size] of [...this.payloads.sizes].sort((a, b) => a[0] - b[0])) {
      if (this.retired.has(seg)) continue;
      disk += size;
      if (seg >= active) continue;
      const live = this.data.segmentUsage.get(seg)?.liveBytes ?? 0;
      if (live <= 0) {
        this.retire(seg);
        continue;
      }
      const share = size > 0 ? live / size : 1;
      if (!candidate || share < candidate.share) candidate = { seg, share };
    }
    if (!candidate) return;
    const limit = disk > this.options.maxBytes ? COMPACT_BELOW_WHEN_FULL : COMPACT_BELOW;
    if (candidate.share >= limit) return;
    this.rewrite(candidate.seg);
    this.retire(candidate.seg);
  }

  /** Copy the records still referenced in `seg` to the active segment and point the index at the copies. */
  private rewrite(seg: number): void {
    const spans = this.data.sql.all(`SELECT t.trace_id, s.span_id, s.resource_id, s.off, s.len FROM spans s
      JOIN traces t ON t.id = s.trace WHERE s.seg = ?`, [seg]);
    const logs = this.data.sql.all('SELECT digest, trace_id, span_id, off, len FROM logs WHERE seg = ?', [seg]);
    const spanRecords = this.payloads.readMany(spans.map((r) => ({ seg, off: Number(r[3]), len: Number(r[4]) })));
    const logRecords = this.payloads.readMany(logs.map((r) => ({ seg, off: Number(r[3]), len: Number(r[4]) })));
    this.data.begin();
    try {
      spans.forEach((row, i) => {
        const [traceId, spanId] = [String(row[0]), String(row[1])];
        const to = this.writer.append(this.moved(spanRecords[i]!, RecordKind.RelocatedSpan, Number(row[2]), traceId, spanId));
        this.data.relocateSpan(traceId, spanId, to);
      });
      logs.forEach((row, i) => {
        const traceId = row[1] === null ? null : String(row[1]);
        const spanId = row[2] === null ? null : String(row[2]);
        const to = this.writer.append(this.moved(logRecords[i]!, RecordKind.RelocatedLog, 0, traceId, spanId));
        this.data.relocateLog(String(row[0]), to);
      });
      this.committed(this.writer.commit());
      this.data.commit();
    } catch (error) {
      this.writer.discardPending();
      this.data.rollback();
      throw error;
    }
  }

  /** The record re-encoded as a relocation; a damaged one is copied as it is (it stays unreadable). */
  private moved(record: Buffer, kind: RecordKind, resourceId: number, traceId: string | null, spanId: string | null): Buffer {
    const check = checkRecord(record, 0);
    if (!check.ok) {
      this.options.warn(`compaction copied a damaged record (${traceId ?? '-'}/${spanId ?? '-'}) as it was`);
      return record;
    }
    return encodeRecord(kind, resourceId, traceId, spanId, record.subarray(RECORD_HEADER_BYTES, check.totalBytes));
  }

  /** Clear: every segment but a fresh active one is retired. */
  retireAll(): void {
    this.writer.rollIfFull(true);
    this.payloads.sizes.set(this.writer.activeSegment, this.writer.activeBytes);
    for (const seg of this.payloads.sizes.keys()) if (seg !== this.writer.activeSegment) this.retire(seg);
  }

  /** The segments table as the snapshot should record it. */
  recordSegments(): void {
    this.data.sql.run('DELETE FROM segments');
    for (const [seg, size] of this.payloads.sizes) {
      const live = this.data.segmentUsage.get(seg)?.liveBytes ?? 0;
      this.data.sql.run('INSERT INTO segments (id, bytes, live_bytes, retired) VALUES (?, ?, ?, ?)',
        [seg, size, live, this.retired.has(seg) ? 1 : 0]);
    }
  }

  /** The snapshot landed: retired files can go. */
  snapshotted(): void {
    this.tailBytes = 0;
    this.dirty = false;
    for (const seg of this.retired) {
      this.payloads.reader.drop(seg);
      this.payloads.sizes.delete(seg);
      fs.rmSync(path.join(this.payloads.dir, segmentFileName(seg)), { force: true });
    }
    this.retired.clear();
  }
}
