// Property tests against an independent encoder: @opentelemetry/otlp-transformer serializes SDK spans and
// log records as OTLP/JSON and protobuf; both bodies must decode to the same, expected DecodedRequest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HrTime, Link, SpanContext, SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { decodeRequest } from '../../../../src/core/otlp';
import type { Attributes, RawLogRecord, RawSpan } from '../../../../src/core/model/types';
import { expectedValue, hexId, nanos, sdkAttributes, sdkValue, text } from './arbitraries';

const NS = 1_000_000_000n;
const hr = (ns: bigint): HrTime => [Number(ns / NS), Number(ns % NS)];
const ctx = (traceId: string, spanId: string): SpanContext => ({ traceId, spanId, traceFlags: 1 });
const expectedAttrs = (a: Record<string, unknown>): Attributes => expectedValue(a) as Attributes;

const resources = [
  resourceFromAttributes({ 'service.name': 'svc-a', 'process.pid': 42 }),
  resourceFromAttributes({ 'service.name': 'svc-b', tags: ['x', 'y'] }),
];
const scopes = [{ name: 'lib-x', version: '1.2.3' }, { name: 'lib-y' }];

const sdkSpan = fc.record({
  traceId: hexId(16),
  spanId: hexId(8),
  parentSpanId: fc.option(hexId(8), { nil: undefined }),
  name: text,
  kind: fc.integer({ min: 0, max: 4 }),
  start: nanos,
  end: nanos,
  attributes: sdkAttributes,
  events: fc.array(fc.record({ name: text, time: nanos, attributes: sdkAttributes }), { maxLength: 2 }),
  links: fc.array(fc.record({ traceId: hexId(16), spanId: hexId(8), attributes: sdkAttributes }), { maxLength: 2 }),
  statusCode: fc.integer({ min: 0, max: 2 }),
  statusMessage: fc.option(text, { nil: undefined }),
  resource: fc.integer({ min: 0, max: 1 }),
  scope: fc.integer({ min: 0, max: 1 }),
});
type SdkSpanModel = typeof sdkSpan extends fc.Arbitrary<infer T> ? T : never;

function toReadableSpan(m: SdkSpanModel): ReadableSpan {
  return {
    name: m.name,
    kind: m.kind as SpanKind,
    spanContext: () => ctx(m.traceId, m.spanId),
    parentSpanContext: m.parentSpanId ? ctx(m.traceId, m.parentSpanId) : undefined,
    startTime: hr(m.start),
    endTime: hr(m.end),
    status: { code: m.statusCode, message: m.statusMessage },
    attributes: m.attributes as ReadableSpan['attributes'],
    links: m.links.map((l): Link => ({ context: ctx(l.traceId, l.spanId), attributes: l.attributes as Link['attributes'] })),
    events: m.events.map((e): TimedEvent => ({ name: e.name, time: hr(e.time), attributes: e.attributes as TimedEvent['attributes'] })),
    duration: [0, 0],
    ended: true,
    resource: resources[m.resource],
    instrumentationScope: scopes[m.scope],
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function expectedSpan(m: SdkSpanModel): RawSpan {
  return {
    traceId: m.traceId,
    spanId: m.spanId,
    parentSpanId: m.parentSpanId ?? null,
    traceState: '',
    name: m.name,
    otelKind: (m.kind + 1) as RawSpan['otelKind'],
    startTimeUnixNano: String(m.start),
    endTimeUnixNano: String(m.end),
    attributes: expectedAttrs(m.attributes),
    events: m.events.map((e) => ({ name: e.name, timeUnixNano: String(e.time), attributes: expectedAttrs(e.attributes) })),
    links: m.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: expectedAttrs(l.attributes) })),
    statusCode: m.statusCode as RawSpan['statusCode'],
    statusMessage: m.statusMessage ?? '',
    resource: expectedAttrs(resources[m.resource].attributes),
    scope: { name: scopes[m.scope].name, version: scopes[m.scope].version ?? '' },
  };
}

/** The transformer groups by resource then scope; the decoder returns that order. */
function groupOrder<T extends { resource: number; scope: number }>(models: T[]): T[] {
  const order: T[] = [];
  for (const r of [...new Set(models.map((m) => m.resource))]) {
    const ofResource = models.filter((m) => m.resource === r);
    for (const s of [...new Set(ofResource.map((m) => m.scope))]) order.push(...ofResource.filter((m) => m.scope === s));
  }
  return order;
}

test('spans serialized by otlp-transformer decode identically from JSON and protobuf', () => {
  fc.assert(
    fc.property(fc.array(sdkSpan, { minLength: 1, maxLength: 4 }), (models) => {
      const spans = models.map(toReadableSpan);
      const fromJson = decodeRequest(JsonTraceSerializer.serializeRequest(spans)!, 'traces', 'json');
      const fromProto = decodeRequest(ProtobufTraceSerializer.serializeRequest(spans)!, 'traces', 'protobuf');
      const expected = { spans: groupOrder(models).map(expectedSpan), logs: [] };
      assert.deepStrictEqual(fromProto, expected);
      assert.deepStrictEqual(fromJson, expected);
    }),
    { numRuns: 100 },
  );
});

const sdkLog = fc.record({
  time: nanos,
  observed: nanos,
  severityNumber: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  severityText: fc.option(fc.constantFrom('INFO', 'WARN', 'ERROR'), { nil: undefined }),
  body: fc.option(sdkValue, { nil: undefined }),
  eventName: fc.option(fc.constantFrom('gen_ai.user.message', 'gen_ai.choice'), { nil: undefined }),
  span: fc.option(fc.record({ traceId: hexId(16), spanId: hexId(8) }), { nil: undefined }),
  attributes: sdkAttributes,
  resource: fc.integer({ min: 0, max: 1 }),
  scope: fc.integer({ min: 0, max: 1 }),
});
type SdkLogModel = typeof sdkLog extends fc.Arbitrary<infer T> ? T : never;

function toReadableLog(m: SdkLogModel): ReadableLogRecord {
  return {
    hrTime: hr(m.time),
    hrTimeObserved: hr(m.observed),
    spanContext: m.span ? ctx(m.span.traceId, m.span.spanId) : undefined,
    severityText: m.severityText,
    severityNumber: m.severityNumber,
    body: m.body as ReadableLogRecord['body'],
    eventName: m.eventName,
    resource: resources[m.resource],
    instrumentationScope: scopes[m.scope],
    attributes: m.attributes as ReadableLogRecord['attributes'],
    droppedAttributesCount: 0,
  };
}

function expectedLog(m: SdkLogModel): RawLogRecord {
  return {
    timeUnixNano: String(m.time),
    observedTimeUnixNano: String(m.observed),
    severityNumber: m.severityNumber ?? 0,
    severityText: m.severityText ?? '',
    body: expectedValue(m.body),
    attributes: expectedAttrs(m.attributes),
    eventName: m.eventName ?? '',
    traceId: m.span?.traceId ?? null,
    spanId: m.span?.spanId ?? null,
    resource: expectedAttrs(resources[m.resource].attributes),
    scope: { name: scopes[m.scope].name, version: scopes[m.scope].version ?? '' },
  };
}

test('log records serialized by otlp-transformer decode identically from JSON and protobuf', () => {
  fc.assert(
    fc.property(fc.array(sdkLog, { minLength: 1, maxLength: 4 }), (models) => {
      const records = models.map(toReadableLog);
      const fromJson = decodeRequest(JsonLogsSerializer.serializeRequest(records)!, 'logs', 'json');
      const fromProto = decodeRequest(ProtobufLogsSerializer.serializeRequest(records)!, 'logs', 'protobuf');
      const expected = { spans: [], logs: groupOrder(models).map(expectedLog) };
      assert.deepStrictEqual(fromProto, expected);
      assert.deepStrictEqual(fromJson, expected);
    }),
    { numRuns: 100 },
  );
});
