// Content search folds case fully: text that differs by Unicode case folding (ß ↔ ss, ẞ) matches, so "GRÖSSE" finds "Größe".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceStore } from '../../../../src/core/store';
import { makeSpan, spanId, traceId, tracesBody } from './helpers';

describe('content search: full Unicode case folding', () => {
  it('finds "Größe" when searching "GRÖSSE" (ß folds to ss)', async () => {
    const store = await TraceStore.open({ dir: null });
    try {
      store.ingestRequest(tracesBody([makeSpan({ trace: 1, span: 1, attributes: { note: 'The Größe of the box' } })]), 'traces', 'json');
      const found: string[] = [];
      await store.searchContent({ text: 'GRÖSSE' }, (p) => found.push(...p.matches.map((m) => m.span.spanId)));
      assert.deepEqual(found, [spanId(1, 1)]);
      assert.deepEqual(store.searchSpans({ text: 'GRÖSSE' }).map((s) => s.traceId), [traceId(1)]);
    } finally {
      await store.close();
    }
  });
});
