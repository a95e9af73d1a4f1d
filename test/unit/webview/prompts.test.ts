// The Prompts view's pure parts: picking two versions, and how metric differences read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CohortMetric } from '../../../src/core/quality';
import { diffTone, metricDiff, metricValue, parseKey, runsLabel, togglePick, versionKey, versionLabel } from '../../../webview/model/prompts';

const m = (over: Partial<CohortMetric>): CohortMetric => ({ metric: 'x', a: 1, b: 2, diff: 1, lowerIsBetter: false, unit: 'count', confidence: 'n/a', ...over });

test('picking versions keeps at most two of one prompt; another prompt starts over', () => {
  const v1 = versionKey('p', '1');
  const v2 = versionKey('p', '2');
  const v3 = versionKey('p', '3');
  let picked = togglePick([], v1);
  picked = togglePick(picked, v2);
  assert.deepEqual(picked, [v1, v2]);
  assert.deepEqual(togglePick(picked, v3), [v2, v3]);
  assert.deepEqual(togglePick(picked, v1), [v2]);
  assert.deepEqual(togglePick(picked, versionKey('q', null)), [versionKey('q', null)]);
  assert.deepEqual(parseKey(versionKey('a"b', null)), { promptName: 'a"b', version: null });
});

test('labels and differences in the metric unit, coloured by which way is better', () => {
  assert.equal(versionLabel('3'), 'v3');
  assert.equal(versionLabel('v3'), 'v3');
  assert.equal(versionLabel(null), '(no version)');
  const pass = m({ unit: 'ratio', a: 0.5, b: 0.75, diff: 0.25 });
  assert.equal(metricValue(pass, pass.b), '75%');
  assert.equal(metricDiff(pass), '+25 pts');
  assert.equal(diffTone(pass), 'better');
  const latency = m({ unit: 'ms', a: 1000, b: 1250, diff: 250, lowerIsBetter: true });
  assert.equal(metricDiff(latency), '+250 ms');
  assert.equal(diffTone(latency), 'worse');
  assert.equal(diffTone(m({ metric: 'runs' })), null);
  assert.equal(metricDiff(m({ diff: null })), '—');
  assert.equal(metricDiff(m({ diff: 0 })), '±0');
  assert.equal(metricValue(m({ unit: 'usd' }), 0), '$0');
  assert.equal(runsLabel(1), '1 run');
  assert.equal(runsLabel(2), '2 runs');
});
