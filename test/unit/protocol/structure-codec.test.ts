// The one columnar codec of span structures (worker → host: typed arrays by structured clone; host → webview:
// the same with span ids as one string): unpacking any form gives back what was packed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SpanStructure } from '../../../src/core/model/store-types';
import type { TreeSpan } from '../../../src/protocol/messages';
import { fromWire, packTransferable, packWire, toWire, unpackStructure, type WireStructure } from '../../../src/protocol/structure-codec';
import { span as treeSpan } from '../webview/helpers';

function span(over: Partial<SpanStructure>): SpanStructure {
  return {
    traceId: 'a'.repeat(32), spanId: '0000000000000001', parentSpanId: null, name: 'agent run', kind: 'agent', service: 'svc',
    startTimeUnixNano: '1770000000000000000', endTimeUnixNano: '1770000000500000000', durationMs: 500, status: 'unset',
    errorType: null, requestModel: null, inputTokens: null, outputTokens: null, costUsd: null, toolName: null, code: null, ...over,
  };
}

/** What the page reads: the wire form after the hop to the webview (a structured clone). */
const viaWebview = (spans: readonly TreeSpan[]): TreeSpan[] => unpackStructure(fromWire(structuredClone(packWire(spans))));

test('round trip keeps nulls, zeros, external and duplicate parents, odd times and code locations', () => {
  const spans = [
    span({}),
    span({ spanId: '0000000000000002', parentSpanId: '0000000000000001', kind: 'llm', requestModel: 'gpt', inputTokens: 0, outputTokens: 7, costUsd: 0.25 }),
    span({ spanId: '0000000000000003', parentSpanId: 'ffffffffffffffff', service: null, status: 'error', errorType: 'Timeout', durationMs: 0 }),
    span({ spanId: '0000000000000004', parentSpanId: 'ffffffffffffffff', startTimeUnixNano: '0', endTimeUnixNano: '18446744073709551615' }),
    span({ spanId: '0000000000000002', parentSpanId: '0000000000000002', name: '', toolName: 'search',
      code: { filePath: 'src/a.ts', line: 3, column: null, function: 'run', stacktrace: null } }),
    span({ spanId: '0000000000000005', parentSpanId: '0000000000000006', startTimeUnixNano: '017', endTimeUnixNano: 'soon' }),
    span({ spanId: '0000000000000006', traceId: 'b'.repeat(32) }),
  ];
  const packed = packTransferable(spans);
  assert.deepEqual(packed.externalParents, ['ffffffffffffffff'], 'an absent parent is stored once, by id');
  assert.deepEqual(unpackStructure(packed), spans);
  assert.deepEqual(unpackStructure(structuredClone(packTransferable(spans))), spans, 'after the hop from the worker thread');
  assert.deepEqual(viaWebview(spans), spans, 'after the hop to the webview');
  assert.deepEqual(viaWebview([]), []);
  assert.deepEqual(unpackStructure(packTransferable([])), []);
});

test('badges round trip; spans without badges get no badges key', () => {
  const spans: TreeSpan[] = [
    treeSpan('r', null, 0, 100, { kind: 'agent', service: 'svc' }),
    treeSpan('o', 'gone', 20, 1, { status: 'error', errorType: 'Boom', badges: [{ text: 'missing', severity: 'warning', tooltip: 'why' }] }),
  ];
  const back = viaWebview(spans);
  assert.deepEqual(back, spans);
  assert.equal('badges' in back[0]!, false);
});

test('times stay exact to the nanosecond beyond 2^53, and offsets past 2^53 ns fall back to the text', () => {
  const spans = [
    span({ startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000123456790' }),
    span({ spanId: '0000000000000002', startTimeUnixNano: '1', endTimeUnixNano: '99999999999999999999999' }),
  ];
  const packed = packTransferable(spans);
  assert.deepEqual(Object.keys(packed.endTexts), ['0', '1'], 'both ends are more than 2^53 ns from the base');
  assert.deepEqual(viaWebview(spans), spans);
});

/** Bytes the wire form takes: typed arrays as they are, everything else as its JSON text. */
function wireBytes(w: WireStructure): number {
  const size = (v: unknown): number => (ArrayBuffer.isView(v) ? v.byteLength
    : v && typeof v === 'object' && 'text' in v && 'ends' in v ? (v as { text: string }).text.length + size((v as { ends: Int32Array }).ends)
    : JSON.stringify(v ?? null).length);
  return Object.values(w).reduce((sum: number, v) => sum + size(v), 0);
}

test('the wire form is much smaller than the object form', () => {
  const spans = Array.from({ length: 2000 }, (_, i) => treeSpan(`s${i}`.padStart(16, '0'), i === 0 ? null : '000000000000000s0', i, 1,
    { traceId: 'f'.repeat(32), name: i % 2 ? 'chat gpt-4o' : 'execute_tool search', kind: i % 2 ? 'llm' : 'tool', service: 'agent' }));
  const objects = JSON.stringify(spans).length;
  const packed = wireBytes(packWire(spans));
  assert.ok(packed * 3 < objects, `${packed} vs ${objects}`);
});

const nullableString = fc.option(fc.string(), { nil: null });
const ids = fc.constantFrom('01', '02', '03', '04');
const time = fc.oneof(fc.string(), fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String));
function arbSpan(number: fc.Arbitrary<number>): fc.Arbitrary<SpanStructure> {
  const nullableNumber = fc.option(number, { nil: null });
  return fc.record({
    traceId: fc.string(), spanId: ids, parentSpanId: fc.option(fc.constantFrom('01', '02', '99'), { nil: null }), name: fc.string(),
    kind: fc.constantFrom('agent', 'llm', 'tool', 'other'), service: nullableString, startTimeUnixNano: time,
    endTimeUnixNano: time, durationMs: number, status: fc.constantFrom('ok', 'error', 'unset'),
    errorType: nullableString, requestModel: nullableString, inputTokens: nullableNumber, outputTokens: nullableNumber,
    costUsd: nullableNumber, toolName: nullableString,
    code: fc.option(fc.record({ filePath: nullableString, line: fc.option(fc.nat(), { nil: null }), column: fc.constant(null),
      function: nullableString, stacktrace: fc.constant(null) }), { nil: null }),
  }).map((s) => ({ ...s, code: s.code && { ...s.code } }) as SpanStructure); // fast-check records have a null prototype
}

test('property: round trip of the transferable form across a thread, any double but NaN included', () => {
  fc.assert(fc.property(fc.array(arbSpan(fc.double({ noNaN: true })), { maxLength: 12 }), (spans) => {
    assert.deepEqual(unpackStructure(structuredClone(packTransferable(spans))), spans);
  }));
});

test('property: the webview form (typed columns, span ids as one string) read back as what was packed, across a structured clone', () => {
  fc.assert(fc.property(fc.array(arbSpan(fc.double({ noNaN: true })), { maxLength: 12 }), (spans) => {
    assert.deepEqual(unpackStructure(fromWire(structuredClone(toWire(structuredClone(packTransferable(spans)))))), spans);
  }));
});

test('the webview form keeps span ids of any length and characters apart, and carries the badges given for it', () => {
  const spans: TreeSpan[] = [treeSpan('r', null, 0, 100), treeSpan('', 'r', 10, 5), treeSpan('ü,\n"x', 'r', 20, 5), treeSpan('r2', '', 30, 1)];
  const badge = { text: 'missing', severity: 'warning' as const };
  const wire = toWire(packTransferable(spans), { 2: [badge] });
  assert.equal(wire.spanIds.text, 'rü,\n"xr2');
  assert.ok(wire.spanIds.ends instanceof Int32Array && wire.costUsd instanceof Float64Array);
  assert.deepEqual(fromWire(structuredClone(wire)).spanId, ['r', '', 'ü,\n"x', 'r2']);
  assert.deepEqual(unpackStructure(fromWire(structuredClone(wire))), [spans[0], spans[1], { ...spans[2], badges: [badge] }, spans[3]]);
  assert.deepEqual(unpackStructure(fromWire(packWire([]))), []);
  assert.equal(wire.costUsd.length, 0, 'a column with no values is sent empty');
  assert.equal(wire.name.length, spans.length);
});

test('the rules that redacted a span round trip through both forms; other spans get no redacted key', () => {
  const spans = [span({}), span({ spanId: '0000000000000002', redacted: ['key:*password*', 'openai-key'] })];
  const back = viaWebview(spans);
  assert.deepEqual(back, spans);
  assert.deepEqual(unpackStructure(structuredClone(packTransferable(spans))), spans);
  assert.equal('redacted' in back[0]!, false);
});
