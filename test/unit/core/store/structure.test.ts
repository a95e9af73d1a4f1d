// getTraceStructure reads the index only: its rows must equal the light fields of the fully normalized
// spans, in (start, span id) order, for any u64 time (INTEGER ns, with a padded-TEXT fallback past 2^63).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import type { NormalizedSpan, RawSpan } from '../../../../src/core/model/types';
import { TraceStore, type SpanStructure } from '../../../../src/core/store';
import { unpadNanos } from '../../../../src/core/store/nanos';
import { indexRows, makeSpan, removeDir, spanId, tempDir, traceId } from './helpers';

/** The structure as derived from the re-normalized spans, sorted as the panel expects. */
function expectedStructure(spans: NormalizedSpan[]): SpanStructure[] {
  return spans
    .map((s): SpanStructure => ({
      traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, kind: s.kind,
      service: s.service, startTimeUnixNano: s.startTimeUnixNano, endTimeUnixNano: s.endTimeUnixNano,
      durationMs: s.durationMs, status: s.status, errorType: s.errorType, requestModel: s.requestModel ?? s.responseModel,
      inputTokens: s.inputTokens, outputTokens: s.outputTokens, costUsd: s.costUsd, toolName: s.toolName, code: s.code,
    }))
    .sort((a, b) => {
      const byStart = BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano);
      if (byStart !== 0n) return byStart < 0n ? -1 : 1;
      return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
    });
}

const spanArb = fc.record({
  startNs: fc.bigInt({ min: 0n, max: 18_446_744_073_709_551_615n }),
  lengthNs: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  name: fc.string({ maxLength: 30, unit: 'binary' }),
  parent: fc.option(fc.integer({ min: 1, max: 40 })),
  error: fc.boolean(),
  tokens: fc.option(fc.tuple(fc.nat(100_000), fc.nat(100_000))),
  code: fc.option(fc.record({ file: fc.string({ maxLength: 20 }), line: fc.nat(5000) })),
  tool: fc.option(fc.string({ maxLength: 12 })),
});

type SpanSpec = typeof spanArb extends fc.Arbitrary<infer T> ? T : never;

function toRaw(specs: SpanSpec[]): RawSpan[] {
  return specs.map((s, i) => {
    const span = makeSpan({ trace: 7, span: i + 1, parent: s.parent, name: s.name, error: s.error, attributes: {
      ...(s.tokens ? { 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': s.tokens[0], 'gen_ai.usage.output_tokens': s.tokens[1] } : {}),
      ...(s.code ? { 'code.file.path': s.code.file, 'code.line.number': s.code.line } : {}),
      ...(s.tool !== null ? { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': s.tool } : {}),
    } });
    span.startTimeUnixNano = s.startNs.toString();
    span.endTimeUnixNano = (s.startNs + s.lengthNs).toString();
    return span;
  });
}

describe('getTraceStructure', () => {
  it('equals the normalized spans light fields, ordered by start then span id', async () => {
    await fc.assert(fc.asyncProperty(fc.array(spanArb, { minLength: 1, maxLength: 40 }), async (specs) => {
      const store = await TraceStore.open({ dir: null });
      try {
        store.ingestDecoded({ spans: toRaw(specs), logs: [] });
        // A span of another trace that starts first must not leak in.
        store.ingestDecoded({ spans: [makeSpan({ trace: 8, span: 1, startMs: -1 })], logs: [] });
        const structure = store.getTraceStructure(traceId(7));
        assert.deepEqual(structure, expectedStructure(store.getTraceSpans(traceId(7))));
        assert.equal(structure.length, specs.length);
      } finally {
        await store.close();
      }
    }), { numRuns: 60 });
  });

  it('keeps spans with equal start times in span id order', async () => {
    const store = await TraceStore.open({ dir: null });
    const spans = [3, 1, 2].map((n) => makeSpan({ trace: 1, span: n, startMs: 5 }));
    store.ingestDecoded({ spans, logs: [] });
    assert.deepEqual(store.getTraceStructure(traceId(1)).map((s) => s.spanId), [1, 2, 3].map((n) => spanId(1, n)));
    await store.close();
  });

  it('stores times past 2^63 exactly: as padded TEXT that sorts after every INTEGER time', async () => {
    const store = await TraceStore.open({ dir: null });
    const times: Array<[string, string]> = [
      ['18446744073709551615', '18446744073709551615'], // u64 max
      ['9223372036854775808', '9223372036854775809'], // 2^63, the first one past INTEGER
      ['9223372036854775807', '9223372036854775808'], // INT64 max, ending past it
      ['0', '1'],
    ];
    const spans = times.map(([start, end], i) => ({
      ...makeSpan({ trace: 1, span: i + 1 }), startTimeUnixNano: start, endTimeUnixNano: end,
    }));
    store.ingestDecoded({ spans, logs: [] });
    const structure = store.getTraceStructure(traceId(1));
    assert.deepEqual(structure.map((s) => [s.startTimeUnixNano, s.endTimeUnixNano]),
      [times[3], times[2], times[1], times[0]]);
    assert.deepEqual(structure.map((s) => s.durationMs), [0.000001, 0.000001, 0.000001, 0]);
    const types = indexRows(store, 'SELECT typeof(start_ns), typeof(end_ns) FROM spans ORDER BY span_id');
    assert.deepEqual(types, [['text', 'text'], ['text', 'text'], ['integer', 'text'], ['integer', 'integer']]);
    const summary = store.getTraceSummary(traceId(1))!;
    assert.equal(summary.endTimeUnixNano, '18446744073709551615');
    assert.equal(summary.rootName, 'span-4', 'the earliest span without parent');
    await store.close();
  });

  it('gives the same structure after a reopen from the snapshot and after a replay of the segments', async () => {
    const dir = tempDir('structure');
    try {
      const specs = fc.sample(spanArb, { numRuns: 40, seed: 7 });
      const store = await TraceStore.open({ dir });
      store.ingestDecoded({ spans: toRaw(specs), logs: [] });
      const before = store.getTraceStructure(traceId(7));
      assert.equal(before.length, 40);
      await store.close();
      const reopened = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(reopened.getTraceStructure(traceId(7)), before, 'from the snapshot');
      await reopened.close();
      fs.rmSync(path.join(dir, 'index.sqlite'));
      const replayed = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(replayed.getTraceStructure(traceId(7)), before, 'replayed from the segments');
      await replayed.close();
    } finally {
      removeDir(dir);
    }
  });
});

describe('unpadNanos', () => {
  it('strips leading zeros and keeps one digit', () => {
    assert.equal(unpadNanos('00000000000000000000'), '0');
    assert.equal(unpadNanos('00000000000000000012'), '12');
    assert.equal(unpadNanos('01760000000000000000'), '1760000000000000000');
    assert.equal(unpadNanos('123456789012345678901'), '123456789012345678901');
    assert.equal(unpadNanos('7'), '7');
  });
});
