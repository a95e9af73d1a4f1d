// RawSpan[] / RawLogRecord[] → OTLP protobuf requests, and export responses. Mirrors proto-decode.ts.
import type { AttrValue, Attributes, InstrumentationScope, RawLogRecord, RawSpan } from '../model/types';
import { decimalToUint64Halves, hexToBytes } from './bytes';
import { groupByResourceAndScope } from './group';
import { WIRE_I64, WIRE_VARINT } from './wire-reader';
import { WireWriter } from './wire-writer';

/** ExportTraceServiceRequest with one ResourceSpans per distinct resource and one ScopeSpans per scope. */
export function encodeTracesProtobuf(spans: readonly RawSpan[]): Uint8Array {
  const w = new WireWriter();
  for (const group of groupByResourceAndScope(spans)) {
    const rs = new WireWriter().message(1, resourceMessage(group.resource));
    for (const { scope, items } of group.scopes) {
      const ss = new WireWriter().message(1, scopeMessage(scope));
      for (const span of items) ss.message(2, spanMessage(span));
      rs.message(2, ss);
    }
    w.message(1, rs);
  }
  return w.finish();
}

/** ExportLogsServiceRequest, grouped like encodeTracesProtobuf. */
export function encodeLogsProtobuf(logs: readonly RawLogRecord[]): Uint8Array {
  const w = new WireWriter();
  for (const group of groupByResourceAndScope(logs)) {
    const rl = new WireWriter().message(1, resourceMessage(group.resource));
    for (const { scope, items } of group.scopes) {
      const sl = new WireWriter().message(1, scopeMessage(scope));
      for (const log of items) sl.message(2, logMessage(log));
      rl.message(2, sl);
    }
    w.message(1, rl);
  }
  return w.finish();
}

/** Export*ServiceResponse: partial_success=1 { rejected_spans | rejected_log_records = 1, error_message = 2 }. */
export function encodeResponseProtobuf(partial?: { rejected: number; message: string }): Uint8Array {
  if (!partial) return new Uint8Array(0);
  const ps = new WireWriter();
  if (partial.rejected !== 0) ps.tag(1, WIRE_VARINT).varint(Math.max(0, Math.floor(partial.rejected)));
  if (partial.message !== '') ps.string(2, partial.message);
  return new WireWriter().message(1, ps).finish();
}

function resourceMessage(resource: Attributes): WireWriter {
  const w = new WireWriter();
  writeAttributes(w, 1, resource);
  return w;
}

function scopeMessage(scope: InstrumentationScope): WireWriter {
  const w = new WireWriter();
  if (scope.name !== '') w.string(1, scope.name);
  if (scope.version !== '') w.string(2, scope.version);
  return w;
}

function spanMessage(span: RawSpan): WireWriter {
  const w = new WireWriter();
  w.bytes(1, hexToBytes(span.traceId)).bytes(2, hexToBytes(span.spanId));
  if (span.traceState !== '') w.string(3, span.traceState);
  if (span.parentSpanId !== null) w.bytes(4, hexToBytes(span.parentSpanId));
  w.string(5, span.name);
  if (span.otelKind !== 0) w.uint(6, span.otelKind);
  writeTime(w, 7, span.startTimeUnixNano);
  writeTime(w, 8, span.endTimeUnixNano);
  writeAttributes(w, 9, span.attributes);
  for (const event of span.events) {
    const e = new WireWriter();
    writeTime(e, 1, event.timeUnixNano);
    e.string(2, event.name);
    writeAttributes(e, 3, event.attributes);
    w.message(11, e);
  }
  for (const link of span.links) {
    const l = new WireWriter().bytes(1, hexToBytes(link.traceId)).bytes(2, hexToBytes(link.spanId));
    writeAttributes(l, 4, link.attributes);
    w.message(13, l);
  }
  const status = new WireWriter();
  if (span.statusMessage !== '') status.string(2, span.statusMessage);
  if (span.statusCode !== 0) status.uint(3, span.statusCode);
  w.message(15, status);
  return w;
}

function logMessage(log: RawLogRecord): WireWriter {
  const w = new WireWriter();
  writeTime(w, 1, log.timeUnixNano);
  if (log.severityNumber !== 0) w.uint(2, log.severityNumber);
  if (log.severityText !== '') w.string(3, log.severityText);
  if (log.body !== null) w.message(5, anyValueMessage(log.body));
  writeAttributes(w, 6, log.attributes);
  if (log.traceId !== null) w.bytes(9, hexToBytes(log.traceId));
  if (log.spanId !== null) w.bytes(10, hexToBytes(log.spanId));
  writeTime(w, 11, log.observedTimeUnixNano);
  if (log.eventName !== '') w.string(12, log.eventName);
  return w;
}

function writeTime(w: WireWriter, field: number, decimal: string): void {
  const [lo, hi] = decimalToUint64Halves(decimal);
  w.fixed64Field(field, lo, hi);
}

function writeAttributes(w: WireWriter, field: number, attrs: Record<string, AttrValue>): void {
  for (const key of Object.keys(attrs)) {
    w.message(field, new WireWriter().string(1, key).message(2, anyValueMessage(attrs[key])));
  }
}

function anyValueMessage(value: AttrValue): WireWriter {
  const w = new WireWriter();
  if (value === null) return w;
  switch (typeof value) {
    case 'string':
      return w.string(1, value);
    case 'boolean':
      return w.uint(2, value ? 1 : 0);
    case 'number':
      if (Number.isSafeInteger(value)) {
        const [lo, hi] = int64Halves(value);
        return w.tag(3, WIRE_VARINT).varint64(lo, hi);
      }
      return w.tag(4, WIRE_I64).double(value);
  }
  if (Array.isArray(value)) {
    const arr = new WireWriter();
    for (const item of value) arr.message(1, anyValueMessage(item));
    return w.message(5, arr);
  }
  const list = new WireWriter();
  writeAttributes(list, 1, value);
  return w.message(6, list);
}

/** Two's-complement halves of a safe integer. */
function int64Halves(n: number): [number, number] {
  const abs = Math.abs(n);
  let lo = abs >>> 0;
  let hi = Math.floor(abs / 4294967296) >>> 0;
  if (n < 0) {
    lo = (~lo + 1) >>> 0;
    hi = ~hi >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
  return [lo, hi];
}
