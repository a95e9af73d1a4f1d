// RawSpan[] / RawLogRecord[] → OTLP/JSON requests (hex ids, times and int64 as strings, as the spec says).
import type { AttrValue, Attributes, InstrumentationScope, RawLogRecord, RawSpan } from '../model/types';
import { groupByResourceAndScope } from './group';

type Json = Record<string, unknown>;

export function encodeTracesJson(spans: RawSpan[]): unknown {
  return {
    resourceSpans: groupByResourceAndScope(spans).map((group) => ({
      resource: { attributes: keyValues(group.resource) },
      scopeSpans: group.scopes.map(({ scope, items }) => ({ scope: scopeJson(scope), spans: items.map(spanJson) })),
    })),
  };
}

export function encodeLogsJson(logs: RawLogRecord[]): unknown {
  return {
    resourceLogs: groupByResourceAndScope(logs).map((group) => ({
      resource: { attributes: keyValues(group.resource) },
      scopeLogs: group.scopes.map(({ scope, items }) => ({ scope: scopeJson(scope), logRecords: items.map(logJson) })),
    })),
  };
}

/** ExportTrace/Logs/MetricsServiceResponse as OTLP/JSON. */
export function responseJson(
  signal: 'traces' | 'logs' | 'metrics', partial?: { rejected: number; message: string },
): Json {
  if (!partial) return {};
  const rejectedKey = { traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints' }[signal];
  return { partialSuccess: { [rejectedKey]: String(Math.max(0, Math.floor(partial.rejected))), errorMessage: partial.message } };
}

function scopeJson(scope: InstrumentationScope): Json {
  return { name: scope.name, version: scope.version };
}

function spanJson(span: RawSpan): Json {
  const out: Json = { traceId: span.traceId, spanId: span.spanId };
  if (span.parentSpanId !== null) out.parentSpanId = span.parentSpanId;
  if (span.traceState !== '') out.traceState = span.traceState;
  out.name = span.name;
  out.kind = span.otelKind;
  out.startTimeUnixNano = span.startTimeUnixNano;
  out.endTimeUnixNano = span.endTimeUnixNano;
  out.attributes = keyValues(span.attributes);
  out.events = span.events.map((e) => ({ timeUnixNano: e.timeUnixNano, name: e.name, attributes: keyValues(e.attributes) }));
  out.links = span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes) }));
  out.status = span.statusMessage === '' ? { code: span.statusCode } : { code: span.statusCode, message: span.statusMessage };
  return out;
}

function logJson(log: RawLogRecord): Json {
  const out: Json = {
    timeUnixNano: log.timeUnixNano,
    observedTimeUnixNano: log.observedTimeUnixNano,
    severityNumber: log.severityNumber,
  };
  if (log.severityText !== '') out.severityText = log.severityText;
  if (log.body !== null) out.body = anyValueJson(log.body);
  out.attributes = keyValues(log.attributes);
  if (log.eventName !== '') out.eventName = log.eventName;
  if (log.traceId !== null) out.traceId = log.traceId;
  if (log.spanId !== null) out.spanId = log.spanId;
  return out;
}

function keyValues(attrs: Attributes | { [key: string]: AttrValue }): Json[] {
  return Object.keys(attrs).map((key) => ({ key, value: anyValueJson(attrs[key]) }));
}

export function anyValueJson(value: AttrValue): Json {
  if (value === null) return {};
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      if (Number.isSafeInteger(value)) return { intValue: String(value) };
      // proto3 JSON spells non-finite doubles as strings
      return { doubleValue: Number.isFinite(value) ? value : String(value) };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValueJson) } };
  return { kvlistValue: { values: keyValues(value) } };
}
