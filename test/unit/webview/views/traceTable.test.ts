import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_TABLE_WIDTH, clampTableWidth } from '../../../../webview/views/traceTable';

test('the span table keeps its minimum and leaves the waterfall room', () => {
  assert.equal(clampTableWidth(100, 1200), MIN_TABLE_WIDTH);
  assert.equal(clampTableWidth(500.4, 1200), 500);
  assert.equal(clampTableWidth(1190, 1200), 1200 - 120);
  // A pane narrower than both: the table's minimum wins.
  assert.equal(clampTableWidth(900, 300), MIN_TABLE_WIDTH);
});
