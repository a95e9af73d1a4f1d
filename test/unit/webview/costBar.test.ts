import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyBreakdown } from '../../../src/core/insights/cost';
import { costSegments, formatUsd, timeSegments } from '../../../webview/model/costBar';

test('cost segments split the priced total by bucket', () => {
  const b = emptyBreakdown();
  b.buckets.input = { tokens: 100, usd: 0.3, reported: false };
  b.buckets.cacheRead = { tokens: 1000, usd: 0.1, reported: false };
  b.buckets.output = { tokens: 10, usd: 0.6, reported: false };
  const { segments, unit } = costSegments(b);
  assert.equal(unit, 'usd');
  assert.deepEqual(segments.map((s) => [s.key, Math.round(s.percent)]), [['input', 30], ['cacheRead', 10], ['output', 60]]);
});

test('an unpriced bucket makes the bar show tokens instead', () => {
  const b = emptyBreakdown();
  b.buckets.input = { tokens: 300, usd: null, reported: false };
  b.buckets.output = { tokens: 100, usd: 0.5, reported: false };
  const { segments, unit } = costSegments(b);
  assert.equal(unit, 'tokens');
  assert.deepEqual(segments.map((s) => s.percent), [75, 25]);
  assert.deepEqual(costSegments(emptyBreakdown()).segments, []);
});

test('USD keeps the digits of a fraction of a cent; time segments skip empty kinds', () => {
  assert.equal(formatUsd(0.000123), '$0.000123');
  assert.equal(formatUsd(1.23456), '$1.2346');
  assert.equal(formatUsd(null), '—');
  assert.equal(formatUsd(0), '$0');
  const segs = timeSegments({ llm: 30, tool: 0, retrieval: 10, other: 0, idle: 60 }, (ms) => `${ms} ms`);
  assert.deepEqual(segs.map((s) => [s.key, s.percent, s.valueText]), [['llm', 30, '30 ms (30%)'], ['retrieval', 10, '10 ms (10%)'], ['idle', 60, '60 ms (60%)']]);
});
