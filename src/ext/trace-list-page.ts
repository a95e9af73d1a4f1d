// One page of the panel's trace list: the store's rows plus "are there older ones" and, when cheap, the total.
import type { TraceSummary } from '../core/model/types';
import type { StoreStats, TraceFilter } from '../core/model/store-types';
import { ALL_TRACES } from '../core/store/list-limit';
import type { TraceListPage, TraceListQuery, TraceRow } from '../protocol/messages';
import type { TraceListStore } from '../core/store/views';

/** Rows per page when the query names no limit. */
export const DEFAULT_PAGE_SIZE = 1000;

export interface TraceListDecorations {
  /** null when nothing tracks contract violations (the filter is then ignored). */
  violatingTraceIds(): ReadonlySet<string> | null;
  applyToTraces(rows: TraceRow[]): Promise<TraceRow[]>;
}

export async function listTracePage(
  store: TraceListStore, decorations: TraceListDecorations, query: TraceListQuery,
): Promise<TraceListPage> {
  const { violationsOnly, ...filter } = query;
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  const offset = filter.offset ?? 0;
  const violating = violationsOnly ? decorations.violatingTraceIds() : null;
  let fetched: TraceSummary[];
  let violatingTotal = 0;
  if (violating) {
    if (violating.size === 0) return { rows: [], hasMore: false, total: 0 };
    // Every violating trace the filter keeps (the set may name traces retention has dropped): the count is exact.
    const all = await store.listTraces({ ...filter, traceIds: [...violating], limit: ALL_TRACES, offset: 0 });
    violatingTotal = all.length;
    fetched = all.slice(offset, offset + limit + 1);
  } else {
    // One row more than asked tells whether older traces follow.
    fetched = await store.listTraces({ ...filter, limit: limit + 1, offset });
  }
  const hasMore = fetched.length > limit;
  const rows = await decorations.applyToTraces(fetched.slice(0, limit));
  let total: number | null;
  if (violating) total = violatingTotal;
  else if (!hasMore && offset === 0) total = rows.length;
  else total = totalFromStats(filter, await store.stats());
  // Stats and rows are read one after the other; never claim fewer than the rows seen.
  if (total !== null && hasMore) total = Math.max(total, offset + rows.length + 1);
  return { rows, hasMore, total };
}

/** The store keeps running totals of traces and error traces: enough for no filter and "errors only". */
function totalFromStats(filter: TraceFilter, stats: StoreStats): number | null {
  const narrowed = filter.service !== undefined || filter.workloadId !== undefined || filter.model !== undefined
    || !!filter.text || filter.fromUnixNano !== undefined || filter.toUnixNano !== undefined;
  if (narrowed) return null;
  if (filter.status === 'error') return stats.errorTraces;
  if (filter.status === 'ok') return stats.traces - stats.errorTraces;
  return stats.traces;
}
