// The narrow views of the store that features take, each picked from the one storage interface (api.ts), so a
// feature names what it reads and a fake in a test implements only that. `Worker…` views are of the extension's
// StoreWorker (promises); `Any…` views are met by the in-process TraceStore too. Types only: no runtime code.
import type { ContentSearcher, IngestEvents, TraceReader } from './api';
import type { IngestSink } from '../ingest/sink';

type WorkerReader = TraceReader<true>;
/** Either form: every answer is awaited. */
type AnyReader = TraceReader<boolean>;

/** The trace list's pages. */
export type TraceListStore = Pick<WorkerReader, 'listTraces' | 'stats'>;
/** The quick pick of a trace. */
export type TraceLister = Pick<WorkerReader, 'listTraces'>;
/** Sessions, usage and a span's cost and timing (src/ext/insights.ts). */
export type InsightStore = Pick<WorkerReader, 'listSessions' | 'sessionFigures' | 'listTraces' | 'getTraceSpans' | 'getUsageSpans' | 'getSpan'>;
/** Comparing two traces and picking the other one. */
export type CompareStore = Pick<WorkerReader, 'listTraces' | 'getTraceSummary' | 'getTraceStructure' | 'getSpan'>;
/** The panel's content search: the scan, and the rows of the traces it hits. */
export type ContentSearchStore = ContentSearcher & Pick<WorkerReader, 'listTraces'>;
/** CodeLens, hover and gutter statistics, and the span a link opens. */
export type LinksStore = Pick<WorkerReader, 'codeLocationStats' | 'getSpan'>;
/** The spans of one code location. */
export type CodeSpansStore = Pick<WorkerReader, 'searchSpans'>;
/** Prompt scorecards' runs. */
export type PromptRunSource = Pick<WorkerReader, 'promptRuns'>;
/** The quality loop: prompt runs and the spans scored. */
export type QualityStore = Pick<WorkerReader, 'getTraceSpans' | 'promptRuns'>;
/** Saving a trace as a regression fixture. */
export type FixtureStore = Pick<WorkerReader, 'listTraces' | 'getTraceSummary' | 'exportOtlpJson'>;
/** Live contract checks: the spans of traces as they arrive. */
export type ContractStore = Pick<WorkerReader, 'listTraces' | 'getTraceSpans'> & IngestEvents;
/** Alerts on new failures. */
export type AlertStore = Pick<WorkerReader, 'listTraces' | 'getTraceSummary'> & IngestEvents;
/** The agent tools (in the extension and in the CLI's MCP server). */
export type ToolStore = Pick<AnyReader,
  'listTraces' | 'getTraceSummary' | 'getTraceStructure' | 'getTraceSpans' | 'getSpan' | 'codeLocationStats' | 'listSessions' | 'sessionFigures'
> & ContentSearcher;
/** A coding agent's session report (the CLI's `sessions` and the panel's session view). */
export type SessionReportSource = Pick<AnyReader, 'listSessions' | 'getTraceSpans' | 'sessionFigures'>;
/** Replay Model Call: a trace's model calls, and each run stored like any received request. */
export type ReplayStore = Pick<WorkerReader, 'listTraces' | 'getTraceSpans' | 'getSpan'> & IngestSink;
