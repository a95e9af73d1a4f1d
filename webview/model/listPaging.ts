// The trace list's loaded pages: refreshes keep the loaded length, "Load older traces" appends the next page.
import type { TraceListPage, TraceListQuery, TraceRow } from '../../src/protocol/messages';
import { countLabel, formatCount } from './format';
import { compareNs } from './time';

export interface LoadedList {
  /** Newest first: the first page plus every older page loaded since. */
  rows: TraceRow[];
  /** Older traces match beyond the loaded rows. */
  hasMore: boolean;
  /** All traces the filter matches, when the host could tell; else null. */
  total: number | null;
}

export const EMPTY_LIST: LoadedList = { rows: [], hasMore: false, total: null };

/** Rows a live refresh fetches: as many pages as are loaded, so older pages stay loaded (at least one page). */
export function refreshLimit(list: LoadedList, pageSize: number): number {
  return Math.max(1, Math.ceil(list.rows.length / pageSize)) * pageSize;
}

/** A refresh (from the newest trace) replaces the list. */
export function fromRefresh(page: TraceListPage): LoadedList {
  return { rows: page.rows, hasMore: page.hasMore, total: page.total };
}

/**
 * The query for the next older page: traces that started no later than the oldest loaded one. A start-time
 * cursor rather than an offset, so traces arriving or being evicted in between neither skip nor repeat rows.
 * Loaded traces that share the oldest start time come back again and are dropped by `withOlderPage`.
 */
export function olderPageQuery(base: TraceListQuery, rows: readonly TraceRow[], pageSize: number): TraceListQuery | null {
  const oldest = rows[rows.length - 1];
  if (!oldest) return null;
  let ties = 0;
  for (let i = rows.length - 1; i >= 0 && rows[i]!.startTimeUnixNano === oldest.startTimeUnixNano; i--) ties++;
  const cursor = base.toUnixNano !== undefined && compareNs(base.toUnixNano, oldest.startTimeUnixNano) < 0
    ? base.toUnixNano : oldest.startTimeUnixNano;
  return { ...base, toUnixNano: cursor, limit: pageSize + ties, offset: 0 };
}

/** Append an older page, skipping rows already loaded. */
export function withOlderPage(list: LoadedList, page: TraceListPage): LoadedList {
  const loaded = new Set(list.rows.map((r) => r.traceId));
  const older = page.rows.filter((r) => !loaded.has(r.traceId));
  return { rows: older.length ? [...list.rows, ...older] : list.rows, hasMore: page.hasMore && older.length > 0, total: list.total };
}

/** "Showing 1,000 of 4,210 traces" or, without a total, "Showing 1,000 traces". */
export function shownText(list: LoadedList): string {
  const shown = list.rows.length;
  if (list.total !== null && list.total > shown) return `Showing ${formatCount(shown)} of ${formatCount(list.total)} traces`;
  return `Showing ${countLabel(shown, 'trace')}`;
}

/** What the workload scorecards are computed from; null when that is every matching trace. */
export function scorecardScope(list: LoadedList): string | null {
  if (!list.hasMore) return null;
  const of = list.total !== null ? ` of ${formatCount(list.total)}` : '';
  return `Computed from the newest ${formatCount(list.rows.length)}${of} traces; load older traces to include more.`;
}
