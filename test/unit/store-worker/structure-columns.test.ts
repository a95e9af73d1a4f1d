// The worker sends getTraceStructure as columns; unpacking must give back exactly what the store built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { SpanStructure } from '../../../src/core/store';
import { TraceStore } from '../../../src/core/store';
import { StoreWorker } from '../../../src/store-worker';
import { packStructure, unpackStructure } from '../../../src/store-worker/structure-columns';
import { fixturesDir, tempDir } from '../receiver/helpers';

function span(over: Partial<SpanStructure>): SpanStructure {
  return {
    traceId: 'a'.repeat(32), spanId: '0000000000000001', parentSpanId: null, name: 'agent run', kind: 'agent', service: 'svc',
    startTimeUnixNano: '1770000000000000000', endTimeUnixNano: '1770000000500000000', durationMs: 500, status: 'unset',
    errorType: null, requestModel: null, inputTokens: null, outputTokens: null, costUsd: null, toolName: null, code: null, ...over,
  };
}

test('round trip keeps nulls, zeros, external and duplicate parents, odd times and code locations', () => {
  const spans = [
    span({}),
    span({ spanId: '0000000000000002', parentSpanId: '0000000000000001', kind: 'llm', requestModel: 'gpt', inputTokens: 0, outputTokens: 7, costUsd: 0.25 }),
    span({ spanId: '0000000000000003', parentSpanId: 'ffffffffffffffff', service: null, status: 'error', errorType: 'Timeout', durationMs: 0 }),
    span({ spanId: '0000000000000004', parentSpanId: 'ffffffffffffffff', startTimeUnixNano: '0', endTimeUnixNano: '18446744073709551615' }),
    span({ spanId: '0000000000000002', parentSpanId: '0000000000000002', name: '', toolName: 'search',
      code: { filePath: 'src/a.ts', line: 3, column: null, function: 'run', stacktrace: null } }),
  ];
  const packed = packStructure(spans);
  assert.deepEqual(packed.externalParents, ['ffffffffffffffff'], 'an absent parent is stored once, by id');
  assert.deepEqual(unpackStructure(packed), spans);
  assert.deepEqual(unpackStructure(structuredClone(packed)), spans, 'still equal after the thread hop');
  assert.deepEqual(unpackStructure(packStructure([])), []);
});

test('round trip of arbitrary structures', () => {
  const nullableString = fc.option(fc.string(), { nil: null });
  const nullableNumber = fc.option(fc.double({ noNaN: true }), { nil: null });
  const ids = fc.constantFrom('01', '02', '03', '04');
  const arbSpan = fc.record({
    traceId: fc.string(), spanId: ids, parentSpanId: fc.option(fc.constantFrom('01', '02', '99'), { nil: null }), name: fc.string(),
    kind: fc.constantFrom('agent', 'llm', 'tool', 'other'), service: nullableString, startTimeUnixNano: fc.string(),
    endTimeUnixNano: fc.string(), durationMs: fc.double({ noNaN: true }), status: fc.constantFrom('ok', 'error', 'unset'),
    errorType: nullableString, requestModel: nullableString, inputTokens: nullableNumber, outputTokens: nullableNumber,
    costUsd: nullableNumber, toolName: nullableString,
    code: fc.option(fc.record({ filePath: nullableString, line: fc.option(fc.nat(), { nil: null }), column: fc.constant(null),
      function: nullableString, stacktrace: fc.constant(null) }), { nil: null }),
  }).map((s) => ({ ...s, code: s.code && { ...s.code } }) as SpanStructure); // fast-check records have a null prototype
  fc.assert(fc.property(fc.array(arbSpan, { maxLength: 12 }), (spans) => {
    assert.deepEqual(unpackStructure(structuredClone(packStructure(spans))), spans);
  }));
});

test('StoreWorker.getTraceStructure answers what TraceStore.getTraceStructure answers', async () => {
  const body = readFileSync(join(fixturesDir, 'otel-sdk-grpc', '001-grpc-traces.pb'));
  const folder = tempDir();
  const store = await TraceStore.open({ dir: null });
  const worker = await StoreWorker.start({ dir: folder.dir });
  try {
    store.ingestRequest(new Uint8Array(body), 'traces', 'protobuf');
    await worker.submit(new Uint8Array(body), 'traces', 'protobuf');
    const traces = store.listTraces({});
    assert.ok(traces.length > 0);
    for (const { traceId } of traces) {
      const expected = store.getTraceStructure(traceId);
      assert.ok(expected.length > 0);
      assert.deepEqual(await worker.getTraceStructure(traceId), expected);
    }
    assert.deepEqual(await worker.getTraceStructure('0'.repeat(32)), []);
  } finally {
    await worker.stop();
    await store.close();
    folder.remove();
  }
});
