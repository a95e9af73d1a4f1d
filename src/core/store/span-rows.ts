// Mapping between NormalizedSpan and the light columns of the `spans` table.
import type { SqlValue } from 'sql.js';
import type { CodeLocation, NormalizedSpan, SpanKindLabel, SpanStatus } from '../model/types';
import type { SpanStructure } from './index';
import { padNanos, unpadNanos } from './nanos';

const LIGHT_COLUMNS = [
  'parent_span_id', 'name', 'kind', 'service', 'start_ns', 'end_ns', 'duration_ms', 'status', 'error_type',
  'request_model', 'input_tokens', 'output_tokens', 'cost_usd', 'tool_name', 'workload_id', 'code_file',
  'code_line', 'code_json', 'has_usage',
] as const;

export const INSERT_SPAN_SQL = `INSERT OR IGNORE INTO spans (trace_id, span_id, ${LIGHT_COLUMNS.join(', ')}, payload_bytes, raw)
  VALUES (${Array(LIGHT_COLUMNS.length + 4).fill('?').join(', ')})`;

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

export function insertSpanValues(span: NormalizedSpan, rawJson: string): SqlValue[] {
  return [span.traceId, span.spanId, ...lightValues(span), rawJson.length, rawJson];
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

/** Row selected with STRUCTURE_COLUMNS → SpanStructure. */
export function rowToStructure(row: SqlValue[]): SpanStructure {
  return {
    traceId: String(row[0]),
    spanId: String(row[1]),
    parentSpanId: text(row[2]),
    name: String(row[3]),
    kind: String(row[4]) as SpanKindLabel,
    service: text(row[5]),
    startTimeUnixNano: unpadNanos(String(row[6])),
    endTimeUnixNano: unpadNanos(String(row[7])),
    durationMs: Number(row[8]),
    status: String(row[9]) as SpanStatus,
    errorType: text(row[10]),
    requestModel: text(row[11]),
    inputTokens: num(row[12]),
    outputTokens: num(row[13]),
    costUsd: num(row[14]),
    toolName: text(row[15]),
    code: row[16] === null ? null : (JSON.parse(String(row[16])) as CodeLocation),
  };
}
