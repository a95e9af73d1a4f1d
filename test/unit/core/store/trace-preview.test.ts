// A big trace's first screen: which spans it holds (choosePreview) and what the store answers for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceStore } from '../../../../src/core/store';
import { choosePreview, type SpanLink } from '../../../../src/core/store/trace-preview';
import { makeSpan, spanId, traceId } from './helpers';

const link = (id: string, parent: string | null, start: number): SpanLink => ({ spanId: id, parentSpanId: parent, start });

describe('choosePreview', () => {
  it('lists each top-level span in start order, followed by its children in start order', () => {
    const links = [
      link('late-root', null, 50), link('c2', 'root', 30), link('root', null, 0), link('c1', 'root', 10),
      link('g1', 'c1', 11), link('g2', 'c1', 12), link('l1', 'late-root', 51),
    ];
    const { ids, childCounts } = choosePreview(links, 100);
    assert.deepEqual(ids, ['root', 'c1', 'c2', 'late-root', 'l1']);
    assert.deepEqual(childCounts, { root: 2, c1: 2, 'late-root': 1 });
  });

  it('stops at the limit; spans whose parent is missing or themselves count as top level; unknown starts go last', () => {
    const links = [
      link('r', null, 5), ...Array.from({ length: 10 }, (_, i) => link(`k${i}`, 'r', 100 - i)),
      link('orphan', 'gone', 1), link('self', 'self', 2), link('undated', null, Number.NaN),
    ];
    const { ids } = choosePreview(links, 6);
    assert.deepEqual(ids, ['orphan', 'self', 'r', 'k9', 'k8', 'k7']);
    assert.deepEqual(choosePreview(links, 100).ids.at(-1), 'undated');
  });
});

describe('getTracePreview', () => {
  it('answers a big trace with its first screen, as the whole structure has those spans; small and absent traces get none', async () => {
    const store = await TraceStore.open({ dir: null });
    try {
      // One root, 30 children, each child with 3 grandchildren: 121 spans.
      const spans = [makeSpan({ trace: 1, span: 1, startMs: 0, endMs: 1000 })];
      for (let c = 0; c < 30; c++) {
        const child = 2 + c * 4;
        spans.push(makeSpan({ trace: 1, span: child, parent: 1, startMs: 300 - c * 5 }));
        for (let g = 1; g <= 3; g++) spans.push(makeSpan({ trace: 1, span: child + g, parent: child, startMs: 300 - c * 5 + g }));
      }
      store.ingestDecoded({ spans, logs: [] });
      const preview = store.getTracePreview(traceId(1), { minSpans: 100, maxSpans: 12 });
      assert.ok(preview);
      assert.equal(preview.spanCount, 121);
      assert.equal(preview.summary.spanCount, 121);
      const ids = preview.spans.map((s) => s.spanId);
      // The children started in reverse order of their numbers: the last ones come first.
      assert.deepEqual(ids, [spanId(1, 1), ...Array.from({ length: 11 }, (_, i) => spanId(1, 2 + (29 - i) * 4))]);
      const whole = new Map(store.getTraceStructure(traceId(1)).map((s) => [s.spanId, s]));
      for (const s of preview.spans) assert.deepEqual(s, whole.get(s.spanId));
      assert.equal(preview.childCounts[spanId(1, 1)], 30);
      assert.equal(preview.childCounts[spanId(1, 2 + 29 * 4)], 3);

      assert.equal(store.getTracePreview(traceId(1), { minSpans: 122, maxSpans: 12 }), null);
      assert.equal(store.getTracePreview(traceId(9), { minSpans: 1, maxSpans: 12 }), null);
    } finally {
      await store.close();
    }
  });
});
