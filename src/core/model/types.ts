/**
 * The data model shared by every layer: decoded OTLP (wire level) and the normalized span.
 * Times are nanoseconds since the epoch as decimal strings so they stay exact (no BigInt in JSON).
 * Ids are lowercase hex (trace 32 chars, span 16 chars).
 */

/** An OTLP AnyValue after decoding: scalars, arrays, key-value lists (as plain objects), bytes as base64. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface InstrumentationScope {
  name: string;
  version: string;
}

export interface SpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** OTLP SpanKind enum: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type OtelSpanKind = 0 | 1 | 2 | 3 | 4 | 5;
/** OTLP StatusCode enum: 0 unset, 1 ok, 2 error. */
export type OtelStatusCode = 0 | 1 | 2;

/** One span exactly as the OTLP request carried it, flattened with its resource and scope. */
export interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  traceState: string;
  name: string;
  otelKind: OtelSpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  statusCode: OtelStatusCode;
  statusMessage: string;
  resource: Attributes;
  scope: InstrumentationScope;
}

/** One OTLP log record, flattened with its resource and scope. */
export interface RawLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: AttrValue;
  attributes: Attributes;
  /** OTLP LogRecord.event_name (newer SDKs); older ones use the `event.name` attribute. */
  eventName: string;
  traceId: string | null;
  spanId: string | null;
  resource: Attributes;
  scope: InstrumentationScope;
}

/** One OTLP metric data point, flattened with its metric, resource and scope. Histograms give their sum. */
export interface RawMetricPoint {
  metric: string;
  unit: string;
  type: 'sum' | 'gauge' | 'histogram';
  /** OTLP AggregationTemporality: 0 unspecified (gauges), 1 delta, 2 cumulative. */
  temporality: 0 | 1 | 2;
  value: number;
  startTimeUnixNano: string;
  timeUnixNano: string;
  attributes: Attributes;
  resource: Attributes;
  scope: InstrumentationScope;
}

/**
 * What a decoder returns for one request body (a trace request has no logs and vice versa). A metrics request
 * carries `metrics`: the points the decoder kept, and how many it read in all.
 */
export interface DecodedRequest {
  spans: RawSpan[];
  logs: RawLogRecord[];
  metrics?: { points: RawMetricPoint[]; total: number };
}

export type SpanKindLabel =
  | 'llm'
  | 'embedding'
  | 'tool'
  | 'agent'
  | 'workflow'
  | 'retrieval'
  | 'rerank'
  | 'guardrail'
  | 'evaluator'
  | 'prompt'
  | 'memory'
  | 'other';

export const SPAN_KIND_LABELS: readonly SpanKindLabel[] = [
  'llm', 'embedding', 'tool', 'agent', 'workflow', 'retrieval', 'rerank',
  'guardrail', 'evaluator', 'prompt', 'memory', 'other',
];

export type SpanStatus = 'ok' | 'error' | 'unset';

/** OTel GenAI parts-based message shape (gen_ai.input.messages / gen_ai.output.messages). */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string | null; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string | null; result: unknown }
  | { type: 'other'; value: unknown };

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
  finishReason?: string;
}

export interface RetrievalDocument {
  id: string | null;
  content: string | null;
  score: number | null;
  metadata: unknown;
}

export interface CodeLocation {
  filePath: string | null;
  line: number | null;
  column: number | null;
  function: string | null;
  stacktrace: string | null;
}

export interface TokenUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
}

/** What redaction at ingest removed from a span (with its attached log records): rule names and a count. */
export interface SpanRedaction {
  rules: string[];
  count: number;
}

/** The one span model every vocabulary is mapped onto. Absent values are null. */
export interface NormalizedSpan extends TokenUsage {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKindLabel;
  otelKind: OtelSpanKind;
  service: string | null;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  status: SpanStatus;
  statusMessage: string | null;
  errorType: string | null;
  operationName: string | null;
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  costUsd: number | null;
  finishReasons: string[] | null;
  toolName: string | null;
  toolCallId: string | null;
  /** Tool arguments / result as text (JSON text when the producer sent structured data). */
  toolArguments: string | null;
  toolResult: string | null;
  agentName: string | null;
  workflowName: string | null;
  conversationId: string | null;
  userId: string | null;
  workloadId: string | null;
  promptName: string | null;
  promptVersion: string | null;
  promptTemplate: string | null;
  promptVariables: Record<string, string> | null;
  systemInstructions: MessagePart[] | null;
  inputMessages: ChatMessage[] | null;
  outputMessages: ChatMessage[] | null;
  retrievalDocuments: RetrievalDocument[] | null;
  code: CodeLocation | null;
  /** Raw span attributes, unchanged. */
  attributes: Attributes;
  /** Span events plus log records attached by trace/span id (those carry `log: true` in their attributes' `otel.log` key). */
  events: SpanEvent[];
  links: SpanLink[];
  resource: Attributes;
  scope: InstrumentationScope;
  /** Present only when redaction at ingest removed something from the span or its attached log records. */
  redaction?: SpanRedaction;
}

/** Price per million tokens, by model name (exact, or a prefix ending in `*`). */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
  /** Reasoning tokens, when the provider bills them apart from output (default: the output price). */
  reasoningPerMTok?: number;
}
export type PriceTable = Record<string, ModelPrice>;

export interface NormalizeOptions {
  /** Attribute that names the workload (span, then resource). Default `workload.id`. */
  workloadKey: string;
  prices: PriceTable;
}

/** One row of the trace list (the rollup kept at ingest). */
export interface TraceSummary {
  traceId: string;
  rootName: string | null;
  service: string | null;
  workloadId: string | null;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  models: string[];
  /** Values redacted at ingest in the trace's spans; absent when none. */
  redactions?: number;
  /**
   * Set when no span without a parent has arrived: `rootName` is then the earliest span whose parent is
   * missing (the trace is still running, or its root was never exported). Absent once the root is stored.
   */
  rootPending?: true;
}
