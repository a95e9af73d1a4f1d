import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RawSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';
import { StoreWorker } from '../../../../src/store-worker';
import { llmAttributes, makeSpan, traceId } from './helpers';

/** Traces 1-3 ran refund-answer v1, 4-5 v2 (trace 5 twice in one trace, with an error), 6 no prompt, 7 another prompt without a version. */
function promptSpans(): RawSpan[] {
  const spans: RawSpan[] = [];
  const prompt = (name: string, version?: string) => ({ 'gen_ai.prompt.name': name, ...(version ? { 'gen_ai.prompt.version': version } : {}) });
  for (let t = 1; t <= 7; t++) {
    spans.push(makeSpan({ trace: t, span: 1, name: 'root', startMs: t * 1000, endMs: t * 1000 + 10 * t }));
    const attrs = t <= 3 ? prompt('refund-answer', 'v1') : t <= 5 ? prompt('refund-answer', 'v2') : t === 7 ? prompt('triage') : {};
    spans.push(makeSpan({ trace: t, span: 2, parent: 1, name: 'llm', startMs: t * 1000 + 1, endMs: t * 1000 + 5, error: t === 5, attributes: { ...llmAttributes('gpt-x', 100, t), ...attrs } }));
    if (t === 5) spans.push(makeSpan({ trace: t, span: 3, parent: 1, name: 'llm', startMs: t * 1000 + 6, endMs: t * 1000 + 8, attributes: { ...llmAttributes('gpt-x', 1, 1), ...attrs } }));
  }
  return spans;
}

describe('TraceStore.promptRuns', () => {
  let store: TraceStore;
  before(async () => {
    store = await TraceStore.open({ dir: null });
    store.ingestDecoded({ spans: promptSpans(), logs: [] });
  });
  after(() => store.close());

  it('one row per trace and prompt version, newest first, with the trace totals', () => {
    const runs = store.promptRuns();
    assert.deepEqual(runs.map((r) => [r.traceId, r.promptName, r.promptVersion]), [
      [traceId(7), 'triage', null],
      [traceId(5), 'refund-answer', 'v2'],
      [traceId(4), 'refund-answer', 'v2'],
      [traceId(3), 'refund-answer', 'v1'],
      [traceId(2), 'refund-answer', 'v1'],
      [traceId(1), 'refund-answer', 'v1'],
    ]);
    const five = runs[1]!;
    assert.equal(five.errorCount, 1);
    assert.equal(five.durationMs, 50);
    assert.equal(five.inputTokens, 101);
    assert.equal(five.outputTokens, 6);
    assert.equal(five.startTimeUnixNano, store.getTraceSummary(traceId(5))!.startTimeUnixNano);
  });

  it('filters by prompt name and limits', () => {
    assert.deepEqual(store.promptRuns({ promptName: 'triage' }).map((r) => r.traceId), [traceId(7)]);
    assert.deepEqual(store.promptRuns({ promptName: 'refund-answer', limit: 2 }).map((r) => r.traceId), [traceId(5), traceId(4)]);
    assert.deepEqual(store.promptRuns({ promptName: 'nope' }), []);
  });

  it('answers the same through the worker', async () => {
    const worker = await StoreWorker.start({ dir: null });
    try {
      assert.deepEqual(await worker.promptRuns(), []);
      const { encodeTracesJson } = await import('../../../../src/core/otlp');
      await worker.submit(Buffer.from(JSON.stringify(encodeTracesJson(promptSpans())), 'utf8'), 'traces', 'json');
      assert.deepEqual((await worker.promptRuns({ promptName: 'refund-answer' })).map((r) => r.promptVersion), ['v2', 'v2', 'v1', 'v1', 'v1']);
    } finally {
      await worker.stop();
    }
  });
});
