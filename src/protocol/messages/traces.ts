// Messages between the extension host and the Traces webview. Everything here is JSON (no BigInt,
// no class instances): times stay decimal nanosecond strings as in the model.
import type { AttributeDiff, CompareRow } from '../../core/compare';
import type { CohortComparison, PromptScorecard } from '../../core/quality';
import type { NormalizedSpan, SpanKindLabel, TraceSummary } from '../../core/model/types';
import type { SessionKey, SessionSummary, SpanStructure, StoreStats, TraceFilter } from '../../core/model/store-types';
import type { CostBreakdown, UsageBreakdown } from '../../core/insights/cost';
import type { SpanTiming } from '../../core/insights/timing';
import type { TurnTranscript } from '../../core/insights/transcript';
import type { WireStructure } from '../structure-codec';

/** A typed request descriptor: the method name plus phantom parameter/result types. */
export interface RequestType<P, R> {
  readonly kind: 'request';
  readonly method: string;
  /** Never set; carries the types only. */
  readonly _types?: [P, R];
}

/** A typed notification descriptor (no response). */
export interface NotificationType<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly _types?: [P];
}

export function requestType<P, R>(method: string): RequestType<P, R> {
  return { kind: 'request', method };
}

export function notificationType<P>(method: string): NotificationType<P> {
  return { kind: 'notification', method };
}

export type ParamsOf<T> = T extends RequestType<infer P, unknown> ? P : T extends NotificationType<infer P> ? P : never;
export type ResultOf<T> = T extends RequestType<unknown, infer R> ? R : never;

// ---- wire envelopes -------------------------------------------------------------------------

export interface RequestMessage {
  type: 'request';
  id: number;
  method: string;
  params: unknown;
}

export interface ResponseMessage {
  type: 'response';
  id: number;
  result?: unknown;
  /** Set when the handler failed; `result` is then absent. */
  error?: string;
}

export interface NotificationMessage {
  type: 'notification';
  method: string;
  params: unknown;
}

export type WireMessage = RequestMessage | ResponseMessage | NotificationMessage;

export function isWireMessage(value: unknown): value is WireMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'request':
      return typeof v.id === 'number' && typeof v.method === 'string';
    case 'response':
      return typeof v.id === 'number';
    case 'notification':
      return typeof v.method === 'string';
    default:
      return false;
  }
}

// ---- shared shapes --------------------------------------------------------------------------

/** A small label a later feature (span contracts) attaches to a trace or span row. */
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

/** `follower`: another VS Code window writes this trace store; this one shows its traces read-only. */
export type ReceiverState = 'starting' | 'listening' | 'stopped' | 'disabled' | 'follower' | 'error';

export interface ReceiverStatus {
  state: ReceiverState;
  /** `http://host:port` of the OTLP/HTTP endpoint when listening. */
  httpEndpoint: string | null;
  /** `host:port` of the OTLP/gRPC endpoint when listening. */
  grpcEndpoint: string | null;
  /** What went wrong when state is `error`. */
  error: string | null;
}

/** Host state the webview shows; sent whole on `ready` and on every change. */
export interface HostSnapshot {
  receiver: ReceiverStatus;
  stats: StoreStats;
  /** Bumped whenever the store content changes; the webview refetches what it shows. */
  storeVersion: number;
  /** Bumped when decorations (badges, ghost rows) change without new data. */
  decorationVersion: number;
  /** Name of the attribute that identifies a workload (shown in the UI). */
  workloadAttribute: string;
  /** Where opening a trace from the side bar's list shows it (setting agentTraceLens.openTracesIn). */
  openTracesIn: 'sidebar' | 'editor';
  /** Set while the workspace is not trusted: the line saying what works and what waits for trust. */
  restrictedMode?: string;
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

/** What a CodeLens click asks the panel to show: the spans one source line emitted. */
export interface CodeSpanFilter {
  spanName: string;
  /** Recorded file paths (as the store holds them) that map onto the clicked file. */
  codeFiles: string[];
  codeLine: number | null;
  latest: SpanRef;
}

/** The spans of one code location, newest first, as the panel lists them. */
export interface CodeSpansResult {
  spans: SpanStructure[];
  /** More spans matched than were returned. */
  truncated: boolean;
}

/** How the span's prompt relates to the workspace's prompt files (for the details' Prompt section). */
export interface PromptStatus {
  /** A prompt file of the trace's version (workspace or git history) or a current one was found. */
  found: boolean;
  currentVersion: string | null;
  /** "trace ran v1, workspace has v2" when the versions differ. */
  gap: string | null;
  /** The trace's version and the workspace's current file differ and can be diffed. */
  diffAvailable: boolean;
  /** The span's recorded template (or, without one, the prompt it sent: system instructions and input) compared with the file. */
  template: 'same' | 'changed' | null;
  /** What `template` compared: the recorded template or the rendered prompt; absent from older hosts. */
  templateSource?: 'template' | 'rendered' | null;
}

export interface ActionResult {
  ok: boolean;
  /** Shown to the user when not ok (or as a confirmation). */
  message?: string;
}

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

/** One span whose stored content matched a content search, with the text around the hit. */
export interface ContentSearchHit {
  traceId: string;
  spanId: string;
  name: string;
  kind: SpanKindLabel;
  /** Span content: untrusted, shown strictly as text. */
  snippet: string;
}

/** Start a content search; the webview numbers its searches (progress and cancel name the number). */
export interface ContentSearchParams {
  searchId: number;
  text: string;
}

/** After each scanned chunk: the new hits, the rows of traces not sent before, and the totals so far. */
export interface ContentSearchProgressParams {
  searchId: number;
  hits: ContentSearchHit[];
  /** Rows for the traces of `hits` that earlier progress did not name (absent when a trace is gone). */
  traces: TraceRow[];
  matchCount: number;
  scannedBytes: number;
  totalBytes: number;
}

/** How a content search ended. */
export interface ContentSearchOutcome {
  matchCount: number;
  scannedBytes: number;
  totalBytes: number;
  /** Every byte was scanned. */
  complete: boolean;
  /** Stopped by a cancel or a newer search (else an incomplete search stopped at the match limit). */
  cancelled: boolean;
}

/** One session in the Sessions list: the store's rollup plus how many turns break a span contract. */
export interface SessionRow extends SessionSummary {
  /** Turns that fail a span contract; null when no contracts are loaded. */
  contractFailures: number | null;
  /** The coding agent whose session it is (claude-code, codex, gemini-cli, copilot); absent for other sessions. */
  agent?: string;
}

/** A coding agent's session in figures (the transcript is in the turns). */
export interface CodingSessionSummary {
  agent: string;
  agentLabel: string;
  agentVersion: string | null;
  modelCalls: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number };
  costUsd: number;
  /** Every call's cost reported by the agent, priced here, or some of each. */
  costSource: 'reported' | 'priced' | 'mixed' | 'none';
  tools: Array<{ name: string; calls: number; failed: number; accepted: number; rejected: number; decidedBy: Record<string, number> }>;
  failedTools: number;
  /** From the agent's metrics: active time, lines added/removed, commits … (SessionFigure names). */
  figures: Record<string, number>;
}

export interface SessionListQuery {
  by: SessionKey;
  text?: string;
  limit?: number;
}

export interface SessionRef {
  sessionId: string;
  by: SessionKey;
}

/** One turn of a session: its trace row and what was said and called in it. */
export interface SessionTurn {
  trace: TraceRow;
  /** Null when the trace is too large to read whole (open it instead). */
  transcript: TurnTranscript | null;
  /** The trace fails a span contract. */
  contractFailed: boolean;
}

export interface SessionDetail {
  session: SessionRow | null;
  /** Oldest first. */
  turns: SessionTurn[];
  /** Turns left out (beyond the newest SESSION_TURN_LIMIT). */
  omittedTurns: number;
  usage: UsageBreakdown;
  /** Date of the built-in price table. */
  pricesAsOf: string;
  /** Present when the session is a coding agent's. */
  coding?: CodingSessionSummary;
}

/** Cost and timing of one span, for the details. */
export interface SpanInsights {
  cost: CostBreakdown | null;
  timing: SpanTiming | null;
  /** Date of the built-in price table. */
  pricesAsOf: string;
}

/** Tokens and cost by bucket and model for a set of traces (a trace, a workload's loaded traces). */
export interface UsageQuery {
  traceIds: string[];
}

export interface UsageResult {
  usage: UsageBreakdown;
  /** Traces counted (the host caps the query). */
  traces: number;
  pricesAsOf: string;
}

/** The Prompts view: a scorecard per prompt name and version. */
export interface PromptScorecardsResult {
  cards: PromptScorecard[];
  /** Prompt runs read from the store (newest first), and whether older ones were left out. */
  runsRead: number;
  truncated: boolean;
  /** Runs whose spans were read for evaluation scores (the newest ones). */
  scoredRuns: number;
}

/** Two versions of one prompt (null = runs that named no version). */
export interface PromptVersionPair {
  promptName: string;
  versionA: string | null;
  versionB: string | null;
}

/** host → webview: open the Prompts view, optionally at one prompt (a CodeLens click) or on a comparison. */
export interface ShowPromptsParams {
  promptName?: string;
  version?: string | null;
  compare?: PromptVersionPair;
}

// ---- requests: webview → host ---------------------------------------------------------------

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

export const ListTraces = requestType<TraceListQuery, TraceListPage>('traces/list');
export const GetTrace = requestType<{ traceId: string }, TraceDetailWire>('trace/get');
/** Null for a trace small enough to read whole at once. */
export const GetTracePreview = requestType<{ traceId: string }, TracePreviewWire | null>('trace/preview');
export const GetTraceSummary = requestType<{ traceId: string }, TraceRow | null>('trace/summary');
export const GetSpan = requestType<SpanRef, NormalizedSpan | null>('span/get');
export const OpenSource = requestType<SpanRef, ActionResult>('span/openSource');
export const OpenPrompt = requestType<SpanRef, ActionResult>('span/openPrompt');
export const DiffPrompt = requestType<SpanRef, ActionResult>('span/diffPrompt');
export const GetPromptStatus = requestType<SpanRef, PromptStatus | null>('span/promptStatus');
export const ListCodeSpans = requestType<CodeSpanFilter, CodeSpansResult>('code/spans');
export const CopyText = requestType<{ text: string }, ActionResult>('clipboard/copy');
export const CopyTraceText = requestType<{ traceId: string }, ActionResult>('trace/copyText');
export const ExportTrace = requestType<{ traceId: string }, ActionResult>('trace/export');
/** "Save as Regression Fixture": the trace and a manifest go into the workspace's fixtures folder. */
export const SaveTraceFixture = requestType<{ traceId: string }, ActionResult>('trace/saveFixture');
export const ClearTraces = requestType<Record<string, never>, ActionResult>('traces/clear');
export const CompareTraces = requestType<TracePair, TraceComparisonResult>('traces/compare');
export const DiffSpanPair = requestType<SpanPairRef, AttributeDiff>('spans/diffAttributes');
/** "Compare with…": the host asks the user for the other trace, then sends ShowComparison. */
/** The list's "Remote" source: search Tempo / Jaeger and open a result (the host runs the pickers). */
export const SearchRemoteTraces = requestType<Record<string, never>, ActionResult>('remote/search');
/** Opens VS Code's Manage Workspace Trust editor (the Restricted Mode line's action). */
export const ManageWorkspaceTrust = requestType<Record<string, never>, ActionResult>('workspace/manageTrust');
export const PickComparison = requestType<{ traceId: string }, ActionResult>('traces/pickComparison');
/** Show a trace in its own editor tab (revealed when already open). */
export const OpenInEditor = requestType<{ traceId: string; spanId?: string }, ActionResult>('trace/openInEditor');
export const ListSessions = requestType<SessionListQuery, SessionRow[]>('sessions/list');
export const GetSession = requestType<SessionRef, SessionDetail>('sessions/get');
export const GetUsage = requestType<UsageQuery, UsageResult>('usage/get');
export const GetSpanInsights = requestType<SpanRef, SpanInsights>('span/insights');
export const GetPromptScorecards = requestType<{ promptName?: string }, PromptScorecardsResult>('prompts/scorecards');
/** Null when either version has no runs (any more). */
export const ComparePromptVersions = requestType<PromptVersionPair, CohortComparison | null>('prompts/compare');
/** Search the spans' stored content; progress arrives as ContentSearchProgress, the answer when it ends. */
export const SearchContent = requestType<ContentSearchParams, ContentSearchOutcome>('content/search');

// ---- notifications --------------------------------------------------------------------------

/** webview → host: the webview has loaded its script and listens. */
export const Ready = notificationType<Record<string, never>>('ready');
/** webview → host: the span selected in the tree (null when none), for commands run from the palette. */
export const SpanSelected = notificationType<SpanRef | null>('span/selected');
/** host → webview: list the spans one source line emitted (a CodeLens click). */
export const ShowCodeSpans = notificationType<CodeSpanFilter>('code/show');
/** webview → host: stop this content search (its SearchContent request then answers cancelled). */
export const CancelContentSearch = notificationType<{ searchId: number }>('content/cancel');
/** host → webview: a running content search scanned another chunk. */
export const ContentSearchProgress = notificationType<ContentSearchProgressParams>('content/progress');
/** host → webview: the full host snapshot (on `ready` and on every change). */
export const Snapshot = notificationType<HostSnapshot>('snapshot');
/** host → webview: show this trace (and optionally select a span). */
export const ShowTrace = notificationType<{ traceId: string; spanId?: string }>('trace/show');
/** host → webview: show the comparison of two traces. */
export const ShowComparison = notificationType<TracePair>('traces/showComparison');
/** host → webview: show the Prompts view. */
export const ShowPrompts = notificationType<ShowPromptsParams>('prompts/show');
/** host → webview: a toolbar action of the view (e.g. expand all). */
export const ViewAction = notificationType<{ action: 'expandAll' | 'collapseAll' | 'showList' }>('view/action');
