// Maps one raw OTLP span (plus its log records) onto the normalized model. Pure; runs on the ingest hot path,
// so it scans the key list once (namespaces present, indexed families), probes only namespaces the span uses, and
// parses JSON only for the values it maps.
import { agentSpanAttributes, type AgentTraceContext } from '../agents/span-adapter';
import { AttrReader } from './attributes';
import { readCodeLocation } from './code-location';
import { mergeEvents } from './events';
import {
  CONVERSATION_KEYS, OPERATION_KEYS, REQUEST_MODEL_KEYS, USER_KEYS,
  readAgentName, readResponseModel, readErrorType, readFinishReasons, readProvider, readTool, readWorkflowName,
} from './identity';
import { inferKind } from './kind';
import { readMessages } from './messages';
import { DEFAULT_PRICES, readCost } from './pricing';
import { readPrompt } from './prompt';
import { readRedaction } from './redaction-mark';
import { readRetrievalDocuments } from './retrieval';
import { readTokens } from './tokens';
import type { Attributes, NormalizeOptions, NormalizedSpan, RawLogRecord, RawSpan, SpanStatus } from './types';

export { DEFAULT_PRICES } from './pricing';
export { findPrice, costFromUsage } from './pricing';
export { logToEvent, LOG_EVENT_KEYS } from './events';
export { kindFromValue } from './kind';

export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = { workloadKey: 'workload.id', prices: DEFAULT_PRICES };

const STATUS: Record<number, SpanStatus> = { 0: 'unset', 1: 'ok', 2: 'error' };

/** (end - start) in milliseconds, exact to the nanosecond before the final division; 0 if unset or negative. */
export function durationMs(startNanos: string, endNanos: string): number {
  try {
    const d = BigInt(endNanos) - BigInt(startNanos);
    if (d <= 0n) return 0;
    if (d <= 9_007_199_254_740_991n) return Number(d) / 1e6; // one correctly rounded division
    const ms = d / 1_000_000n;
    return Number(ms) + Number(d - ms * 1_000_000n) / 1e6;
  } catch {
    return 0;
  }
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v.length > 0 ? v : null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function readWorkload(attrs: Attributes, resource: Attributes, key: string): string | null {
  return scalarText(attrs[key]) ?? scalarText(resource[key]);
}

/** Map one raw span (plus the log records that name it) onto the normalized model. Pure. */
export function normalizeSpan(
  raw: RawSpan, logs: RawLogRecord[], options: NormalizeOptions, context?: AgentTraceContext,
): NormalizedSpan {
  const events = mergeEvents(raw.events, logs);
  const agentExtra = agentSpanAttributes(raw, events, context);
  const r = new AttrReader(agentExtra ? { ...raw.attributes, ...agentExtra } : raw.attributes);
  const kind = inferKind(r, raw.name);
  const requestModel = r.str(REQUEST_MODEL_KEYS);
  const responseModel = readResponseModel(r, kind);
  const tokens = readTokens(r, kind);
  const messages = readMessages(r, kind, events, raw.name);
  const tool = readTool(r, kind, raw.name);
  const prompt = readPrompt(r);
  const redaction = readRedaction(raw.attributes, logs);
  const span: NormalizedSpan = {
    traceId: raw.traceId,
    spanId: raw.spanId,
    parentSpanId: raw.parentSpanId || null,
    name: raw.name,
    kind,
    otelKind: raw.otelKind,
    service: scalarText(raw.resource['service.name']),
    startTimeUnixNano: raw.startTimeUnixNano,
    endTimeUnixNano: raw.endTimeUnixNano,
    durationMs: durationMs(raw.startTimeUnixNano, raw.endTimeUnixNano),
    status: STATUS[raw.statusCode] ?? 'unset',
    statusMessage: raw.statusMessage || null,
    errorType: readErrorType(r, events),
    operationName: r.str(OPERATION_KEYS),
    provider: readProvider(r),
    requestModel,
    responseModel,
    ...tokens,
    costUsd: readCost(r, tokens, options.prices, responseModel, requestModel),
    finishReasons: readFinishReasons(r, messages.output),
    ...tool,
    agentName: readAgentName(r, kind, raw.name),
    workflowName: readWorkflowName(r, kind, raw.name),
    conversationId: r.str(CONVERSATION_KEYS),
    userId: r.str(USER_KEYS),
    workloadId: readWorkload(raw.attributes, raw.resource, options.workloadKey),
    ...prompt,
    systemInstructions: messages.system,
    inputMessages: messages.input,
    outputMessages: messages.output,
    retrievalDocuments: readRetrievalDocuments(r),
    code: readCodeLocation(r, events),
    attributes: raw.attributes,
    events,
    links: raw.links,
    resource: raw.resource,
    scope: raw.scope,
  };
  if (redaction) span.redaction = redaction;
  return span;
}
