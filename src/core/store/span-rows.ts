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
