// The trace-list filter UI state and its translation into a store query.
import type { TraceListQuery } from '../../src/protocol/messages';

export interface ListFilterState {
  text: string;
  errorsOnly: boolean;
  workloadId: string | null;
  model: string | null;
  service: string | null;
  /** Only traces with span-contract findings. */
  violationsOnly?: boolean;
  /** The text searches the spans' stored content (a content search) instead of the trace list. */
  inContent?: boolean;
  /** Also list coding agents' bookkeeping traces (Codex start-up, Gemini CLI's per-call traces). */
  internals?: boolean;
}

export const EMPTY_FILTER: ListFilterState = { text: '', errorsOnly: false, workloadId: null, model: null, service: null, violationsOnly: false, inContent: false };

/** Traces fetched per page of the list ("Load older traces" fetches the next page). */
export const LIST_PAGE_SIZE = 1000;

export function toTraceFilter(state: ListFilterState, limit = LIST_PAGE_SIZE): TraceListQuery {
  const filter: TraceListQuery = { limit };
  const text = state.text.trim();
  // With "in span content" on, the text goes to the content search, not to the trace list.
  if (text && !state.inContent) filter.text = text;
  if (state.errorsOnly) filter.status = 'error';
  if (state.workloadId) filter.workloadId = state.workloadId;
  if (state.model) filter.model = state.model;
  if (state.service) filter.service = state.service;
  if (state.violationsOnly) filter.violationsOnly = true;
  if (state.internals) filter.internals = true;
  return filter;
}

export function isFiltered(state: ListFilterState): boolean {
  return state.text.trim() !== '' || state.errorsOnly || !!state.workloadId || !!state.model || !!state.service || !!state.violationsOnly;
}

/** Distinct values for the quick-filter menus, most frequent first. */
export function facetValues(values: Iterable<string | null | undefined>, max = 30): string[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max).map(([v]) => v);
}
