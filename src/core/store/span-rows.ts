// Mapping between NormalizedSpan and the light columns of the `spans` table.
import type { SqlValue } from 'sql.js';
import type { CodeLocation, NormalizedSpan, RawSpan, SpanKindLabel, SpanStatus } from '../model/types';
import type { SpanStructure } from './index';
import { padNanos, unpadNanos } from './nanos';

const LIGHT_COLUMNS = [
  'parent_span_id', 'name', 'kind', 'service', 'start_ns', 'end_ns', 'duration_ms', 'status', 'error_type',
  'request_model', 'input_tokens', 'output_tokens', 'cost_usd', 'tool_name', 'workload_id', 'code_file',
  'code_line', 'code_json', 'has_usage',
] as const;

export const INSERT_SPAN_SQL = `INSERT OR IGNORE INTO spans (trace_id, span_id, ${LIGHT_COLUMNS.join(', ')}, payload_bytes,
  resource_id, raw) VALUES (${Array(LIGHT_COLUMNS.length + 5).fill('?').join(', ')})`;

export const UPDATE_SPAN_SQL = `UPDATE spans SET ${LIGHT_COLUMNS.map((c) => `${c} = ?`).join(', ')}
  WHERE trace_id = ? AND span_id = ?`;

export const STRUCTURE_COLUMNS = `trace_id, span_id, parent_span_id, name, kind, service, start_ns, end_ns, duration_ms,
  status, error_type, request_model, input_tokens, output_tokens, cost_usd, tool_name, code_json`;

/** The model a span is filed under: the one requested, else the one that answered. */
export function spanModel(span: NormalizedSpan): string | null {
  return span.requestModel ?? span.responseModel;
}

export function spanHasUsage(span: NormalizedSpan): boolean {
  return span.inputTokens !== null || span.outputTokens !== null || span.costUsd !== null;
}

function lightValues(span: NormalizedSpan): SqlValue[] {
  return [
    span.parentSpanId, span.name, span.kind, span.service, padNanos(span.startTimeUnixNano),
    padNanos(span.endTimeUnixNano), span.durationMs, span.status, span.errorType, spanModel(span),
    span.inputTokens, span.outputTokens, span.costUsd, span.toolName, span.workloadId,
    span.code?.filePath ?? null, span.code?.line ?? null, span.code ? JSON.stringify(span.code) : null,
    spanHasUsage(span) ? 1 : 0,
  ];
}

/** `resourceId` and `bytes` default so the insert-floor bench (scripts/bench/store.ts) keeps working. */
export function insertSpanValues(span: NormalizedSpan, rawJson: string, resourceId = 0, bytes = rawJson.length): SqlValue[] {
  return [span.traceId, span.spanId, ...lightValues(span), bytes, resourceId, rawJson];
}

/** Columns a RawSpan is rebuilt from (with its resource, looked up by resource_id). */
export const RAW_SPAN_COLUMNS = 'trace_id, span_id, parent_span_id, name, start_ns, end_ns, resource_id, raw';

type StoredFields = Omit<RawSpan, 'resource' | 'scope'>;

/**
 * The span's raw JSON without its resource and scope and without the fields the row rebuilds exactly
 * (ids, parent, name, times); a field the row would not give back unchanged stays in the JSON.
 */
export function slimRawJson(raw: RawSpan, span: NormalizedSpan): string {
  const { resource: _resource, scope: _scope, ...rest } = raw;
  const slim: Partial<StoredFields> = { ...rest };
  if (raw.traceId === span.traceId) delete slim.traceId;
  if (raw.spanId === span.spanId) delete slim.spanId;
  if (raw.parentSpanId === span.parentSpanId) delete slim.parentSpanId;
  if (raw.name === span.name) delete slim.name;
  if (unpadNanos(padNanos(raw.startTimeUnixNano)) === raw.startTimeUnixNano
    && raw.startTimeUnixNano === span.startTimeUnixNano) delete slim.startTimeUnixNano;
  if (unpadNanos(padNanos(raw.endTimeUnixNano)) === raw.endTimeUnixNano
    && raw.endTimeUnixNano === span.endTimeUnixNano) delete slim.endTimeUnixNano;
  return JSON.stringify(slim);
}

/** A `resources` row parsed: shared by the spans that reference it, as the OTLP decoder shares it too. */
export type SharedResource = Pick<RawSpan, 'resource' | 'scope'>;

/** Row selected with RAW_SPAN_COLUMNS → the RawSpan as ingested (fields in RawSpan order). */
export function rowToRawSpan(row: SqlValue[], resourceById: (id: number) => SharedResource): RawSpan {
  const span = JSON.parse(String(row[7])) as Partial<RawSpan>;
  const shared = resourceById(Number(row[6]));
  // Filled in place (no copy per row): what the JSON kept wins over what the columns hold.
  span.traceId ??= String(row[0]);
  span.spanId ??= String(row[1]);
  if (!('parentSpanId' in span)) span.parentSpanId = text(row[2]);
  span.traceState ??= '';
  span.name ??= String(row[3]);
  span.otelKind ??= 0;
  span.startTimeUnixNano ??= unpadNanos(String(row[4]));
  span.endTimeUnixNano ??= unpadNanos(String(row[5]));
  span.resource = shared.resource;
  span.scope = shared.scope;
  return span as RawSpan;
}

export function updateSpanValues(span: NormalizedSpan): SqlValue[] {
  return [...lightValues(span), span.traceId, span.spanId];
}

function text(value: SqlValue): string | null {
  return value === null ? null : String(value);
}

function num(value: SqlValue): number | null {
  return value === null ? null : Number(value);
}

/** One trace's structure in display order; answered from the covering index spans_by_start (schema.ts). */
export const STRUCTURE_BY_TRACE_SQL = `SELECT span_id, parent_span_id, name, kind, service, start_ns, end_ns, duration_ms,
  status, error_type, request_model, input_tokens, output_tokens, cost_usd, tool_name, code_json
  FROM spans WHERE trace_id = ? ORDER BY start_ns, span_id`;

/** Row selected with STRUCTURE_BY_TRACE_SQL (no trace_id column: the caller knows it) → SpanStructure. */
export function traceRowToStructure(traceId: string, row: SqlValue[]): SpanStructure {
  return {
    traceId,
    spanId: String(row[0]),
    parentSpanId: text(row[1]),
    name: String(row[2]),
    kind: String(row[3]) as SpanKindLabel,
    service: text(row[4]),
    startTimeUnixNano: unpadNanos(String(row[5])),
    endTimeUnixNano: unpadNanos(String(row[6])),
    durationMs: Number(row[7]),
    status: String(row[8]) as SpanStatus,
    errorType: text(row[9]),
    requestModel: text(row[10]),
    inputTokens: num(row[11]),
    outputTokens: num(row[12]),
    costUsd: num(row[13]),
    toolName: text(row[14]),
    code: row[15] === null ? null : (JSON.parse(String(row[15])) as CodeLocation),
  };
}

/** Row selected with STRUCTURE_COLUMNS (trace_id first) → SpanStructure. */
export function rowToStructure(row: SqlValue[]): SpanStructure {
  return traceRowToStructure(String(row[0]), row.slice(1));
}
