// The trace list, one trace's structure and one span's detail. Everything in src/protocol is JSON (no BigInt,
// no class instances): times stay decimal nanosecond strings as in the model.
import type { NormalizedSpan, TraceSummary } from '../../core/model/types';
import type { SpanStructure, TraceFilter } from '../../core/model/store-types';
import type { WireStructure } from '../structure-codec';
import { hostNotification, pageNotification, pageRequest } from '../rpc-types';

/** A small label a decorator (span contracts, evaluation scores) attaches to a trace or span row. */
export interface Badge {
  text: string;
  severity: 'error' | 'warning' | 'info';
  tooltip?: string;
}

/** One row of the trace list: the store summary plus optional decorations. */
export interface TraceRow extends TraceSummary {
  badges?: Badge[];
}

/** One span in the tree: the light structure plus optional decorations. */
export interface TreeSpan extends SpanStructure {
  badges?: Badge[];
}

/** A placeholder row for something expected but absent (e.g. a missing span named by a contract). */
export interface GhostRow {
  ghost: true;
  /** Where the ghost hangs; null = under the root level. */
  parentSpanId: string | null;
  /** The sibling (a child of `parentSpanId`) whose subtree the ghost follows; null or absent = after all children. */
  afterSpanId?: string | null;
  label: string;
  severity?: Badge['severity'];
  tooltip?: string;
}

export interface TraceDetail {
  summary: TraceRow | null;
  spans: TreeSpan[];
  ghosts: GhostRow[];
}

/** TraceDetail as sent to the webview: the spans in packed columnar form (see structure-codec.ts). */
export interface TraceDetailWire {
  summary: TraceRow | null;
  packed: WireStructure;
  ghosts: GhostRow[];
}

/** A big trace's first screen, sent while its whole structure is read (a few dozen spans, as objects). */
export interface TracePreviewWire {
  /** Without decorations: they come with the whole trace. */
  summary: TraceRow;
  spans: TreeSpan[];
  spanCount: number;
  /** For each preview span with children, how many it has in the whole trace. */
  childCounts: Record<string, number>;
}

export interface SpanRef {
  traceId: string;
  spanId: string;
}

/** The trace-list query: a store filter plus filters the host applies (span-contract violations). */
export interface TraceListQuery extends TraceFilter {
  violationsOnly?: boolean;
}

/** One page of the trace list, newest first. */
export interface TraceListPage {
  rows: TraceRow[];
  /** Older traces match beyond this page. */
  hasMore: boolean;
  /** How many traces the query matches in all (limit and offset aside) when the host can tell cheaply; else null. */
  total: number | null;
}

export const ListTraces = pageRequest<TraceListQuery, TraceListPage>('traces/list');
export const GetTrace = pageRequest<{ traceId: string }, TraceDetailWire>('trace/get');
/** Null for a trace small enough to read whole at once. */
export const GetTracePreview = pageRequest<{ traceId: string }, TracePreviewWire | null>('trace/preview');
export const GetTraceSummary = pageRequest<{ traceId: string }, TraceRow | null>('trace/summary');
export const GetSpan = pageRequest<SpanRef, NormalizedSpan | null>('span/get');
/** The span selected in the tree (null when none), for commands run from the palette. */
export const SpanSelected = pageNotification<SpanRef | null>('span/selected');
/** Show this trace (and optionally select a span). */
export const ShowTrace = hostNotification<{ traceId: string; spanId?: string }>('trace/show');
