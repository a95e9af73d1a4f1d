// Comparing two traces span by span.
import type { AttributeDiff, CompareRow } from '../../core/compare';
import { hostNotification, pageRequest } from '../rpc-types';
import type { ActionResult } from './panel';
import type { TraceRow } from './traces';

/** Two traces to compare: A (usually the one open) and B. */
export interface TracePair {
  traceIdA: string;
  traceIdB: string;
}

/** Two traces aligned span by span. Rows are capped; the counts cover every row. */
export interface TraceComparisonResult {
  a: TraceRow | null;
  b: TraceRow | null;
  rows: CompareRow[];
  /** Aligned rows in all (more than `rows.length` when capped). */
  totalRows: number;
  onlyInA: number;
  onlyInB: number;
  statusChanges: number;
}

/** One aligned row's spans; null on the side that lacks the span. */
export interface SpanPairRef {
  traceIdA: string;
  spanIdA: string | null;
  traceIdB: string;
  spanIdB: string | null;
}

export const CompareTraces = pageRequest<TracePair, TraceComparisonResult>('traces/compare');
export const DiffSpanPair = pageRequest<SpanPairRef, AttributeDiff>('spans/diffAttributes');
/** "Compare with…": the host asks the user for the other trace, then sends ShowComparison. */
export const PickComparison = pageRequest<{ traceId: string }, ActionResult>('traces/pickComparison');
/** Show the comparison of two traces. */
export const ShowComparison = hostNotification<TracePair>('traces/showComparison');
