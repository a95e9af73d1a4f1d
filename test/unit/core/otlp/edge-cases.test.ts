// Hand-written edge cases: the many spellings of OTLP/JSON, and malformed input of both encodings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_ANY_VALUE_DEPTH, OtlpDecodeError, decodeRequest, encodeTracesProtobuf, type OtlpSignal,
} from '../../../../src/core/otlp';
import { WireWriter } from '../../../../src/core/otlp/wire-writer';
import type { RawSpan } from '../../../../src/core/model/types';

const TRACE_HEX = '5b8efff798038103d269b633813fc60c';
const SPAN_HEX = 'eee19b7ec3c1b174';
const TRACE_B64 = Buffer.from(TRACE_HEX, 'hex').toString('base64');
const SPAN_B64 = Buffer.from(SPAN_HEX, 'hex').toString('base64');

const json = (value: unknown, signal: OtlpSignal = 'traces') =>
  decodeRequest(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)), signal, 'json');
const oneSpan = (span: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  json({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: [span] }], ...extra }] });

function throwsDecode(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof OtlpDecodeError, `expected OtlpDecodeError, got ${String(err)}`);
    assert.match(err.message, message);
    return true;
  });
}

test('JSON: base64 ids, snake_case keys, enum names, string ints and string times', () => {
  const [span] = json({
    resource_spans: [{
      resource: { attributes: [{ key: 'service.name', value: { string_value: 'svc' } }] },
      scope_spans: [{
        scope: { name: 'lib', version: '2' },
        spans: [{
          trace_id: TRACE_B64, span_id: SPAN_B64, parent_span_id: '', name: 'op', kind: 'SPAN_KIND_CLIENT',
          start_time_unix_nano: '1795271778701000001', end_time_unix_nano: 1795271778,
          attributes: [
            { key: 'i', value: { int_value: '42' } },
            { key: 'big', value: { intValue: '9223372036854775807' } },
            { key: 'neg', value: { intValue: -7 } },
            { key: 'd', value: { double_value: '1.5' } },
            { key: 'inf', value: { doubleValue: '-Infinity' } },
            { key: 'b', value: { bool_value: true } },
            { key: 'bytes', value: { bytes_value: '3q2-7w' } },
            { key: 'arr', value: { array_value: { values: [{ stringValue: 'x' }, {}] } } },
            { key: 'kv', value: { kvlist_value: { values: [{ key: 'k', value: { intValue: 1 } }] } } },
            { key: 'empty', value: {} },
          ],
          events: [{ time_unix_nano: '5', name: 'ev', attributes: [] }],
          links: [{ trace_id: TRACE_HEX.toUpperCase(), span_id: SPAN_HEX }],
          status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
        }],
      }],
    }],
  }).spans;
  assert.equal(span.traceId, TRACE_HEX);
  assert.equal(span.spanId, SPAN_HEX);
  assert.equal(span.parentSpanId, null);
  assert.equal(span.otelKind, 3);
  assert.equal(span.startTimeUnixNano, '1795271778701000001');
  assert.equal(span.endTimeUnixNano, '1795271778');
  assert.deepStrictEqual(span.attributes, {
    i: 42, big: '9223372036854775807', neg: -7, d: 1.5, inf: -Infinity, b: true, bytes: '3q2+7w==',
    arr: ['x', null], kv: { k: 1 }, empty: null,
  });
  assert.deepStrictEqual(span.events, [{ name: 'ev', timeUnixNano: '5', attributes: {} }]);
  assert.deepStrictEqual(span.links, [{ traceId: TRACE_HEX, spanId: SPAN_HEX, attributes: {} }]);
  assert.equal(span.statusCode, 2);
  assert.equal(span.statusMessage, 'boom');
  assert.deepStrictEqual(span.resource, { 'service.name': 'svc' });
  assert.deepStrictEqual(span.scope, { name: 'lib', version: '2' });
});

test('JSON: numbers above 2^53 in times and intValue keep every digit', () => {
  const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_HEX}","spanId":"${SPAN_HEX}",`
    + '"startTimeUnixNano":1795271778701000001,"endTimeUnixNano": 18446744073709551615,'
    + '"attributes":[{"key":"n","value":{"intValue":-9223372036854775808}},'
    + '{"key":"s","value":{"stringValue":"x:1234567890123456789"}},{"key":"d","value":{"doubleValue":1e300}}]}]}]}]}';
  const [span] = json(text).spans;
  assert.equal(span.startTimeUnixNano, '1795271778701000001');
  assert.equal(span.endTimeUnixNano, '18446744073709551615');
  assert.deepStrictEqual(span.attributes, { n: '-9223372036854775808', s: 'x:1234567890123456789', d: 1e300 });
});

test('JSON: the pre-1.0 instrumentationLibrarySpans / instrumentationLibraryLogs shapes', () => {
  const { spans } = json({
    resourceSpans: [{
      instrumentationLibrarySpans: [{
        instrumentationLibrary: { name: 'old-lib', version: '0.1' },
        spans: [{ traceId: TRACE_HEX, spanId: SPAN_HEX, name: 'legacy', kind: 'SPAN_KIND_SERVER' }],
      }],
    }],
  });
  assert.equal(spans.length, 1);
  assert.deepStrictEqual(spans[0].scope, { name: 'old-lib', version: '0.1' });
  assert.equal(spans[0].otelKind, 2);
  assert.equal(spans[0].startTimeUnixNano, '0');

  const { logs } = json({
    resource_logs: [{
      instrumentation_library_logs: [{
        instrumentation_library: { name: 'old-logs' },
        log_records: [{
          time_unix_nano: '7', severity_number: 'SEVERITY_NUMBER_WARN2', severity_text: 'WARN', body: { stringValue: 'hi' },
          trace_id: TRACE_B64, span_id: '', event_name: 'e',
        }],
      }],
    }],
  }, 'logs');
  assert.deepStrictEqual(logs[0], {
    timeUnixNano: '7', observedTimeUnixNano: '0', severityNumber: 14, severityText: 'WARN', body: 'hi', attributes: {},
    eventName: 'e', traceId: TRACE_HEX, spanId: null, resource: {}, scope: { name: 'old-logs', version: '' },
  });
});

test('JSON: an empty request and an empty object decode to nothing', () => {
  assert.deepStrictEqual(json({}), { spans: [], logs: [] });
  assert.deepStrictEqual(json({ resourceLogs: [] }, 'logs'), { spans: [], logs: [] });
});

test('JSON: errors name the place and the reason', () => {
  const good = { traceId: TRACE_HEX, spanId: SPAN_HEX };
  throwsDecode(() => oneSpan({ ...good, traceId: 'abc' }), /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: "abc" is not hex or base64 of 16 bytes$/);
  throwsDecode(() => oneSpan({ ...good, spanId: TRACE_HEX }), /spans\[0\]\.spanId: .* is not hex or base64 of 8 bytes/);
  throwsDecode(() => oneSpan({ spanId: SPAN_HEX }), /spans\[0\]\.traceId: missing/);
  throwsDecode(() => oneSpan({ ...good, kind: 'SPAN_KIND_BOGUS' }), /spans\[0\]\.kind: unknown value "SPAN_KIND_BOGUS"/);
  throwsDecode(() => oneSpan({ ...good, startTimeUnixNano: '-1' }), /startTimeUnixNano: expected unsigned nanoseconds/);
  throwsDecode(() => oneSpan({ ...good, startTimeUnixNano: '18446744073709551616' }), /startTimeUnixNano/);
  throwsDecode(() => oneSpan({ ...good, name: 5 }), /spans\[0\]\.name: expected a string, got 5/);
  throwsDecode(() => oneSpan({ ...good, attributes: [{ key: 'a', value: { intValue: 'x1' } }] }),
    /spans\[0\]\.attributes\[0\]\.intValue: expected an integer/);
  throwsDecode(() => oneSpan({ ...good, events: [{ name: 'e', attributes: {} }] }), /events\[0\]\.attributes: expected an array/);
  throwsDecode(() => oneSpan({ ...good, links: [{ traceId: TRACE_HEX, spanId: 'zz' }] }), /links\[0\]\.spanId/);
  throwsDecode(() => oneSpan({ ...good, attributes: [{ key: 'b', value: { bytesValue: '%%%' } }] }), /bytesValue: not base64/);
  throwsDecode(() => json({ resourceSpans: {} }), /^resourceSpans: expected an array, got an object$/);
  throwsDecode(() => json({ resourceSpans: [{ scopeSpans: [{ spans: [7] }] }] }), /spans\[0\]: Span must be a JSON object/);
  throwsDecode(() => json({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: 'x' }] }] }] }, 'logs'),
    /^resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\.traceId/);
});

test('JSON: garbage and non-object bodies are OtlpDecodeError', () => {
  for (const body of ['', '{', 'null', '[]', '42', '"x"', '{"resourceSpans":[1,]}', '\u0000\u0001', 'not json at all']) {
    throwsDecode(() => json(body), /./);
  }
  throwsDecode(() => decodeRequest(new Uint8Array([0xff, 0xfe, 0x00]), 'traces', 'json'), /invalid JSON/);
});

test('JSON: AnyValue nesting is limited', () => {
  let value: unknown = { stringValue: 'leaf' };
  for (let i = 0; i < MAX_ANY_VALUE_DEPTH + 5; i++) value = { arrayValue: { values: [value] } };
  throwsDecode(() => oneSpan({ traceId: TRACE_HEX, spanId: SPAN_HEX, attributes: [{ key: 'deep', value }] }),
    new RegExp(`nested deeper than ${MAX_ANY_VALUE_DEPTH}`));
});

test('a "__proto__" attribute key is stored as data, not as a prototype', () => {
  const [span] = oneSpan({
    traceId: TRACE_HEX, spanId: SPAN_HEX,
    attributes: [{ key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } }],
  }).spans;
  assert.equal(Object.getPrototypeOf(span.attributes), Object.prototype);
  assert.deepStrictEqual(Object.keys(span.attributes), ['__proto__']);
  assert.equal((span.attributes as Record<string, unknown>).polluted, undefined);
});

// ---- protobuf ----

const baseSpan: RawSpan = {
  traceId: TRACE_HEX, spanId: SPAN_HEX, parentSpanId: null, traceState: '', name: 'op', otelKind: 1,
  startTimeUnixNano: '1795271778701000001', endTimeUnixNano: '18446744073709551615', attributes: { a: 1 },
  events: [], links: [], statusCode: 0, statusMessage: '', resource: {}, scope: { name: '', version: '' },
};

/** ExportTraceServiceRequest { resource_spans { scope_spans { spans: <span> } } } around raw span bytes. */
function wrapSpan(span: WireWriter): Uint8Array {
  const scopeSpans = new WireWriter().message(2, span);
  const resourceSpans = new WireWriter().message(2, scopeSpans);
  return new WireWriter().message(1, resourceSpans).finish();
}
const proto = (body: Uint8Array, signal: OtlpSignal = 'traces') => decodeRequest(body, signal, 'protobuf');

test('protobuf: fixed64 times and int64 values are exact', () => {
  const span = new WireWriter()
    .bytes(1, Buffer.from(TRACE_HEX, 'hex')).bytes(2, Buffer.from(SPAN_HEX, 'hex'))
    .fixed64Field(7, 0xffffffff, 0xffffffff)
    .fixed64Field(8, 1, 0x200000)
    .message(9, new WireWriter().string(1, 'max').message(2, new WireWriter().tag(3, 0).varint64(0xffffffff, 0x7fffffff)))
    .message(9, new WireWriter().string(1, 'min').message(2, new WireWriter().tag(3, 0).varint64(0, 0x80000000)))
    .message(9, new WireWriter().string(1, 'minus1').message(2, new WireWriter().tag(3, 0).varint64(0xffffffff, 0xffffffff)))
    .message(9, new WireWriter().string(1, 'safe').message(2, new WireWriter().tag(3, 0).varint64(0xffffffff, 0x1fffff)));
  const [decoded] = proto(wrapSpan(span)).spans;
  assert.equal(decoded.startTimeUnixNano, '18446744073709551615');
  assert.equal(decoded.endTimeUnixNano, String((0x200000n << 32n) + 1n));
  assert.deepStrictEqual(decoded.attributes, {
    max: '9223372036854775807', min: '-9223372036854775808', minus1: -1, safe: Number.MAX_SAFE_INTEGER,
  });
});

test('protobuf: unknown fields of every wire type are skipped', () => {
  const span = new WireWriter()
    .uint(99, 12345)
    .bytes(1, Buffer.from(TRACE_HEX, 'hex')).bytes(2, Buffer.from(SPAN_HEX, 'hex'))
    .fixed64Field(98, 1, 2)
    .string(97, 'ignored')
    .tag(96, 5).fixed32(7)
    .string(5, 'named');
  const [decoded] = proto(wrapSpan(span)).spans;
  assert.equal(decoded.name, 'named');
  assert.equal(decoded.traceId, TRACE_HEX);
});

test('protobuf: empty parent id is null, invalid UTF-8 is replaced, unknown enum numbers are unspecified', () => {
  const span = new WireWriter()
    .bytes(1, Buffer.from(TRACE_HEX, 'hex')).bytes(2, Buffer.from(SPAN_HEX, 'hex')).bytes(4, new Uint8Array(0))
    .bytes(5, new Uint8Array([0x61, 0xff, 0x62])).uint(6, 77);
  const [decoded] = proto(wrapSpan(span)).spans;
  assert.equal(decoded.parentSpanId, null);
  assert.equal(decoded.name, 'a\ufffdb');
  assert.equal(decoded.otelKind, 0);
});

test('protobuf: malformed input is an OtlpDecodeError naming the place', () => {
  const ids = () => new WireWriter().bytes(1, Buffer.from(TRACE_HEX, 'hex')).bytes(2, Buffer.from(SPAN_HEX, 'hex'));
  throwsDecode(() => proto(wrapSpan(new WireWriter().bytes(1, new Uint8Array(5)).bytes(2, new Uint8Array(8)))),
    /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: must be 16 bytes, got 5$/);
  throwsDecode(() => proto(wrapSpan(new WireWriter().bytes(1, new Uint8Array(16)))), /spans\[0\]\.spanId: must be 8 bytes, got 0/);
  throwsDecode(() => proto(wrapSpan(ids().bytes(4, new Uint8Array(3)))), /spans\[0\]\.parentSpanId: must be 8 bytes, got 3/);
  throwsDecode(() => proto(wrapSpan(ids().uint(5, 1))), /spans\[0\]\.name: wire type varint, expected length-delimited/);
  throwsDecode(() => proto(wrapSpan(ids().uint(7, 1))), /startTimeUnixNano: wire type varint, expected fixed64/);
  throwsDecode(() => proto(wrapSpan(ids().message(11, new WireWriter().uint(1, 5)))), /spans\[0\]\.events\[0\]\.timeUnixNano/);
  throwsDecode(() => proto(wrapSpan(ids().message(13, new WireWriter().bytes(1, new Uint8Array(16))))), /links\[0\]\.spanId/);
  throwsDecode(() => proto(wrapSpan(ids().message(9, new WireWriter().string(1, 'k').message(2, new WireWriter().uint(1, 3))))),
    /attributes\[0\]\.stringValue: wire type varint/);
  throwsDecode(() => proto(wrapSpan(ids().tag(20, 3))), /unsupported wire type 3/);
  throwsDecode(() => proto(new Uint8Array([0x0a, 0x80, 0x80, 0x80, 0x80, 0x0f])), /runs past the end/);
  throwsDecode(() => proto(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
    /varint longer than 10 bytes/);
  throwsDecode(() => proto(new Uint8Array([0x10, 0x80])), /truncated varint/);
  throwsDecode(() => proto(new Uint8Array([0x00, 0x00])), /invalid field tag 0/);
  throwsDecode(() => proto(new Uint8Array([0x10])), /truncated varint/);
  throwsDecode(() => proto(new Uint8Array([0x08, 0x01]), 'logs'), /^resourceLogs\[0\]: wire type varint/);
  throwsDecode(() => proto(new WireWriter().message(1, new WireWriter().message(2, new WireWriter()
    .message(2, new WireWriter().bytes(9, new Uint8Array(4))))).finish(), 'logs'),
  /^resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\.traceId: must be 16 bytes, got 4$/);
});

test('protobuf: a nested field running past its message end is rejected', () => {
  // scope_spans claims 3 bytes but its inner span field declares 5 bytes that spill into the parent
  const inner = new Uint8Array([0x12, 0x05, 0x0a, 0x00, 0x00, 0x00, 0x00]);
  const body = new WireWriter().bytes(1, new Uint8Array([0x12, 0x03, ...inner])).finish();
  throwsDecode(() => proto(body), /resourceSpans\[0\]/);
});

test('protobuf: AnyValue nesting is limited, so a deep body cannot exhaust the stack', () => {
  let value = new WireWriter().string(1, 'leaf');
  for (let i = 0; i < 10_000; i++) value = new WireWriter().message(5, new WireWriter().message(1, value));
  const span = new WireWriter()
    .bytes(1, Buffer.from(TRACE_HEX, 'hex')).bytes(2, Buffer.from(SPAN_HEX, 'hex'))
    .message(9, new WireWriter().string(1, 'deep').message(2, value));
  throwsDecode(() => proto(wrapSpan(span)), new RegExp(`attributes\\[0\\]: AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH}`));
});

test('protobuf: random bytes never throw anything but OtlpDecodeError', () => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const valid = encodeTracesProtobuf([baseSpan, { ...baseSpan, spanId: 'aaaaaaaaaaaaaaaa', attributes: { x: [1, { y: 'z' }] } }]);
  for (let i = 0; i < 2000; i++) {
    const body = valid.slice();
    const flips = 1 + (next() % 4);
    for (let f = 0; f < flips; f++) body[next() % body.length] = next() % 256;
    for (const signal of ['traces', 'logs'] as const) {
      try {
        proto(body, signal);
      } catch (err) {
        assert.ok(err instanceof OtlpDecodeError, `iteration ${i}: ${String(err)}`);
      }
    }
  }
});
