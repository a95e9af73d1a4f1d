// Hand-written decoder for ExportTraceServiceRequest / ExportLogsServiceRequest (protobuf wire format).
// Field numbers: opentelemetry-proto trace.proto, logs.proto, common.proto, resource.proto.
import type {
  AttrValue, Attributes, DecodedRequest, InstrumentationScope, OtelSpanKind, OtelStatusCode, RawLogRecord,
  RawSpan, SpanEvent, SpanLink,
} from '../model/types';
import {
  MAX_ANY_VALUE_DEPTH, SEVERITY_NUMBER_MAX, SPAN_KIND_MAX, STATUS_CODE_MAX, enumOrZero, setAttr,
} from './any-value';
import { bytesToBase64, bytesToHex, int64ToValue, uint64ToDecimal } from './bytes';
import { OtlpDecodeError, atPath } from './errors';
import { WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT, WireReader } from './wire-reader';

/** Field 1000 of ResourceSpans/ResourceLogs: the pre-1.0 instrumentation_library_* lists (same shape). */
const OLD_LIBRARY_FIELD = 1000;

export function decodeTracesProtobuf(body: Uint8Array): DecodedRequest {
  const r = new WireReader(body);
  const spans: RawSpan[] = [];
  let index = 0;
  while (r.pos < body.length) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, WIRE_LEN, `resourceSpans[${index}]`);
      const end = r.lengthEnd();
      try {
        readResourceGroup(r, end, spans, readSpan, 'scopeSpans', 'spans');
      } catch (err) {
        throw atPath(`resourceSpans[${index}]`, err);
      }
      index++;
    } else {
      r.skip(tag & 7);
    }
  }
  return { spans, logs: [] };
}

export function decodeLogsProtobuf(body: Uint8Array): DecodedRequest {
  const r = new WireReader(body);
  const logs: RawLogRecord[] = [];
  let index = 0;
  while (r.pos < body.length) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, WIRE_LEN, `resourceLogs[${index}]`);
      const end = r.lengthEnd();
      try {
        readResourceGroup(r, end, logs, readLogRecord, 'scopeLogs', 'logRecords');
      } catch (err) {
        throw atPath(`resourceLogs[${index}]`, err);
      }
      index++;
    } else {
      r.skip(tag & 7);
    }
  }
  return { spans: [], logs };
}

export type Item = { resource: Attributes; scope: InstrumentationScope };
export type ItemReader<T extends Item> = (r: WireReader, end: number) => T;

const PENDING_RESOURCE: Attributes = {};
const PENDING_SCOPE: InstrumentationScope = { name: '', version: '' };

/** ResourceSpans / ResourceLogs: resource=1, scope_*=2, schema_url=3. Fields may come in any order. */
export function readResourceGroup<T extends Item>(
  r: WireReader, end: number, out: T[], readItem: ItemReader<T>, scopeName: string, itemName: string,
): void {
  const first = out.length;
  let resource: Attributes = {};
  let scopeIndex = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, WIRE_LEN, 'resource');
      const subEnd = r.lengthEnd();
      try {
        resource = readResource(r, subEnd);
      } catch (err) {
        throw atPath('resource', err);
      }
    } else if (field === 2 || field === OLD_LIBRARY_FIELD) {
      const name = field === 2 ? scopeName : 'instrumentationLibrary' + scopeName.slice(5);
      r.expect(tag, WIRE_LEN, `${name}[${scopeIndex}]`);
      const subEnd = r.lengthEnd();
      try {
        readScopeGroup(r, subEnd, out, readItem, itemName);
      } catch (err) {
        throw atPath(`${name}[${scopeIndex}]`, err);
      }
      scopeIndex++;
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  for (let i = first; i < out.length; i++) out[i].resource = resource;
}

/** ScopeSpans / ScopeLogs: scope=1, spans|log_records=2, schema_url=3. */
function readScopeGroup<T extends Item>(
  r: WireReader, end: number, out: T[], readItem: ItemReader<T>, itemName: string,
): void {
  const first = out.length;
  let scope: InstrumentationScope = { name: '', version: '' };
  let itemIndex = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, WIRE_LEN, 'scope');
      const subEnd = r.lengthEnd();
      try {
        scope = readScope(r, subEnd);
      } catch (err) {
        throw atPath('scope', err);
      }
    } else if (field === 2) {
      r.expect(tag, WIRE_LEN, `${itemName}[${itemIndex}]`);
      const subEnd = r.lengthEnd();
      try {
        out.push(readItem(r, subEnd));
      } catch (err) {
        throw atPath(`${itemName}[${itemIndex}]`, err);
      }
      itemIndex++;
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  for (let i = first; i < out.length; i++) out[i].scope = scope;
}

/** Resource: attributes=1, dropped_attributes_count=2, entity_refs=3. */
function readResource(r: WireReader, end: number): Attributes {
  const attrs: Attributes = {};
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      readAttribute(r, tag, attrs, n++, 'attributes');
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  return attrs;
}

/** InstrumentationScope: name=1, version=2, attributes=3, dropped_attributes_count=4. */
function readScope(r: WireReader, end: number): InstrumentationScope {
  const scope: InstrumentationScope = { name: '', version: '' };
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, WIRE_LEN, 'name');
      scope.name = r.string();
    } else if (field === 2) {
      r.expect(tag, WIRE_LEN, 'version');
      scope.version = r.string();
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  return scope;
}

function readSpan(r: WireReader, end: number): RawSpan {
  let traceId: string | null = null;
  let spanId: string | null = null;
  let parentSpanId: string | null = null;
  let traceState = '';
  let name = '';
  let kind = 0;
  let startTimeUnixNano = '0';
  let endTimeUnixNano = '0';
  const attributes: Attributes = {};
  let attrCount = 0;
  const events: SpanEvent[] = [];
  const links: SpanLink[] = [];
  let statusCode = 0;
  let statusMessage = '';
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        traceId = readId(r, tag, 16, 'traceId');
        break;
      case 2:
        spanId = readId(r, tag, 8, 'spanId');
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'traceState');
        traceState = r.string();
        break;
      case 4:
        parentSpanId = readId(r, tag, 8, 'parentSpanId', true);
        break;
      case 5:
        r.expect(tag, WIRE_LEN, 'name');
        name = r.string();
        break;
      case 6:
        r.expect(tag, WIRE_VARINT, 'kind');
        kind = enumOrZero(r.varint(), SPAN_KIND_MAX);
        break;
      case 7:
        startTimeUnixNano = readTime(r, tag, 'startTimeUnixNano');
        break;
      case 8:
        endTimeUnixNano = readTime(r, tag, 'endTimeUnixNano');
        break;
      case 9:
        readAttribute(r, tag, attributes, attrCount++, 'attributes');
        break;
      case 11: {
        r.expect(tag, WIRE_LEN, `events[${events.length}]`);
        const subEnd = r.lengthEnd();
        try {
          events.push(readEvent(r, subEnd));
        } catch (err) {
          throw atPath(`events[${events.length}]`, err);
        }
        break;
      }
      case 13: {
        r.expect(tag, WIRE_LEN, `links[${links.length}]`);
        const subEnd = r.lengthEnd();
        try {
          links.push(readLink(r, subEnd));
        } catch (err) {
          throw atPath(`links[${links.length}]`, err);
        }
        break;
      }
      case 15: {
        r.expect(tag, WIRE_LEN, 'status');
        const subEnd = r.lengthEnd();
        while (r.pos < subEnd) {
          const t = r.tag();
          if (t >>> 3 === 2) {
            r.expect(t, WIRE_LEN, 'status.message');
            statusMessage = r.string();
          } else if (t >>> 3 === 3) {
            r.expect(t, WIRE_VARINT, 'status.code');
            statusCode = enumOrZero(r.varint(), STATUS_CODE_MAX);
          } else {
            r.skip(t & 7);
          }
        }
        r.finish(subEnd);
        break;
      }
      case 16:
        r.expect(tag, WIRE_I32, 'flags');
        r.fixed32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.finish(end);
  if (traceId === null) throw new OtlpDecodeError('must be 16 bytes, got 0', 'traceId');
  if (spanId === null) throw new OtlpDecodeError('must be 8 bytes, got 0', 'spanId');
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState,
    name,
    otelKind: kind as OtelSpanKind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    events,
    links,
    statusCode: statusCode as OtelStatusCode,
    statusMessage,
    resource: PENDING_RESOURCE,
    scope: PENDING_SCOPE,
  };
}

/** Span.Event: time_unix_nano=1 fixed64, name=2, attributes=3, dropped_attributes_count=4. */
function readEvent(r: WireReader, end: number): SpanEvent {
  const event: SpanEvent = { name: '', timeUnixNano: '0', attributes: {} };
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) event.timeUnixNano = readTime(r, tag, 'timeUnixNano');
    else if (field === 2) {
      r.expect(tag, WIRE_LEN, 'name');
      event.name = r.string();
    } else if (field === 3) readAttribute(r, tag, event.attributes, n++, 'attributes');
    else r.skip(tag & 7);
  }
  r.finish(end);
  return event;
}

/** Span.Link: trace_id=1, span_id=2, trace_state=3, attributes=4, dropped=5, flags=6 fixed32. */
function readLink(r: WireReader, end: number): SpanLink {
  let traceId: string | null = null;
  let spanId: string | null = null;
  const attributes: Attributes = {};
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) traceId = readId(r, tag, 16, 'traceId');
    else if (field === 2) spanId = readId(r, tag, 8, 'spanId');
    else if (field === 4) readAttribute(r, tag, attributes, n++, 'attributes');
    else r.skip(tag & 7);
  }
  r.finish(end);
  if (traceId === null) throw new OtlpDecodeError('must be 16 bytes, got 0', 'traceId');
  if (spanId === null) throw new OtlpDecodeError('must be 8 bytes, got 0', 'spanId');
  return { traceId, spanId, attributes };
}

function readLogRecord(r: WireReader, end: number): RawLogRecord {
  const log: RawLogRecord = {
    timeUnixNano: '0',
    observedTimeUnixNano: '0',
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: {},
    eventName: '',
    traceId: null,
    spanId: null,
    resource: PENDING_RESOURCE,
    scope: PENDING_SCOPE,
  };
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        log.timeUnixNano = readTime(r, tag, 'timeUnixNano');
        break;
      case 2:
        r.expect(tag, WIRE_VARINT, 'severityNumber');
        log.severityNumber = enumOrZero(r.varint(), SEVERITY_NUMBER_MAX);
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'severityText');
        log.severityText = r.string();
        break;
      case 5: {
        r.expect(tag, WIRE_LEN, 'body');
        const subEnd = r.lengthEnd();
        try {
          log.body = readAnyValue(r, subEnd, 0);
        } catch (err) {
          throw atPath('body', err);
        }
        break;
      }
      case 6:
        readAttribute(r, tag, log.attributes, n++, 'attributes');
        break;
      case 8:
        r.expect(tag, WIRE_I32, 'flags');
        r.fixed32();
        break;
      case 9:
        log.traceId = readId(r, tag, 16, 'traceId', true);
        break;
      case 10:
        log.spanId = readId(r, tag, 8, 'spanId', true);
        break;
      case 11:
        log.observedTimeUnixNano = readTime(r, tag, 'observedTimeUnixNano');
        break;
      case 12:
        r.expect(tag, WIRE_LEN, 'eventName');
        log.eventName = r.string();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.finish(end);
  return log;
}

function readId(r: WireReader, tag: number, size: number, field: string, emptyIsNull = false): string | null {
  r.expect(tag, WIRE_LEN, field);
  const end = r.lengthEnd();
  const start = r.pos;
  const len = end - start;
  if (len === 0 && emptyIsNull) return null;
  if (len !== size) throw new OtlpDecodeError(`must be ${size} bytes, got ${len}`, field);
  r.pos = end;
  return bytesToHex(r.buf, start, end);
}

export function readTime(r: WireReader, tag: number, field: string): string {
  r.expect(tag, WIRE_I64, field);
  r.fixed64();
  return uint64ToDecimal(r.lo, r.hi);
}

/** One repeated KeyValue field (key=1, value=2) merged into `target`. */
export function readAttribute(r: WireReader, tag: number, target: Attributes, index: number, field: string): void {
  r.expect(tag, WIRE_LEN, `${field}[${index}]`);
  const end = r.lengthEnd();
  try {
    readKeyValue(r, end, target, 0);
  } catch (err) {
    throw atPath(`${field}[${index}]`, err);
  }
}

function readKeyValue(r: WireReader, end: number, target: Record<string, AttrValue>, depth: number): void {
  let key = '';
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, WIRE_LEN, 'key');
      key = r.string();
    } else if (field === 2) {
      r.expect(tag, WIRE_LEN, 'value');
      const subEnd = r.lengthEnd();
      value = readAnyValue(r, subEnd, depth);
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  setAttr(target, key, value);
}

/** AnyValue oneof: string=1, bool=2, int=3, double=4, array=5, kvlist=6, bytes=7; none set → null. */
function readAnyValue(r: WireReader, end: number, depth: number): AttrValue {
  if (depth >= MAX_ANY_VALUE_DEPTH) {
    throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  }
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag, WIRE_LEN, 'stringValue');
        value = r.string();
        break;
      case 2:
        r.expect(tag, WIRE_VARINT, 'boolValue');
        value = r.varint() !== 0;
        break;
      case 3:
        r.expect(tag, WIRE_VARINT, 'intValue');
        r.varint64();
        value = int64ToValue(r.lo, r.hi);
        break;
      case 4:
        r.expect(tag, WIRE_I64, 'doubleValue');
        value = r.double();
        break;
      case 5: {
        r.expect(tag, WIRE_LEN, 'arrayValue');
        const subEnd = r.lengthEnd();
        value = readArrayValue(r, subEnd, depth + 1);
        break;
      }
      case 6: {
        r.expect(tag, WIRE_LEN, 'kvlistValue');
        const subEnd = r.lengthEnd();
        const obj: Record<string, AttrValue> = {};
        while (r.pos < subEnd) {
          const t = r.tag();
          if (t >>> 3 === 1) {
            r.expect(t, WIRE_LEN, 'kvlistValue.values');
            const kvEnd = r.lengthEnd();
            readKeyValue(r, kvEnd, obj, depth + 1);
          } else {
            r.skip(t & 7);
          }
        }
        r.finish(subEnd);
        value = obj;
        break;
      }
      case 7: {
        r.expect(tag, WIRE_LEN, 'bytesValue');
        const subEnd = r.lengthEnd();
        value = bytesToBase64(r.buf, r.pos, subEnd);
        r.pos = subEnd;
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  r.finish(end);
  return value;
}

function readArrayValue(r: WireReader, end: number, depth: number): AttrValue[] {
  const values: AttrValue[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, WIRE_LEN, 'arrayValue.values');
      const subEnd = r.lengthEnd();
      values.push(readAnyValue(r, subEnd, depth));
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  return values;
}
