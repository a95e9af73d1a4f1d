// The rollup kept incrementally at ingest must equal one computed from scratch, whatever order and
// batching the spans arrive in, with duplicates and with missing parents.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import type { RawSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';
import { llmAttributes, makeSpan, nanos, spanId, traceId } from './helpers';

interface NodeSpec {
  parent: number | null;
  startMs: number;
  error: boolean;
  usage: [number, number] | null;
  delivered: boolean;
}

const treeArb = fc.integer({ min: 1, max: 14 }).chain((size) => fc.tuple(
  ...Array.from({ length: size }, (_, i) => fc.record({
    parent: i === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: i - 1 }), { freq: 8 }),
    startMs: fc.integer({ min: 0, max: 20 }),
    error: fc.boolean(),
    usage: fc.option(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), { freq: 2 }),
    delivered: fc.integer({ min: 0, max: 3 }).map((v) => v > 0),
  })),
));

function toRaw(nodes: NodeSpec[]): RawSpan[] {
  return nodes.map((n, i) => makeSpan({
    trace: 1, span: i + 1, parent: n.parent === null ? null : n.parent + 1, startMs: n.startMs, endMs: n.startMs + 5,
    error: n.error, name: `n${i}`, attributes: n.usage ? llmAttributes('m', n.usage[0], n.usage[1]) : {},
  }));
}

function expected(nodes: NodeSpec[]) {
  const present = nodes.map((n) => n.delivered);
  const idx = nodes.map((_, i) => i).filter((i) => present[i]);
  const below = new Set<number>();
  for (const i of idx) {
    if (!nodes[i]!.usage) continue;
    for (let p = nodes[i]!.parent; p !== null && present[p] && !below.has(p); p = nodes[p]!.parent) below.add(p);
  }
  const counted = idx.filter((i) => nodes[i]!.usage && !below.has(i));
  const roots = idx.filter((i) => nodes[i]!.parent === null || !present[nodes[i]!.parent!])
    .sort((a, b) => {
      const key = (i: number) => `${nodes[i]!.parent === null ? 0 : 1}|${nanos(nodes[i]!.startMs).padStart(20, '0')}|${spanId(1, i + 1)}`;
      return key(a) < key(b) ? -1 : 1;
    });
  return {
    spanCount: idx.length,
    errorCount: idx.filter((i) => nodes[i]!.error).length,
    inputTokens: counted.reduce((s, i) => s + nodes[i]!.usage![0], 0),
    outputTokens: counted.reduce((s, i) => s + nodes[i]!.usage![1], 0),
    rootName: `n${roots[0]}`,
    startTimeUnixNano: nanos(Math.min(...idx.map((i) => nodes[i]!.startMs))),
    endTimeUnixNano: nanos(Math.max(...idx.map((i) => nodes[i]!.startMs + 5))),
  };
}

it('incremental rollup equals the rollup computed from scratch', async () => {
  const store = await TraceStore.open({ dir: null });
  await fc.assert(fc.property(
    treeArb, fc.infiniteStream(fc.integer({ min: 0, max: 1_000_000 })), fc.integer({ min: 1, max: 5 }),
    (nodes, randoms, batchCount) => {
      fc.pre(nodes.some((n) => n.delivered));
      store.clear();
      const raw = toRaw(nodes).filter((_, i) => nodes[i]!.delivered);
      const shuffled = [...raw, ...raw.slice(0, 2)] // a couple of duplicates
        .map((span) => ({ span, key: randoms.next().value as number })).sort((a, b) => a.key - b.key)
        .map((x) => x.span);
      const size = Math.ceil(shuffled.length / batchCount);
      for (let i = 0; i < shuffled.length; i += size) store.ingestDecoded({ spans: shuffled.slice(i, i + size), logs: [] });
      const summary = store.getTraceSummary(traceId(1));
      assert.ok(summary);
      const want = expected(nodes);
      assert.deepEqual({
        spanCount: summary.spanCount, errorCount: summary.errorCount, inputTokens: summary.inputTokens,
        outputTokens: summary.outputTokens, rootName: summary.rootName, startTimeUnixNano: summary.startTimeUnixNano,
        endTimeUnixNano: summary.endTimeUnixNano,
      }, want);
      assert.deepEqual(store.stats(), { traces: 1, spans: want.spanCount, errorSpans: want.errorCount,
        errorTraces: want.errorCount > 0 ? 1 : 0 });
    },
  ), { numRuns: 150 });
  await store.close();
});
