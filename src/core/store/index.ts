import type { OtlpEncoding, OtlpSignal } from '../otlp';
import type {
  CodeLocation, DecodedRequest, NormalizeOptions, NormalizedSpan, SpanKindLabel, SpanStatus, TraceSummary,
} from '../model/types';

export interface RetentionOptions {
  /** Keep at most this many spans (oldest healthy traces evicted first). */
  maxSpans?: number;
  /** Keep the database under about this many bytes of span payload. */
  maxBytes?: number;
}

export interface StoreOptions {
  /** Folder for the snapshot and the append-only request log; null = memory only. */
  dir: string | null;
  /** Open another process's store without writing (snapshot + replay of its log). */
  readOnly?: boolean;
  normalize?: Partial<NormalizeOptions>;
  retention?: RetentionOptions;
  /** Snapshot after this long without ingest (ms). */
  snapshotIdleMs?: number;
}

export interface TraceFilter {
  service?: string;
  workloadId?: string;
  status?: 'error' | 'ok';
  model?: string;
  /** Matches root name, span names, service, workload, trace id. */
  text?: string;
  fromUnixNano?: string;
  toUnixNano?: string;
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
}

export interface StoreStats {
  traces: number;
  spans: number;
  errorSpans: number;
  errorTraces: number;
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
}

export interface SpanSearchQuery {
  text?: string;
  traceId?: string;
  name?: string;
  kind?: SpanKindLabel;
  limit?: number;
}

export declare class TraceStore {
  static open(options: StoreOptions): Promise<TraceStore>;
  /** Validate, make durable (append + fsync), then insert. Throws OtlpDecodeError for bad input. */
  ingestRequest(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): IngestResult;
  /** Insert already-decoded data without the durable log (replay, tests). */
  ingestDecoded(request: DecodedRequest): IngestResult;
  listTraces(filter?: TraceFilter): TraceSummary[];
  getTraceSummary(traceId: string): TraceSummary | null;
  getTraceStructure(traceId: string): SpanStructure[];
  getTraceSpans(traceId: string): NormalizedSpan[];
  getSpan(traceId: string, spanId: string): NormalizedSpan | null;
  searchSpans(query: SpanSearchQuery): SpanStructure[];
  /** OTLP/JSON requests (JSON lines: traces, then logs if any) that `ingestRequest` reads back unchanged. */
  exportOtlpJson(traceIds?: string[]): string;
  stats(): StoreStats;
  clear(): void;
  /** Write a snapshot now and truncate the request log. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
