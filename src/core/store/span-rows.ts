// Mapping between spans and the index: the `spans` row of a NormalizedSpan, the payload record body of
// a RawSpan, and the structure rows read back.
import type { SqlValue } from 'sql.js';
import type { CodeLocation, NormalizedSpan, RawSpan, SpanKindLabel, SpanStatus } from '../model/types';
import type { SpanStructure } from '../model/store-types';
import { padNanos, unpadNanos } from './nanos';
import type { PayloadPointer } from './segment-files';
import { num, text } from './sql';

const INT64_MAX = 9_223_372_036_854_775_807n;
const PLAIN_DECIMAL = /^[1-9]\d{0,18}$/;

/**
 * A time column value: exact INTEGER nanoseconds (sql.js binds a bigint as its decimal text, which the
 * column's INTEGER affinity stores as an integer), or past 2^63 'x' + 20 padded digits: text that is not
 * a number stays TEXT, and SQLite sorts TEXT after every integer, so the order stays numeric.
 */
export function timeValue(nanos: string): bigint | string {
  // The common case, a plain decimal below 2^63 without leading zeros, goes in as its own text (no BigInt).
  if (PLAIN_DECIMAL.test(nanos) && (nanos.length < 19 || nanos <= '9223372036854775807')) return nanos;
  let value: bigint;
  try {
    value = BigInt(nanos);
  } catch {
    return 0n;
  }
  if (value < 0n) return 0n;
  return value <= INT64_MAX ? value : `x${padNanos(nanos)}`;
}

/** A time column read with CAST(… AS TEXT) back to decimal nanoseconds. */
export function timeText(value: SqlValue): string {
  const s = String(value);
  return s.charCodeAt(0) === 120 /* 'x' */ ? unpadNanos(s.slice(1)) : s;
}

/** The model a span is filed under: the one requested, else the one that answered. */
export function spanModel(span: NormalizedSpan): string | null {
  return span.requestModel ?? span.responseModel;
}

export function spanHasUsage(span: NormalizedSpan): boolean {
  return span.inputTokens !== null || span.outputTokens !== null || span.costUsd !== null;
}

/** The code location kept in the index: everything but the stack trace (that stays in the payload). */
export function indexedCode(code: CodeLocation | null): CodeLocation | null {
  if (!code || (code.filePath === null && code.line === null && code.function === null)) return null;
  return { filePath: code.filePath, line: code.line, column: code.column, function: code.function, stacktrace: null };
}

const LIGHT_COLUMNS = [
  'parent_span_id', 'name', 'kind', 'start_ns', 'end_ns', 'status', 'error_type', 'provider', 'request_model',
  'input_tokens', 'output_tokens', 'cost_usd', 'tool_name', 'agent_name', 'workload_id', 'conversation_id', 'user_id',
  'prompt_name', 'prompt_version', 'code_id', 'has_usage',
] as const;

export const INSERT_SPAN_SQL = `INSERT OR IGNORE INTO spans (trace, span_id, ${LIGHT_COLUMNS.join(', ')}, resource_id,
  seg, off, len) VALUES (${Array(LIGHT_COLUMNS.length + 6).fill('?').join(', ')})`;

export const UPDATE_SPAN_SQL = `UPDATE spans SET ${LIGHT_COLUMNS.map((c) => `${c} = ?`).join(', ')}
  WHERE trace = ? AND span_id = ?`;

type Value = SqlValue | bigint;
type Intern = (value: string | null) => number | null;

function lightValues(span: NormalizedSpan, codeId: number | null, id: Intern): Value[] {
  return [
    span.parentSpanId, span.name, id(span.kind), timeValue(span.startTimeUnixNano), timeValue(span.endTimeUnixNano),
    id(span.status), id(span.errorType), id(span.provider), id(spanModel(span)), span.inputTokens, span.outputTokens,
    span.costUsd, id(span.toolName), id(span.agentName), id(span.workloadId), id(span.conversationId), id(span.userId),
    id(span.promptName), id(span.promptVersion), codeId, spanHasUsage(span) ? 1 : 0,
  ];
}

export function insertSpanValues(
  trace: number, span: NormalizedSpan, codeId: number | null, resourceId: number, at: PayloadPointer, id: Intern,
): Value[] {
  return [trace, span.spanId, ...lightValues(span, codeId, id), resourceId, at.seg, at.off, at.len];
}

export function updateSpanValues(trace: number, span: NormalizedSpan, codeId: number | null, id: Intern): Value[] {
  return [...lightValues(span, codeId, id), trace, span.spanId];
}

/** What a span record's body holds: the RawSpan without its ids (in the header) and resource (by id). */
type SpanBody = Omit<RawSpan, 'traceId' | 'spanId' | 'resource' | 'scope'>;

export function spanBody(raw: RawSpan): string {
  const body: SpanBody = {
    parentSpanId: raw.parentSpanId, traceState: raw.traceState, name: raw.name, otelKind: raw.otelKind,
    startTimeUnixNano: raw.startTimeUnixNano, endTimeUnixNano: raw.endTimeUnixNano, attributes: raw.attributes,
    events: raw.events, links: raw.links, statusCode: raw.statusCode, statusMessage: raw.statusMessage,
  };
  return JSON.stringify(body);
}

/** A resources row parsed: shared by the spans that reference it, as the OTLP decoder shares it too. */
export type SharedResource = Pick<RawSpan, 'resource' | 'scope'>;

/** The RawSpan as ingested, from a span record's body, ids and resource. */
export function rawSpanFromBody(body: string, traceId: string, spanId: string, shared: SharedResource): RawSpan {
  const parsed = JSON.parse(body) as SpanBody;
  return {
    traceId, spanId, parentSpanId: parsed.parentSpanId, traceState: parsed.traceState, name: parsed.name,
    otelKind: parsed.otelKind, startTimeUnixNano: parsed.startTimeUnixNano, endTimeUnixNano: parsed.endTimeUnixNano,
    attributes: parsed.attributes, events: parsed.events, links: parsed.links, statusCode: parsed.statusCode,
    statusMessage: parsed.statusMessage, resource: shared.resource, scope: shared.scope,
  };
}

/** Duration in ms as durationMs() computes it, in SQL for integer times (NULL past 2^63: computed in JS). */
export const DURATION_SQL = `CASE WHEN typeof(s.start_ns) = 'integer' AND typeof(s.end_ns) = 'integer'
  THEN MAX(s.end_ns - s.start_ns, 0) / 1000000.0 END`;

/** Structure columns of `spans s` (the caller adds FROM/WHERE); service and code come from interned tables. */
export const STRUCTURE_COLUMNS = `s.span_id, s.parent_span_id, s.name, s.kind, s.resource_id, CAST(s.start_ns AS TEXT),
  CAST(s.end_ns AS TEXT), ${DURATION_SQL}, s.status, s.error_type, s.request_model, s.input_tokens, s.output_tokens,
  s.cost_usd, s.tool_name, s.code_id`;

/** One trace's structure in display order. */
export const STRUCTURE_BY_TRACE_SQL = `SELECT ${STRUCTURE_COLUMNS} FROM spans s WHERE s.trace = ?
  ORDER BY s.start_ns, s.span_id`;

export interface InternedLookups {
  service(resourceId: number): string | null;
  text(stringId: SqlValue): string | null;
  code(codeId: number | null): CodeLocation | null;
  durationMs(start: string, end: string): number;
}

/** Row selected with STRUCTURE_COLUMNS → SpanStructure. */
export function rowToStructure(traceId: string, row: SqlValue[], lookups: InternedLookups): SpanStructure {
  const start = timeText(row[5]!);
  const end = timeText(row[6]!);
  return {
    traceId,
    spanId: String(row[0]),
    parentSpanId: text(row[1]!),
    name: String(row[2]),
    kind: lookups.text(row[3]!) as SpanKindLabel,
    service: lookups.service(Number(row[4])),
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs: row[7] === null ? lookups.durationMs(start, end) : Number(row[7]),
    status: lookups.text(row[8]!) as SpanStatus,
    errorType: lookups.text(row[9]!),
    requestModel: lookups.text(row[10]!),
    inputTokens: num(row[11]!),
    outputTokens: num(row[12]!),
    costUsd: num(row[13]!),
    toolName: lookups.text(row[14]!),
    code: lookups.code(num(row[15]!)),
  };
}

/** SQL for "the span `s` failed" (status holds a strings id). */
export const SPAN_FAILED_SQL = `s.status = (SELECT id FROM strings WHERE value = 'error')`;
