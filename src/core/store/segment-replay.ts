// Replaying payload records into the index: the tail a snapshot does not cover at open, and what a
// read-only store follows while another process writes.
import fs from 'node:fs';
import path from 'node:path';
import type { RawLogRecord } from '../model/types';
import type { FigurePoint } from '../agents/metric-figures';
import { logDigest } from './log-records';
import type { IncomingSpan, StoreDatabase } from './store-db';
import { listSegments, scanSegment, segmentFileName } from './segment-files';
import { RecordKind, recordBody } from './segment-records';
import { rawSpanFromBody } from './span-rows';

const BATCH = 512;

export interface ReplayPosition {
  seg: number;
  off: number;
}

export interface ReplayResult {
  position: ReplayPosition;
  /** Record bytes replayed. */
  bytes: number;
  /** Segment sizes seen (end of the last valid record). */
  sizes: Map<number, number>;
  traceIds: Set<string>;
}

/**
 * Index every record from `from` on. `truncate`: cut a torn tail off the newest segment (the writer's
 * open); a reader leaves it (a group being written).
 */
export function replaySegments(
  data: StoreDatabase, dir: string, from: ReplayPosition, truncate: boolean, warn: (message: string) => void,
): ReplayResult {
  const segments = listSegments(dir).filter((seg) => seg >= from.seg);
  const touched = new Set<string>();
  const sizes = new Map<number, number>();
  let position = from;
  let bytes = 0;
  let batch: IncomingSpan[] = [];
  const flush = (): void => {
    if (batch.length > 0) data.ingestSpans(batch, touched);
    batch = [];
  };
  data.begin();
  try {
    for (const seg of segments) {
      const start = seg === from.seg ? from.off : 0;
      const result = scanSegment(dir, seg, start, ({ header, pointer, data: chunk, at }) => {
        const body = recordBody(chunk, at, pointer.len);
        bytes += pointer.len;
        switch (header.kind) {
          case RecordKind.Resource:
            data.replayResource(header.resourceId, body);
            break;
          case RecordKind.Span:
            if (!header.traceId || !header.spanId) break;
            batch.push({
              raw: rawSpanFromBody(body, header.traceId, header.spanId, data.resources.shared(header.resourceId)),
              at: pointer,
              resourceId: header.resourceId,
            });
            if (batch.length >= BATCH) flush();
            break;
          case RecordKind.RelocatedSpan:
            flush();
            if (!header.traceId || !header.spanId || data.relocateSpan(header.traceId, header.spanId, pointer)) break;
            // A span the snapshot does not know (a reader's older snapshot raced a compaction): index it here.
            batch.push({
              raw: rawSpanFromBody(body, header.traceId, header.spanId, data.resources.shared(header.resourceId)),
              at: pointer,
              resourceId: header.resourceId,
            });
            break;
          case RecordKind.Log:
            flush();
            data.ingestLogs([{ log: JSON.parse(body) as RawLogRecord, at: pointer, json: body }], touched);
            break;
          case RecordKind.SessionFigures:
            flush();
            data.replayFigures(JSON.parse(body) as FigurePoint[]);
            break;
          case RecordKind.RelocatedLog:
            flush();
            if (!data.relocateLog(logDigest(body), pointer)) {
              data.ingestLogs([{ log: JSON.parse(body) as RawLogRecord, at: pointer, json: body }], touched);
            }
            break;
        }
      });
      flush();
      sizes.set(seg, result.end);
      position = { seg, off: result.end };
      if (result.skipped > 0) warn(`skipped ${result.skipped} damaged record(s) in ${segmentFileName(seg)}`);
      if (result.tornBytes > 0 && seg === segments[segments.length - 1]) {
        if (truncate) {
          fs.truncateSync(path.join(dir, segmentFileName(seg)), result.end);
          warn(`truncated ${result.tornBytes} damaged byte(s) at the end of ${segmentFileName(seg)} `
            + '(an interrupted write; it was never acknowledged)');
        }
      } else if (result.tornBytes > 0) {
        warn(`ignored ${result.tornBytes} damaged byte(s) at the end of ${segmentFileName(seg)}`);
      }
    }
    data.commit();
  } catch (error) {
    data.rollback();
    throw error;
  }
  return { position, bytes, sizes, traceIds: touched };
}
