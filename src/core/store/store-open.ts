// Opening a store folder: the index as of its last snapshot (base + delta), the payload records appended
// after that replayed into it, retired segments deleted, and the segment writer for a writable open.
import fs from 'node:fs';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { NormalizeOptions } from '../model/types';
import { loadIndexImage } from './index-snapshots';
import { SegmentPayloads, type PayloadStore } from './payload-io';
import type { RetentionOptions } from './retention';
import { SegmentWriter, listSegments, segmentFileName } from './segment-files';
import { replaySegments, type ReplayPosition } from './segment-replay';
import { StoreDatabase } from './store-db';

export const META_REPLAY_SEGMENT = 'replay_segment';
export const META_REPLAY_OFFSET = 'replay_offset';

export interface Loaded {
  data: StoreDatabase;
  payloads: PayloadStore;
  position: ReplayPosition;
  /** Record bytes replayed (what the snapshot did not cover). */
  tailBytes: number;
}

/** A store folder: the index snapshot + replay of the segments after its position (and the writer, unless read-only). */
export function loadFolder(
  SQL: SqlJsStatic, dir: string, readOnly: boolean, normalize: NormalizeOptions,
  retention: Required<RetentionOptions>, segmentMaxBytes: number, warn: (message: string) => void,
): Loaded {
  const snapshot = fs.existsSync(dir) ? loadIndexImage(dir) : { image: null, bytes: 0, frames: 0 };
  const segments = fs.existsSync(dir) ? listSegments(dir) : [];
  let writer: SegmentWriter | null = null;
  const payloads = new SegmentPayloads(dir, null);
  const data = new StoreDatabase(new SQL.Database(snapshot.image ?? undefined), normalize, retention, payloads);
  const from: ReplayPosition = {
    seg: Number(data.getMeta(META_REPLAY_SEGMENT) ?? segments[0] ?? 1),
    off: Number(data.getMeta(META_REPLAY_OFFSET) ?? 0),
  };
  // Segments the snapshot retired (nothing points into them) are gone for good.
  const retired = new Set(data.sql.all('SELECT id FROM segments WHERE retired = 1').map((r) => Number(r[0])));
  for (const [seg, bytes] of data.sql.all('SELECT id, bytes FROM segments WHERE retired = 0')) {
    payloads.sizes.set(Number(seg), Number(bytes));
  }
  if (!readOnly) {
    for (const seg of segments) if (retired.has(seg)) fs.rmSync(path.join(dir, segmentFileName(seg)), { force: true });
  }
  const replay = fs.existsSync(dir) ? replaySegments(data, dir, from, !readOnly, warn) : null;
  for (const [seg, bytes] of replay?.sizes ?? []) payloads.sizes.set(seg, bytes);
  const position = replay?.position ?? from;
  if (!readOnly) {
    writer = new SegmentWriter(dir, Math.max(position.seg, 1), segmentMaxBytes);
    const withWriter = new SegmentPayloads(dir, writer);
    for (const [seg, bytes] of payloads.sizes) withWriter.sizes.set(seg, bytes);
    withWriter.sizes.set(writer.activeSegment, writer.activeBytes);
    payloads.close();
    data.payloads = withWriter;
    return { data, payloads: withWriter, position, tailBytes: replay?.bytes ?? 0 };
  }
  return { data, payloads, position, tailBytes: replay?.bytes ?? 0 };
}
