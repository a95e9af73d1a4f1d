// The plain data the trace store answers with and is queried by. Types only: every layer (the webview
// included) may import these without pulling in the store.
import type { CodeLocation, SpanKindLabel, SpanStatus, TraceSummary } from './types';

export interface TraceFilter {
  service?: string;
  workloadId?: string;
  status?: 'error' | 'ok';
  model?: string;
  /** Matches root name, span names, service, workload, trace id. */
  text?: string;
  fromUnixNano?: string;
  toUnixNano?: string;
  /** Only these traces (e.g. the ones that break a span contract). */
  traceIds?: readonly string[];
  /** Also list coding agents' bookkeeping traces (Codex start-up, Gemini CLI's per-call traces); default false. */
  internals?: boolean;
  /** Default 500; ALL_TRACES lists every match. */
  limit?: number;
  offset?: number;
}

export interface IngestResult {
  acceptedSpans: number;
  rejectedSpans: number;
  acceptedLogs: number;
  /** Reason for rejected items (OTLP partial_success message), null when none. */
  message: string | null;
  /** Traces that gained spans or logs. */
  traceIds: string[];
  /** What redaction at ingest removed from this request; absent when nothing. */
  redactions?: RedactionReport;
}

/** Redaction hits of one request: values per rule and the spans they were in (never the values). */
export interface RedactionReport {
  hits: Record<string, number>;
  spans: Array<{ traceId: string; spanId: string; rules: string[] }>;
}

/** A coding-agent session figure from its metrics, summed over the session's series (tokens as the agent counts them). */
export type SessionFigure =
  | 'cost_usd' | 'tokens.input' | 'tokens.output' | 'tokens.cache_read' | 'tokens.cache_write' | 'tokens.reasoning'
  | 'tokens.tool' | 'active_time_s' | 'lines.added' | 'lines.removed' | 'commits' | 'pull_requests'
  | 'edit_decisions.accept' | 'edit_decisions.reject';

export interface SessionFigures {
  agent: string;
  figures: Partial<Record<SessionFigure, number>>;
}

export interface StoreStats {
  traces: number;
  spans: number;
  errorSpans: number;
  errorTraces: number;
  /** Values redacted at ingest in the stored spans; absent when none. */
  redactions?: number;
  /** Metric data points received since the store opened: kept as session figures, or dropped; absent when none. */
  metricPoints?: { kept: number; dropped: number };
}

/** The light part of a span: enough to draw the tree and waterfall. */
export interface SpanStructure {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKindLabel;
  service: string | null;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  status: SpanStatus;
  errorType: string | null;
  requestModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  toolName: string | null;
  code: CodeLocation | null;
  /** Rules that redacted something in the span at ingest; absent when none. */
  redacted?: string[];
}

/**
 * The first screen of a big trace, read without the rest: its top-level spans and their first children in start
 * order (what a freshly opened big trace shows), while the whole structure is still on its way.
 */
export interface TracePreview {
  summary: TraceSummary;
  /** Spans the whole trace has. */
  spanCount: number;
  spans: SpanStructure[];
  /** For each preview span with children, how many it has in the whole trace. */
  childCounts: Record<string, number>;
}

/** Which traces get a preview, and how big it is. */
export interface TracePreviewLimits {
  /** Traces with fewer spans get none (null): they read whole quickly enough. */
  minSpans: number;
  maxSpans: number;
}

export interface SpanSearchQuery {
  text?: string;
  traceId?: string;
  name?: string;
  kind?: SpanKindLabel;
  limit?: number;
}

export interface CodeLocationStat {
  /** The file path exactly as the producer recorded it (map it onto the workspace before use). */
  codeFile: string;
  /** 1-based; null when the producer sent a file without a line. */
  codeLine: number | null;
  spanName: string;
  count: number;
  /** Nearest-rank 95th percentile of the span durations, in ms. */
  p95DurationMs: number;
  errorCount: number;
  /** Input + output tokens the spans themselves report. */
  totalTokens: number;
  latest: { traceId: string; spanId: string; startTimeUnixNano: string };
}

/** One run of a prompt version: a trace with a span that named the prompt, with the trace's totals. */
export interface PromptRun {
  traceId: string;
  promptName: string;
  /** Null when the span named the prompt without a version. */
  promptVersion: string | null;
  workloadId: string | null;
  startTimeUnixNano: string;
  /** The trace's duration, cost, tokens and error spans (the run as a whole). */
  durationMs: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface PromptRunFilter {
  /** Only this prompt name. */
  promptName?: string;
  /** Newest runs first; at most this many (default 10,000). */
  limit?: number;
}

export interface CodeLocationFilter {
  /** Only locations whose recorded path is one of these. */
  codeFiles?: readonly string[];
}

export interface ContentSearchQuery { text: string; traceId?: string; /** Most matches returned (default 200). */ limit?: number }
export interface ContentMatch { span: SpanStructure; /** Text around the first hit in the span's stored content. */ snippet: string }
export interface ContentSearchProgress { matches: ContentMatch[]; scannedBytes: number; totalBytes: number }
export interface ContentSearchResult {
  matchCount: number;
  scannedBytes: number;
  totalBytes: number;
  /** False when cancelled or stopped at the limit. */
  complete: boolean;
  /**
   * The limit was reached (matches come newest first): older records of the last segment scanned may match too,
   * and the older `totalBytes - scannedBytes` were not searched.
   */
  stoppedAtLimit?: boolean;
}

/** What groups traces into sessions: the conversation/session id, or the user id, any span of the trace names. */
export type SessionKey = 'conversation' | 'user';

export interface SessionFilter {
  by?: SessionKey;
  /** Matches the session id (case-insensitive). */
  text?: string;
  /** Default 500 sessions, newest activity first. */
  limit?: number;
}

/** One session: the traces (turns) that name the same conversation or user id. */
export interface SessionSummary {
  sessionId: string;
  by: SessionKey;
  turns: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  inputTokens: number;
  outputTokens: number;
  /** Trace totals (wrappers are not counted twice), summed. */
  costUsd: number;
  /** Error spans over all turns, and turns with at least one. */
  errorCount: number;
  errorTurns: number;
  /** The turns' trace ids, oldest first (the newest 1,000 when there are more; `turns` counts them all). */
  traceIds: string[];
}

/** After an ingest that changed the store: the traces that gained data and fresh counts. */
export interface IngestEvent {
  traceIds: string[];
  stats: StoreStats;
}
