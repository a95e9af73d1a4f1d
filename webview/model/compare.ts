// Display logic of the compare view: signed deltas, row marks, and the "differences only" filter.
import type { CompareRow } from '../../src/core/compare';
import { formatDuration, formatTokens } from './format';

/** A duration change this small (under 1 ms or under 10% of A's duration) is not worth a colour. */
export function isNotableDelta(deltaMs: number | null, aMs: number | null): boolean {
  if (deltaMs === null || !Number.isFinite(deltaMs)) return false;
  const size = Math.abs(deltaMs);
  return size >= 1 && size >= 0.1 * Math.abs(aMs ?? 0);
}

const MINUS = '\u2212';

/** "+120 ms", "−1.20 s", "0 ms"; empty when there is no delta. */
export function formatDurationDelta(deltaMs: number | null): string {
  if (deltaMs === null || !Number.isFinite(deltaMs)) return '';
  if (deltaMs === 0) return '0 ms';
  return `${deltaMs > 0 ? '+' : MINUS}${formatDuration(Math.abs(deltaMs))}`;
}

/** "+50", "−1.2k"; empty when there is no delta or it is zero. */
export function formatTokenDelta(delta: number | null): string {
  if (!delta) return '';
  return `${delta > 0 ? '+' : MINUS}${formatTokens(Math.abs(delta))}`;
}

export type DeltaTone = 'slower' | 'faster' | 'same';

export function deltaTone(row: Pick<CompareRow, 'durationDeltaMs' | 'aDurationMs'>): DeltaTone {
  if (!isNotableDelta(row.durationDeltaMs, row.aDurationMs)) return 'same';
  return row.durationDeltaMs! > 0 ? 'slower' : 'faster';
}

/** "only in A" / "only in B" for one-sided rows. */
export function sideLabel(row: Pick<CompareRow, 'side'>): string | null {
  return row.side === 'a' ? 'only in A' : row.side === 'b' ? 'only in B' : null;
}

/** "ok → error" when the status changed. */
export function statusChangeLabel(row: Pick<CompareRow, 'statusChanged' | 'aStatus' | 'bStatus'>): string | null {
  return row.statusChanged ? `${row.aStatus} → ${row.bStatus}` : null;
}

export function isDifferent(row: CompareRow): boolean {
  return row.side !== 'both' || row.statusChanged || Boolean(row.tokenDelta) || isNotableDelta(row.durationDeltaMs, row.aDurationMs);
}

/** Rows that differ, with their ancestors for context (rows are in tree order with depths). */
export function differingRows(rows: readonly CompareRow[]): CompareRow[] {
  const out: CompareRow[] = [];
  // The ancestors of the current row not yet emitted, by depth.
  const pending: CompareRow[] = [];
  let emittedDepth = -1;
  for (const row of rows) {
    pending.length = Math.min(pending.length, row.depth);
    emittedDepth = Math.min(emittedDepth, row.depth - 1);
    if (isDifferent(row)) {
      for (let d = emittedDepth + 1; d < row.depth; d++) if (pending[d]) out.push(pending[d]!);
      out.push(row);
      emittedDepth = row.depth;
    } else {
      pending[row.depth] = row;
    }
  }
  return out;
}
