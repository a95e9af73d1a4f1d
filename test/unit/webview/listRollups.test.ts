import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TraceSummary } from '../../../src/core/model/types';
import { percentile, workloadRollups } from '../../../webview/model/listRollups';
import { facetValues, toTraceFilter, EMPTY_FILTER } from '../../../webview/model/filter';

function trace(id: string, workloadId: string | null, durationMs: number, errorCount = 0): TraceSummary {
  return { traceId: id, rootName: id, service: 'svc', workloadId, startTimeUnixNano: '1', endTimeUnixNano: '2',
    durationMs, spanCount: 3, errorCount, inputTokens: 10, outputTokens: 5, costUsd: 0.01, models: ['m'] };
}

test('nearest-rank percentile', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(values, 95), 95);
  assert.equal(percentile([5], 95), 5);
  assert.equal(percentile([], 95), 0);
  assert.equal(percentile([3, 1, 2], 50), 2);
});

test('workload rollups group by workload with error rate, p95 and token totals', () => {
  const cards = workloadRollups([
    trace('1', 'agent-a', 100), trace('2', 'agent-a', 300, 2), trace('3', 'agent-a', 200),
    trace('4', null, 50), trace('5', 'agent-b', 10),
  ]);
  assert.deepEqual(cards.map((c) => c.workloadId), ['agent-a', 'agent-b', null]);
  const a = cards[0]!;
  assert.equal(a.traces, 3);
  assert.equal(a.errorTraces, 1);
  assert.ok(Math.abs(a.errorRate - 1 / 3) < 1e-9);
  assert.equal(a.p95DurationMs, 300);
  assert.equal(a.inputTokens, 30);
  assert.equal(a.outputTokens, 15);
});

test('the list filter maps UI state to a store query', () => {
  assert.deepEqual(toTraceFilter(EMPTY_FILTER, 50), { limit: 50 });
  assert.deepEqual(
    toTraceFilter({ text: '  chat ', errorsOnly: true, workloadId: 'w', model: 'gpt', service: null }, 10),
    { limit: 10, text: 'chat', status: 'error', workloadId: 'w', model: 'gpt' },
  );
  assert.deepEqual(facetValues(['b', 'a', null, 'b', undefined, 'c', 'a', 'b']), ['b', 'a', 'c']);
});
