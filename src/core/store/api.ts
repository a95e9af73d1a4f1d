// The trace store's surface, declared once: reads, content search and admin (the writes besides ingest, which
// goes through an IngestSink). TraceStore implements it synchronously in process; StoreWorker implements it with
// promises across a worker thread. The narrow views features take are picked from it in views.ts.
// Types only: no runtime code.
import type { NormalizedSpan, TraceSummary } from '../model/types';
import type {
  CodeLocationFilter, CodeLocationStat, ContentSearchProgress, ContentSearchQuery, ContentSearchResult, PromptRun, PromptRunFilter,
  IngestEvent, SessionFigures, SessionFilter, SessionSummary, SpanSearchQuery, SpanStructure, StoreStats, TraceFilter, TracePreview, TracePreviewLimits,
} from '../model/store-types';

/**
 * How a content search is steered from outside: `signal` cancels it (the result then says complete: false);
 * `pause`, awaited between chunks, lets an in-process caller yield (the worker ignores it).
 */
export interface ContentSearchOptions {
  signal?: AbortSignal;
  pause?: () => Promise<void>;
}

/** What a method returns: the value itself in process, a promise of it from the worker. */
export type Answer<Async extends boolean, T> = Async extends true ? Promise<T> : T;

/** Reads. `TraceReader<boolean>` is either form (callers that await every answer). */
export interface TraceReader<Async extends boolean> {
  listTraces(filter?: TraceFilter): Answer<Async, TraceSummary[]>;
  getTraceSummary(traceId: string): Answer<Async, TraceSummary | null>;
  getTraceStructure(traceId: string): Answer<Async, SpanStructure[]>;
  /** The first screen of a big trace (null for a small or absent one): see TracePreview. */
  getTracePreview(traceId: string, limits: TracePreviewLimits): Answer<Async, TracePreview | null>;
  getTraceSpans(traceId: string): Answer<Async, NormalizedSpan[]>;
  getSpan(traceId: string, spanId: string): Answer<Async, NormalizedSpan | null>;
  searchSpans(query: SpanSearchQuery): Answer<Async, SpanStructure[]>;
  /** Per (recorded file, line, span name): count, p95, errors, tokens, latest span (for CodeLens). */
  codeLocationStats(filter?: CodeLocationFilter): Answer<Async, CodeLocationStat[]>;
  /** Traces grouped by conversation/session id or by user id, newest activity first. */
  listSessions(filter?: SessionFilter): Answer<Async, SessionSummary[]>;
  /** Coding-agent session figures from metrics (cost, tokens by kind, active time, lines …) per session id. */
  sessionFigures(sessionIds: string[]): Answer<Async, Map<string, SessionFigures>>;
  /**
   * The spans of these traces whose usage counts: they report tokens or cost and no descendant does (a wrapper
   * that sums its children is left out, as in the trace totals).
   */
  getUsageSpans(traceIds: string[]): Answer<Async, NormalizedSpan[]>;
  /** Runs per prompt name and version (one row per trace and prompt version), newest first. */
  promptRuns(filter?: PromptRunFilter): Answer<Async, PromptRun[]>;
  exportOtlpJson(traceIds?: string[]): Answer<Async, string>;
  stats(): Answer<Async, StoreStats>;
}

/** Search through the spans' stored content (always a promise: the scan yields between chunks). */
export interface ContentSearcher {
  /**
   * Case-insensitive search through the spans' stored content, newest first, a chunk at a time; `onProgress`
   * gets each chunk's new matches. Always a promise: the scan yields between chunks.
   */
  searchContent(
    query: ContentSearchQuery, onProgress: (progress: ContentSearchProgress) => void, options?: ContentSearchOptions,
  ): Promise<ContentSearchResult>;
}

/** What changes the store besides ingest. */
export interface TraceAdmin<Async extends boolean> {
  /** Delete everything. */
  clear(): Answer<Async, void>;
  /**
   * A store opened read-only (another process writes it): index what the writer appended since, and
   * return the traces that changed. A writable store returns nothing.
   */
  refresh(): Answer<Async, string[]>;
  /** Make everything stored so far durable (a snapshot). */
  flush(): Promise<void>;
}

export interface TraceStorage<Async extends boolean> extends TraceReader<Async>, ContentSearcher, TraceAdmin<Async> {}

/** Told after each ingest that changed the store (the worker's callers; the store itself has no listeners). */
export interface IngestEvents {
  onDidIngest(listener: (event: IngestEvent) => void): () => void;
}
