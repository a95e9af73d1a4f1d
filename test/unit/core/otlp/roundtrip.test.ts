// The codec's own encoders (OTLP/JSON and protobuf) against its decoders: decode(encode(x)) == x.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeRequest, encodeExportResponse, encodeLogsJson, encodeLogsProtobuf, encodeTracesJson, encodeTracesProtobuf,
} from '../../../../src/core/otlp';
import { inGroupOrder, rawLog, rawSpan } from './arbitraries';

const jsonBytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

test('spans survive encodeTracesJson and encodeTracesProtobuf round trips', () => {
  fc.assert(
    fc.property(fc.array(rawSpan, { maxLength: 5 }), (spans) => {
      const expected = { spans: inGroupOrder(spans), logs: [] };
      assert.deepStrictEqual(decodeRequest(jsonBytes(encodeTracesJson(spans)), 'traces', 'json'), expected);
      assert.deepStrictEqual(decodeRequest(encodeTracesProtobuf(spans), 'traces', 'protobuf'), expected);
    }),
    { numRuns: 100 },
  );
});

test('log records survive encodeLogsJson and encodeLogsProtobuf round trips', () => {
  fc.assert(
    fc.property(fc.array(rawLog, { maxLength: 5 }), (logs) => {
      const expected = { spans: [], logs: inGroupOrder(logs) };
      assert.deepStrictEqual(decodeRequest(jsonBytes(encodeLogsJson(logs)), 'logs', 'json'), expected);
      assert.deepStrictEqual(decodeRequest(encodeLogsProtobuf(logs), 'logs', 'protobuf'), expected);
    }),
    { numRuns: 100 },
  );
});

test('encodeTracesJson writes OTLP/JSON: hex ids, string times, intValue strings, grouped by resource and scope', () => {
  const base = {
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: null, traceState: '',
    name: 'root', otelKind: 2 as const, startTimeUnixNano: '1795271778701000000', endTimeUnixNano: '1795271778732088689',
    attributes: { n: 3, d: 0.5, big: '9007199254740993', list: [1, 'a'], obj: { k: true } }, events: [], links: [],
    statusCode: 2 as const, statusMessage: 'boom', resource: { 'service.name': 'svc' }, scope: { name: 'lib', version: '1' },
  };
  const other = { ...base, spanId: 'b7ad6b7169203332', parentSpanId: 'b7ad6b7169203331', scope: { name: 'lib2', version: '' } };
  const third = { ...base, spanId: 'b7ad6b7169203333', resource: { 'service.name': 'svc' } };
  const json = encodeTracesJson([base, other, third]) as {
    resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: Record<string, unknown>[] }[] }[];
  };
  assert.equal(json.resourceSpans.length, 1, 'equal resources share one ResourceSpans');
  const [first, second] = json.resourceSpans[0].scopeSpans;
  assert.deepStrictEqual(first.spans.map((s) => s.spanId), ['b7ad6b7169203331', 'b7ad6b7169203333']);
  assert.deepStrictEqual(second.scope, { name: 'lib2', version: '' });
  const span = first.spans[0];
  assert.equal(span.startTimeUnixNano, '1795271778701000000');
  assert.equal('parentSpanId' in span, false);
  assert.equal(second.spans[0].parentSpanId, 'b7ad6b7169203331');
  assert.deepStrictEqual(span.status, { code: 2, message: 'boom' });
  assert.deepStrictEqual(span.attributes, [
    { key: 'n', value: { intValue: '3' } },
    { key: 'd', value: { doubleValue: 0.5 } },
    { key: 'big', value: { stringValue: '9007199254740993' } },
    { key: 'list', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'a' }] } } },
    { key: 'obj', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } } },
  ]);
});

/** ExportTraceServiceResponse decoded by hand: partial_success=1 { rejected=1 varint, error_message=2 }. */
function readPartialSuccess(bytes: Uint8Array): { rejected: number; message: string } | null {
  if (bytes.length === 0) return null;
  assert.equal(bytes[0], 0x0a, 'field 1, length-delimited');
  assert.equal(bytes[1], bytes.length - 2);
  let pos = 2;
  let rejected = 0;
  let message = '';
  while (pos < bytes.length) {
    const tag = bytes[pos++];
    if (tag === 0x08) {
      let shift = 0;
      let b: number;
      do {
        b = bytes[pos++];
        rejected += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
    } else if (tag === 0x12) {
      const len = bytes[pos++];
      message = new TextDecoder().decode(bytes.subarray(pos, pos + len));
      pos += len;
    } else {
      assert.fail(`unexpected tag ${tag}`);
    }
  }
  return { rejected, message };
}

test('export responses: empty on success, partial_success in protobuf and JSON', () => {
  assert.equal(encodeExportResponse('traces', 'protobuf').length, 0);
  assert.deepStrictEqual(JSON.parse(new TextDecoder().decode(encodeExportResponse('traces', 'json'))), {});
  assert.deepStrictEqual(
    readPartialSuccess(encodeExportResponse('traces', 'protobuf', { rejected: 300, message: 'bad span' })),
    { rejected: 300, message: 'bad span' },
  );
  assert.deepStrictEqual(
    readPartialSuccess(encodeExportResponse('logs', 'protobuf', { rejected: 2, message: 'x' })),
    { rejected: 2, message: 'x' },
  );
  assert.deepStrictEqual(
    JSON.parse(new TextDecoder().decode(encodeExportResponse('traces', 'json', { rejected: 3, message: 'too old' }))),
    { partialSuccess: { rejectedSpans: '3', errorMessage: 'too old' } },
  );
  assert.deepStrictEqual(
    JSON.parse(new TextDecoder().decode(encodeExportResponse('logs', 'json', { rejected: 1, message: 'm' }))),
    { partialSuccess: { rejectedLogRecords: '1', errorMessage: 'm' } },
  );
});

test('protobuf responses parse with the OTel exporter\'s own response deserializer', async () => {
  const { ProtobufTraceSerializer, ProtobufLogsSerializer } = await import('@opentelemetry/otlp-transformer');
  const traces = ProtobufTraceSerializer.deserializeResponse(
    encodeExportResponse('traces', 'protobuf', { rejected: 7, message: 'dropped' }),
  );
  assert.equal(Number(traces.partialSuccess?.rejectedSpans), 7);
  assert.equal(traces.partialSuccess?.errorMessage, 'dropped');
  const logs = ProtobufLogsSerializer.deserializeResponse(
    encodeExportResponse('logs', 'protobuf', { rejected: 4, message: 'x' }),
  );
  assert.equal(Number(logs.partialSuccess?.rejectedLogRecords), 4);
});
