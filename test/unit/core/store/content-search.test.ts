// Content search over the payload records: case-insensitive (ASCII and beyond), inside JSON-in-string
// attributes, tool arguments and attached log bodies; evicted spans left out; limit, cancellation, progress.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceStore, type ContentSearchProgress, type ContentSearchQuery } from '../../../../src/core/store';
import { logsBody, makeLog, makeSpan, removeDir, spanId, tempDir, traceId, tracesBody } from './helpers';

async function search(store: TraceStore, query: ContentSearchQuery, signal?: AbortSignal) {
  const steps: ContentSearchProgress[] = [];
  const result = await store.searchContent(query, (p) => steps.push(p), signal ? { signal } : {});
  const found = steps.flatMap((s) => s.matches.map((m) => `${m.span.traceId}/${m.span.spanId}`)).sort();
  return { result, steps, found, snippets: steps.flatMap((s) => s.matches.map((m) => m.snippet)) };
}

const key = (t: number, s: number): string => `${traceId(t)}/${spanId(t, s)}`;

async function sampleStore(dir: string | null): Promise<TraceStore> {
  const store = await TraceStore.open({ dir, segmentMaxBytes: 4096 });
  store.ingestRequest(tracesBody([
    makeSpan({ trace: 1, span: 1, name: 'agent', attributes: { note: 'The Größe of the box' } }),
    makeSpan({ trace: 1, span: 2, parent: 1, attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Find the Blue Heron please' }] }]),
    } }),
    makeSpan({ trace: 1, span: 3, parent: 1, attributes: {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.call.arguments': JSON.stringify({ city: 'Zürich', days: 3 }),
    } }),
  ]), 'traces', 'json');
  store.ingestRequest(tracesBody([makeSpan({ trace: 2, span: 1, name: 'other', attributes: { note: 'nothing here' } })]),
    'traces', 'json');
  store.ingestRequest(logsBody([makeLog(2, 1, 'a Log Body mentioning Quetzal')]), 'logs', 'json');
  return store;
}

for (const kind of ['folder', 'memory'] as const) {
  describe(`content search (${kind})`, () => {
    const withStore = async (run: (store: TraceStore) => Promise<void>): Promise<void> => {
      const dir = kind === 'folder' ? tempDir('content') : null;
      const store = await sampleStore(dir);
      try {
        await run(store);
      } finally {
        await store.close();
        if (dir) removeDir(dir);
      }
    };

    it('matches ASCII case-insensitively in messages (JSON in a string), tool arguments and log bodies', () => withStore(async (store) => {
      assert.deepEqual((await search(store, { text: 'blue HERON' })).found, [key(1, 2)]);
      assert.deepEqual((await search(store, { text: '"content":"find' })).found, [key(1, 2)], 'quotes of the nested JSON');
      assert.deepEqual((await search(store, { text: 'ZÜRICH' })).found, [key(1, 3)]);
      assert.deepEqual((await search(store, { text: 'quetzal' })).found, [key(2, 1)], 'the attached log record');
      assert.deepEqual((await search(store, { text: 'no such words' })).found, []);
      const { snippets } = await search(store, { text: 'heron' });
      assert.match(snippets[0]!, /Blue Heron/);
    }));

    it('matches non-ASCII text case-insensitively', () => withStore(async (store) => {
      assert.deepEqual((await search(store, { text: 'GRÖßE' })).found, [key(1, 1)]);
      assert.deepEqual((await search(store, { text: 'größe' })).found, [key(1, 1)]);
      assert.deepEqual((await search(store, { text: 'zürich' })).found, [key(1, 3)]);
    }));

    it('restricts to one trace, and searchSpans({ text }) finds payload content too', () => withStore(async (store) => {
      assert.deepEqual((await search(store, { text: 'e', traceId: traceId(2) })).found, [key(2, 1)]);
      assert.deepEqual(store.searchSpans({ text: 'heron' }).map((s) => s.spanId), [spanId(1, 2)]);
      assert.deepEqual(store.searchSpans({ text: 'quetzal' }).map((s) => s.spanId), [spanId(2, 1)]);
      assert.deepEqual(store.searchSpans({ text: 'zürich', kind: 'llm' }), [], 'with the other filters');
    }));
  });
}

describe('content search: eviction, limit, cancellation, progress', () => {
  it('does not return spans retention evicted (their records may still be on disk)', async () => {
    const dir = tempDir('content-evict');
    try {
      const store = await TraceStore.open({ dir, retention: { maxSpans: 3, maxBytes: 0 }, snapshotTailBytes: 1e9 });
      store.ingestRequest(tracesBody([makeSpan({ trace: 1, span: 1, startMs: 1, attributes: { secret: 'Pelican' } })]), 'traces', 'json');
      assert.deepEqual((await search(store, { text: 'pelican' })).found, [key(1, 1)]);
      for (let n = 2; n <= 4; n++) store.ingestRequest(tracesBody([makeSpan({ trace: n, span: 1, startMs: n })]), 'traces', 'json');
      assert.equal(store.getTraceSummary(traceId(1)), null, 'evicted');
      assert.deepEqual((await search(store, { text: 'pelican' })).found, []);
      assert.deepEqual(store.searchSpans({ text: 'pelican' }), []);
      await store.close();
    } finally {
      removeDir(dir);
    }
  });

  it('stops at the limit, stops when aborted, and reports scanned bytes up to the total', async () => {
    const dir = tempDir('content-limit');
    try {
      const store = await TraceStore.open({ dir, segmentMaxBytes: 2048, snapshotTailBytes: 1e9 });
      for (let n = 1; n <= 30; n++) {
        store.ingestRequest(tracesBody([makeSpan({ trace: n, span: 1, startMs: n, attributes: { text: `needle number ${n} ${'f'.repeat(300)}` } })]),
          'traces', 'json');
      }
      const all = await search(store, { text: 'NEEDLE' });
      assert.equal(all.found.length, 30);
      assert.deepEqual(all.result, { matchCount: 30, scannedBytes: all.result.totalBytes, totalBytes: all.result.totalBytes, complete: true });
      assert.ok(all.steps.length > 3, `${all.steps.length} steps (one per segment)`);
      let last = 0;
      for (const step of all.steps) {
        assert.ok(step.scannedBytes >= last && step.scannedBytes <= step.totalBytes, JSON.stringify(step));
        last = step.scannedBytes;
      }
      assert.equal(last, all.result.totalBytes);
      assert.ok(all.result.totalBytes >= store.payloadBytes());

      const limited = await search(store, { text: 'needle', limit: 4 });
      assert.equal(limited.found.length, 4);
      assert.equal(limited.result.matchCount, 4);
      assert.equal(limited.result.complete, false);
      assert.ok(limited.found.includes(key(30, 1)), 'newest segments first');

      const controller = new AbortController();
      const steps: ContentSearchProgress[] = [];
      const cancelled = await store.searchContent({ text: 'needle' }, (p) => {
        steps.push(p);
        controller.abort();
      }, { signal: controller.signal, pause: () => new Promise((resolve) => setImmediate(resolve)) });
      assert.equal(steps.length, 1, 'no step after the abort');
      assert.equal(cancelled.complete, false);
      assert.ok(cancelled.scannedBytes < cancelled.totalBytes);
      assert.equal(cancelled.matchCount, steps[0]!.matches.length);

      const before = new AbortController();
      before.abort();
      const none = await search(store, { text: 'needle' }, before.signal);
      assert.deepEqual([none.steps.length, none.result.matchCount, none.result.complete], [0, 0, false]);
      await store.close();
    } finally {
      removeDir(dir);
    }
  });

  it('finds a span once after compaction copied its record (old and new copy both on disk)', async () => {
    const dir = tempDir('content-compact');
    try {
      const store = await TraceStore.open({ dir, segmentMaxBytes: 2048, snapshotTailBytes: 1e9, retention: { maxSpans: 6, maxBytes: 0 } });
      store.ingestRequest(tracesBody([makeSpan({ trace: 1, span: 1, startMs: 1, error: true, attributes: { keep: 'Albatross' } })]),
        'traces', 'json');
      for (let n = 2; n <= 40; n++) {
        store.ingestRequest(tracesBody([makeSpan({ trace: n, span: 1, startMs: n, attributes: { pad: 'k'.repeat(400) } })]), 'traces', 'json');
      }
      assert.ok(store.getTraceSummary(traceId(1)), 'the error trace is kept');
      const { found } = await search(store, { text: 'albatross' });
      assert.deepEqual(found, [key(1, 1)]);
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});
