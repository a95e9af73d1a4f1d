// OTLP/JSON → DecodedRequest. Lenient in form (hex or base64 ids, numbers or strings for integers,
// enum numbers or names, camelCase or snake_case keys, the pre-1.0 instrumentationLibrary* lists),
// strict in content: a wrong type or a bad id is an OtlpDecodeError naming where it is.
import type {
  AttrValue, Attributes, DecodedRequest, InstrumentationScope, OtelSpanKind, OtelStatusCode, RawLogRecord,
  RawSpan, SpanEvent, SpanLink,
} from '../model/types';
import {
  MAX_ANY_VALUE_DEPTH, SEVERITY_NUMBER_MAX, SPAN_KIND_MAX, STATUS_CODE_MAX, enumOrZero, setAttr,
} from './any-value';
import {
  base64ToBytes, bytesToBase64, bytesToHex, normalizeHex, normalizeUint64Decimal, parseInt64Text,
} from './bytes';
import { SEVERITY_NUMBER_NAMES, SPAN_KIND_NAMES, STATUS_CODE_NAMES } from './enums';
import { OtlpDecodeError, atPath } from './errors';

export type JsonObject = Record<string, unknown>;

export function decodeTracesJson(root: unknown): DecodedRequest {
  const spans: RawSpan[] = [];
  const req = asObject(root, 'request body');
  const groups = asArray(pick(req, 'resourceSpans', 'resource_spans'), 'resourceSpans');
  for (let i = 0; i < groups.length; i++) {
    try {
      const group = asObject(groups[i], 'ResourceSpans');
      const resource = readResource(group.resource);
      readScopeGroups(group, 'scopeSpans', 'scope_spans', 'instrumentationLibrarySpans',
        'instrumentation_library_spans', (scopeGroup, scope) => {
          const items = asArray(scopeGroup.spans, 'spans');
          for (let k = 0; k < items.length; k++) {
            try {
              spans.push(readSpan(asObject(items[k], 'Span'), resource, scope));
            } catch (err) {
              throw atPath(`spans[${k}]`, err);
            }
          }
        });
    } catch (err) {
      throw atPath(`resourceSpans[${i}]`, err);
    }
  }
  return { spans, logs: [] };
}

export function decodeLogsJson(root: unknown): DecodedRequest {
  const logs: RawLogRecord[] = [];
  const req = asObject(root, 'request body');
  const groups = asArray(pick(req, 'resourceLogs', 'resource_logs'), 'resourceLogs');
  for (let i = 0; i < groups.length; i++) {
    try {
      const group = asObject(groups[i], 'ResourceLogs');
      const resource = readResource(group.resource);
      readScopeGroups(group, 'scopeLogs', 'scope_logs', 'instrumentationLibraryLogs',
        'instrumentation_library_logs', (scopeGroup, scope) => {
          const items = asArray(pick(scopeGroup, 'logRecords', 'log_records'), 'logRecords');
          for (let k = 0; k < items.length; k++) {
            try {
              logs.push(readLogRecord(asObject(items[k], 'LogRecord'), resource, scope));
            } catch (err) {
              throw atPath(`logRecords[${k}]`, err);
            }
          }
        });
    } catch (err) {
      throw atPath(`resourceLogs[${i}]`, err);
    }
  }
  return { spans: [], logs };
}

export function readScopeGroups(
  group: JsonObject, camel: string, snake: string, oldCamel: string, oldSnake: string,
  each: (scopeGroup: JsonObject, scope: InstrumentationScope) => void,
): void {
  const lists: [string, unknown][] = [[camel, pick(group, camel, snake)], [oldCamel, pick(group, oldCamel, oldSnake)]];
  for (const [name, list] of lists) {
    const scopeGroups = asArray(list, name);
    for (let j = 0; j < scopeGroups.length; j++) {
      try {
        const scopeGroup = asObject(scopeGroups[j], name);
        const scopeValue = scopeGroup.scope ?? pick(scopeGroup, 'instrumentationLibrary', 'instrumentation_library');
        each(scopeGroup, readScope(scopeValue));
      } catch (err) {
        throw atPath(`${name}[${j}]`, err);
      }
    }
  }
}

export function readResource(value: unknown): Attributes {
  const attrs: Attributes = {};
  if (value === undefined || value === null) return attrs;
  try {
    readAttributes(asObject(value, 'Resource').attributes, attrs);
  } catch (err) {
    throw atPath('resource', err);
  }
  return attrs;
}

function readScope(value: unknown): InstrumentationScope {
  if (value === undefined || value === null) return { name: '', version: '' };
  try {
    const o = asObject(value, 'InstrumentationScope');
    return { name: readString(o.name, 'name'), version: readString(o.version, 'version') };
  } catch (err) {
    throw atPath('scope', err);
  }
}

function readSpan(o: JsonObject, resource: Attributes, scope: InstrumentationScope): RawSpan {
  const status = o.status === undefined || o.status === null ? null : asObject(o.status, 'status');
  return {
    traceId: readId(pick(o, 'traceId', 'trace_id'), 16, 'traceId', false) as string,
    spanId: readId(pick(o, 'spanId', 'span_id'), 8, 'spanId', false) as string,
    parentSpanId: readId(pick(o, 'parentSpanId', 'parent_span_id'), 8, 'parentSpanId', true),
    traceState: readString(pick(o, 'traceState', 'trace_state'), 'traceState'),
    name: readString(o.name, 'name'),
    otelKind: readEnum(o.kind, SPAN_KIND_NAMES, SPAN_KIND_MAX, 'kind') as OtelSpanKind,
    startTimeUnixNano: readTime(pick(o, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
    endTimeUnixNano: readTime(pick(o, 'endTimeUnixNano', 'end_time_unix_nano'), 'endTimeUnixNano'),
    attributes: readAttributes(o.attributes, {}),
    events: readList(o.events, 'events', readEvent),
    links: readList(o.links, 'links', readLink),
    statusCode: (status ? readEnum(status.code, STATUS_CODE_NAMES, STATUS_CODE_MAX, 'status.code') : 0) as OtelStatusCode,
    statusMessage: status ? readString(status.message, 'status.message') : '',
    resource,
    scope,
  };
}

function readEvent(o: JsonObject): SpanEvent {
  return {
    name: readString(o.name, 'name'),
    timeUnixNano: readTime(pick(o, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    attributes: readAttributes(o.attributes, {}),
  };
}

function readLink(o: JsonObject): SpanLink {
  return {
    traceId: readId(pick(o, 'traceId', 'trace_id'), 16, 'traceId', false) as string,
    spanId: readId(pick(o, 'spanId', 'span_id'), 8, 'spanId', false) as string,
    attributes: readAttributes(o.attributes, {}),
  };
}

function readLogRecord(o: JsonObject, resource: Attributes, scope: InstrumentationScope): RawLogRecord {
  let body: AttrValue;
  try {
    body = readAnyValue(o.body, 0);
  } catch (err) {
    throw atPath('body', err);
  }
  return {
    timeUnixNano: readTime(pick(o, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    observedTimeUnixNano: readTime(pick(o, 'observedTimeUnixNano', 'observed_time_unix_nano'), 'observedTimeUnixNano'),
    severityNumber: readEnum(pick(o, 'severityNumber', 'severity_number'), SEVERITY_NUMBER_NAMES,
      SEVERITY_NUMBER_MAX, 'severityNumber'),
    severityText: readString(pick(o, 'severityText', 'severity_text'), 'severityText'),
    body,
    attributes: readAttributes(o.attributes, {}),
    eventName: readString(pick(o, 'eventName', 'event_name'), 'eventName'),
    traceId: readId(pick(o, 'traceId', 'trace_id'), 16, 'traceId', true),
    spanId: readId(pick(o, 'spanId', 'span_id'), 8, 'spanId', true),
    resource,
    scope,
  };
}

function readList<T>(value: unknown, field: string, readItem: (o: JsonObject) => T): T[] {
  const items = asArray(value, field);
  const out: T[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    try {
      out[i] = readItem(asObject(items[i], field));
    } catch (err) {
      throw atPath(`${field}[${i}]`, err);
    }
  }
  return out;
}

/** Repeated KeyValue → `target`. */
export function readAttributes(value: unknown, target: Record<string, AttrValue>, depth = 0, field = 'attributes'): Attributes {
  const items = asArray(value, field);
  for (let i = 0; i < items.length; i++) {
    try {
      const kv = asObject(items[i], 'KeyValue');
      setAttr(target, readString(kv.key, 'key'), readAnyValue(kv.value, depth));
    } catch (err) {
      throw atPath(`${field}[${i}]`, err);
    }
  }
  return target;
}

function readAnyValue(value: unknown, depth: number): AttrValue {
  if (value === undefined || value === null) return null;
  if (depth >= MAX_ANY_VALUE_DEPTH) {
    throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  }
  const o = asObject(value, 'AnyValue');
  let v: unknown;
  if ((v = pick(o, 'stringValue', 'string_value')) !== undefined) return readString(v, 'stringValue');
  if ((v = pick(o, 'boolValue', 'bool_value')) !== undefined) return readBool(v);
  if ((v = pick(o, 'intValue', 'int_value')) !== undefined) return readInt(v);
  if ((v = pick(o, 'doubleValue', 'double_value')) !== undefined) return readDouble(v);
  if ((v = pick(o, 'arrayValue', 'array_value')) !== undefined) {
    if (v === null) return [];
    const values = asArray(asObject(v, 'arrayValue').values, 'arrayValue.values');
    const out: AttrValue[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      try {
        out[i] = readAnyValue(values[i], depth + 1);
      } catch (err) {
        throw atPath(`arrayValue.values[${i}]`, err);
      }
    }
    return out;
  }
  if ((v = pick(o, 'kvlistValue', 'kvlist_value')) !== undefined) {
    if (v === null) return {};
    return readAttributes(asObject(v, 'kvlistValue').values, {}, depth + 1, 'kvlistValue.values');
  }
  if ((v = pick(o, 'bytesValue', 'bytes_value')) !== undefined) {
    if (v === null) return null;
    const bytes = typeof v === 'string' ? base64ToBytes(v) : null;
    if (!bytes) throw new OtlpDecodeError('not base64', 'bytesValue');
    return bytesToBase64(bytes);
  }
  return null;
}

function readBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new OtlpDecodeError(`expected a boolean, got ${describe(v)}`, 'boolValue');
}

/** int64: a safe integer stays a number, anything larger becomes its exact decimal string. */
export function readInt(v: unknown): AttrValue {
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
    return parseInt64Text(BigInt(v).toString()) ?? v;
  }
  if (typeof v === 'string') {
    const parsed = parseInt64Text(v);
    if (parsed !== null) return parsed;
    // Beyond int64: some senders put any JS integer here; keep it as the (rounded) number.
    if (/^[+-]?\d+$/.test(v)) return Number(v);
  }
  throw new OtlpDecodeError(`expected an integer, got ${describe(v)}`, 'intValue');
}

export function readDouble(v: unknown): AttrValue {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = v === 'NaN' ? NaN : Number(v);
    if (v.trim() !== '' && (!Number.isNaN(n) || v === 'NaN')) return n;
  }
  if (v === null) return null;
  throw new OtlpDecodeError(`expected a number, got ${describe(v)}`, 'doubleValue');
}

/** Ids: lowercase hex of `bytes` bytes (the OTLP/JSON rule) or base64 of them (protobuf-JSON mapping). */
function readId(v: unknown, bytes: number, field: string, optional: boolean): string | null {
  if (v === undefined || v === null || v === '') {
    if (optional) return null;
    throw new OtlpDecodeError(`missing (must be hex or base64 of ${bytes} bytes)`, field);
  }
  if (typeof v === 'string') {
    const hex = normalizeHex(v, bytes);
    if (hex !== null) return hex;
    const raw = base64ToBytes(v);
    if (raw !== null && raw.length === bytes) return bytesToHex(raw, 0, bytes);
  }
  throw new OtlpDecodeError(`${describe(v)} is not hex or base64 of ${bytes} bytes`, field);
}

export function readTime(v: unknown, field: string): string {
  if (v === undefined || v === null) return '0';
  if (typeof v === 'string') {
    const s = normalizeUint64Decimal(v);
    if (s !== null) return s;
  } else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
  }
  throw new OtlpDecodeError(`expected unsigned nanoseconds, got ${describe(v)}`, field);
}

export function readEnum(v: unknown, names: readonly string[], max: number, field: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return enumOrZero(v, max);
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return enumOrZero(Number(v), max);
    const index = names.indexOf(v);
    if (index >= 0) return index;
  }
  throw new OtlpDecodeError(`unknown value ${describe(v)}`, field);
}

export function readString(v: unknown, field: string): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  throw new OtlpDecodeError(`expected a string, got ${describe(v)}`, field);
}

export function pick(o: JsonObject, camel: string, snake: string): unknown {
  const v = o[camel];
  return v === undefined ? o[snake] : v;
}

export function asObject(v: unknown, what: string): JsonObject {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as JsonObject;
  throw new OtlpDecodeError(`${what} must be a JSON object, got ${describe(v)}`);
}

export function asArray(v: unknown, field: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  throw new OtlpDecodeError(`expected an array, got ${describe(v)}`, field);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return String(v);
}
