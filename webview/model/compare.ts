// Display logic of the compare view: signed deltas, row marks, the "differences only" filter, and keeping
// the selection and scroll position when the rows are replaced.
import type { CompareRow } from '../../src/core/compare';
import type { TraceSummary } from '../../src/core/model/types';
import { formatDuration, formatTokens } from './format';
import { anchoredScrollTop } from './virtual';

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

/** The rows the view shows: all, or the differing ones with their ancestors. */
export function shownRows(rows: readonly CompareRow[], differencesOnly: boolean): readonly CompareRow[] {
  return differencesOnly ? differingRows(rows) : rows;
}

/** A row's identity across re-comparisons and filters: its pair of span ids. */
export const compareRowKey = (r: CompareRow): string => `${r.a ?? ''}|${r.b ?? ''}`;

/** Where the row selected in `before` is in `after` (matched by key), or -1. */
export function reselectedIndex(before: readonly CompareRow[], selected: number, after: readonly CompareRow[]): number {
  const row = before[selected];
  if (!row) return -1;
  const key = compareRowKey(row);
  return after.findIndex((r) => compareRowKey(r) === key);
}

export interface CompareRowsView {
  rows: readonly CompareRow[];
  selected: number;
  scrollTop: number;
}

/**
 * The view after a re-comparison: the same row selected and the row at the top of the viewport kept
 * there, so spans arriving above do not move what is being read.
 */
export function refreshedRowsView(before: CompareRowsView, rows: readonly CompareRow[], rowHeight: number): CompareRowsView {
  const keys = (rs: readonly CompareRow[]): string[] => rs.map(compareRowKey);
  return {
    rows,
    selected: reselectedIndex(before.rows, before.selected, rows),
    scrollTop: anchoredScrollTop(keys(before.rows), keys(rows), before.scrollTop, rowHeight),
  };
}

type TraceExtent = Pick<TraceSummary, 'spanCount' | 'endTimeUnixNano'>;

/** Whether a trace's current summary shows no new spans since the one shown (absent on both sides counts as unchanged). */
export function sameTraceExtent(shown: TraceExtent | null, current: TraceExtent | null): boolean {
  if (!shown || !current) return shown === current;
  return shown.spanCount === current.spanCount && shown.endTimeUnixNano === current.endTimeUnixNano;
}
