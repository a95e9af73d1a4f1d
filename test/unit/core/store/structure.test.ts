// getTraceStructure walks the index spans_by_start: its rows must equal the light fields of the
// fully normalized spans, in (start, span id) order, and the plan must stay on that index without a sort.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../../../src/core/model/normalize';
import type { NormalizedSpan, RawSpan } from '../../../../src/core/model/types';
import { TraceStore, type SpanStructure } from '../../../../src/core/store';
import { unpadNanos } from '../../../../src/core/store/nanos';
import { STRUCTURE_BY_TRACE_SQL } from '../../../../src/core/store/span-rows';
import { loadSqlJs } from '../../../../src/core/store/sqljs';
import { StoreDatabase } from '../../../../src/core/store/store-db';
import { makeSpan, spanId, traceId } from './helpers';

const LIMITS = { maxSpans: 1_000_000, maxBytes: 1024 ** 3 };

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

  it('is answered through spans_by_start in order, without a sort', async () => {
    const SQL = await loadSqlJs();
    const data = new StoreDatabase(new SQL.Database(), DEFAULT_NORMALIZE_OPTIONS, LIMITS);
    const plan = data.db.exec(`EXPLAIN QUERY PLAN ${STRUCTURE_BY_TRACE_SQL}`, [traceId(1)])[0]!.values.map((row) => String(row[3]));
    assert.ok(plan.some((step) => step.includes('INDEX spans_by_start')), plan.join('; '));
    assert.ok(!plan.some((step) => step.includes('TEMP B-TREE')), plan.join('; '));
    data.close();
  });

  it('adds the index to a database written before it existed', async () => {
    const SQL = await loadSqlJs();
    const old = new StoreDatabase(new SQL.Database(), DEFAULT_NORMALIZE_OPTIONS, LIMITS);
    old.ingest({ spans: [makeSpan({ trace: 1, span: 1 }), makeSpan({ trace: 1, span: 2, parent: 1 })], logs: [] });
    const before = old.getTraceStructure(traceId(1));
    old.db.exec('DROP INDEX spans_by_start');
    const bytes = old.export();
    old.close();
    const reopened = new StoreDatabase(new SQL.Database(bytes), DEFAULT_NORMALIZE_OPTIONS, LIMITS);
    const indexes = reopened.db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'spans_by_start'");
    assert.equal(indexes[0]?.values.length, 1);
    assert.deepEqual(reopened.getTraceStructure(traceId(1)), before);
    reopened.close();
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
