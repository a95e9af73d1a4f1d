// Hand-built RawSpans / RawLogRecords for the normalizer tests.
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../../../src/core/model/normalize';
import type {
  AttrValue, Attributes, NormalizeOptions, NormalizedSpan, RawLogRecord, RawSpan, SpanEvent,
} from '../../../../src/core/model/types';

export function rawSpan(over: Partial<RawSpan> = {}): RawSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: null,
    traceState: '',
    name: 'span',
    otelKind: 1,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    attributes: {},
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
    resource: { 'service.name': 'svc' },
    scope: { name: 'test', version: '1' },
    ...over,
  };
}

export function logRecord(eventName: string, body: AttrValue, over: Partial<RawLogRecord> = {}): RawLogRecord {
  return {
    timeUnixNano: '1700000000100000000',
    observedTimeUnixNano: '1700000000100000000',
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes: {},
    eventName,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    resource: { 'service.name': 'svc' },
    scope: { name: 'test', version: '1' },
    ...over,
  };
}

export function event(name: string, attributes: Attributes, timeUnixNano = '1700000000050000000'): SpanEvent {
  return { name, timeUnixNano, attributes };
}

/** Normalize a span built from attributes (and optionally more fields / logs / options). */
export function norm(
  attributes: Attributes, over: Partial<RawSpan> = {}, logs: RawLogRecord[] = [],
  options: NormalizeOptions = DEFAULT_NORMALIZE_OPTIONS,
): NormalizedSpan {
  return normalizeSpan(rawSpan({ ...over, attributes }), logs, options);
}
