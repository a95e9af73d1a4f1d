// Original vs replay and the spread of N runs, over normalized spans built here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReplay, runSpread } from '../../../../src/core/compare';
import type { NormalizedSpan } from '../../../../src/core/model/types';
import { norm } from '../model/span-builder';

function call(text: string, over: { out?: number; finish?: string; error?: boolean; ms?: number } = {}): NormalizedSpan {
  const end = 1_700_000_000_000_000_000n + BigInt((over.ms ?? 100) * 1e6);
  return norm({
    'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'unpriced-model',
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: over.finish ?? 'stop' }]),
    ...(over.out !== undefined ? { 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': over.out } : {}),
  }, { startTimeUnixNano: '1700000000000000000', endTimeUnixNano: end.toString(), statusCode: over.error ? 2 : 0 });
}

test('compare: text diff, token and latency deltas, a changed finish reason; unknown figures stay null', () => {
  const c = compareReplay(call('Refunds within 30 days.', { out: 6, ms: 200 }), call('Refunds within 90 days.', { out: 9, ms: 150, finish: 'length' }));
  assert.equal(c.sameText, false);
  assert.deepEqual(c.diff, [
    { op: 'same', text: 'Refunds within ' }, { op: 'removed', text: '30' }, { op: 'added', text: '90' }, { op: 'same', text: ' days.' },
  ]);
  assert.deepEqual(c.outputTokens, { original: 6, replay: 9, delta: 3 });
  assert.deepEqual(c.latencyMs, { original: 200, replay: 150, delta: -50 });
  assert.deepEqual(c.costUsd, { original: null, replay: null, delta: null });
  assert.deepEqual(c.finishReason, { original: 'stop', replay: 'length', changed: true });
});

test('spread: distinct answers most frequent first, failed runs counted apart and left out of the answers', () => {
  const s = runSpread([call('A', { out: 4, ms: 100 }), call('B', { out: 8, ms: 300 }), call('A', { out: 6, ms: 200 }), call('', { error: true, ms: 50 })]);
  assert.equal(s.runs, 4);
  assert.equal(s.failed, 1);
  assert.deepEqual(s.distinctAnswers, [{ text: 'A', count: 2 }, { text: 'B', count: 1 }]);
  assert.deepEqual(s.outputTokens, { min: 4, max: 8, mean: 6 });
  assert.deepEqual(s.latencyMs, { min: 50, median: 150, max: 300 });
  assert.equal(s.costUsd, null);
});
