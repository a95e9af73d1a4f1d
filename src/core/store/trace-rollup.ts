// The per-trace rollup row, kept up to date at ingest so listing traces never scans spans.
import type { SqlValue } from 'sql.js';
import type { TraceSummary } from '../model/types';
import { durationMs } from '../model/normalize';
import { unpadNanos } from './nanos';

/** Span names kept per trace for text search (bounded so one huge trace stays cheap). */
const MAX_NAMES = 200;
const MAX_NAMES_CHARS = 8000;

export interface TraceRollup {
  traceId: string;
  rootSpanId: string | null;
  rootParentSpanId: string | null;
  rootName: string | null;
  rootStartNs: string | null;
  service: string | null;
  workloadId: string | null;
  /** Zero-padded nanos. */
  startNs: string;
  endNs: string;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  models: string[];
  /** Distinct span names, lowercased and on one line each (for the text filter). */
  names: string[];
  payloadBytes: number;
  /** Spans that report tokens or cost (none: no stored span can have usage below a newcomer). */
  usageSpans: number;
  /** The smallest interned conversation / user id among the spans (the Sessions list's grouping keys). */
  conversationKey: number | null;
  userKey: number | null;
}

export const TRACE_COLUMNS = `trace_id, root_span_id, root_parent_span_id, root_name, root_start_ns, service, workload_id,
  start_ns, end_ns, span_count, error_count, input_tokens, output_tokens, cost_usd, models, search_text, payload_bytes,
  usage_spans, conversation_key, user_key`;

/** Values: the trace's integer key, then rollupValues(). */
export const UPSERT_TRACE_SQL = `INSERT OR REPLACE INTO traces (id, ${TRACE_COLUMNS})
  VALUES (${Array(21).fill('?').join(', ')})`;

/** A new trace's row (its key comes from SQLite): rollupValues() of an empty rollup. */
export const INSERT_TRACE_SQL = `INSERT INTO traces (${TRACE_COLUMNS}) VALUES (${Array(20).fill('?').join(', ')})`;

export function emptyRollup(traceId: string, startNs: string, endNs: string): TraceRollup {
  return {
    traceId, rootSpanId: null, rootParentSpanId: null, rootName: null, rootStartNs: null, service: null,
    workloadId: null, startNs, endNs, spanCount: 0, errorCount: 0, inputTokens: 0, outputTokens: 0, costUsd: 0,
    models: [], names: [], payloadBytes: 0, usageSpans: 0, conversationKey: null, userKey: null,
  };
}

export function rollupValues(r: TraceRollup, search = searchText(r)): SqlValue[] {
  return [
    r.traceId, r.rootSpanId, r.rootParentSpanId, r.rootName, r.rootStartNs, r.service, r.workloadId, r.startNs,
    r.endNs, r.spanCount, r.errorCount, r.inputTokens, r.outputTokens, r.costUsd, JSON.stringify(r.models), search,
    r.payloadBytes, r.usageSpans, r.conversationKey, r.userKey,
  ];
}

const flat = (text: string): string => text.replace(/\n/g, ' ');
/** Lines of the search text before the span names. */
const HEAD_LINES = 4;

/**
 * What the listTraces text filter looks in, lowercased, one item per line: trace id, service, workload,
 * root name, then the span names (which the rollup reads back from here: they are not stored twice).
 */
export function searchText(r: TraceRollup): string {
  return [r.traceId, flat(r.service ?? ''), flat(r.workloadId ?? ''), flat(r.rootName ?? ''), ...r.names]
    .join('\n').toLowerCase();
}

function text(value: SqlValue): string | null {
  return value === null ? null : String(value);
}

/** Row selected with TRACE_COLUMNS → rollup. */
export function rowToRollup(row: SqlValue[]): TraceRollup {
  const names = String(row[15]).split('\n').slice(HEAD_LINES);
  return {
    traceId: String(row[0]),
    rootSpanId: text(row[1]),
    rootParentSpanId: text(row[2]),
    rootName: text(row[3]),
    rootStartNs: text(row[4]),
    service: text(row[5]),
    workloadId: text(row[6]),
    startNs: String(row[7]),
    endNs: String(row[8]),
    spanCount: Number(row[9]),
    errorCount: Number(row[10]),
    inputTokens: Number(row[11]),
    outputTokens: Number(row[12]),
    costUsd: Number(row[13]),
    models: JSON.parse(String(row[14])) as string[],
    names,
    payloadBytes: Number(row[16]),
    usageSpans: Number(row[17]),
    conversationKey: row[18] === null || row[18] === undefined ? null : Number(row[18]),
    userKey: row[19] === null || row[19] === undefined ? null : Number(row[19]),
  };
}

/** The smaller of two interned ids (null = none). */
export function minKey(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

export function addModel(r: TraceRollup, model: string | null): void {
  if (model !== null && !r.models.includes(model)) r.models.push(model);
}

export function addName(r: TraceRollup, name: string): void {
  const line = flat(name).toLowerCase();
  if (r.names.length >= MAX_NAMES || r.names.includes(line)) return;
  const used = r.names.reduce((sum, n) => sum + n.length + 1, 0);
  if (used + line.length <= MAX_NAMES_CHARS) r.names.push(line);
}

/** Cost sums drift with float error; keep them to a nano-dollar. */
export function roundCost(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

export function rollupToSummary(r: TraceRollup): TraceSummary {
  return {
    traceId: r.traceId,
    rootName: r.rootName,
    service: r.service,
    workloadId: r.workloadId,
    startTimeUnixNano: unpadNanos(r.startNs),
    endTimeUnixNano: unpadNanos(r.endNs),
    durationMs: durationMs(r.startNs, r.endNs),
    spanCount: r.spanCount,
    errorCount: r.errorCount,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    costUsd: roundCost(r.costUsd),
    models: [...r.models],
    ...(r.rootParentSpanId !== null ? { rootPending: true as const } : {}),
  };
}
