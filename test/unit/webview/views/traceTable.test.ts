import assert from 'node:assert/strict';
import { test } from 'node:test';
import { droppedColumns } from '../../../../webview/model/columns';
import { MIN_TABLE_WIDTH, SPAN_TABLE_COLUMNS, clampTableWidth } from '../../../../webview/views/traceTable';

test('the span table keeps its minimum and leaves the waterfall room', () => {
  assert.equal(clampTableWidth(100, 1200), MIN_TABLE_WIDTH);
  assert.equal(clampTableWidth(500.4, 1200), 500);
  assert.equal(clampTableWidth(1190, 1200), 1200 - 120);
  // A pane narrower than both: the table's minimum wins.
  assert.equal(clampTableWidth(900, 300), MIN_TABLE_WIDTH);
});

test('the span table at its narrowest keeps the name, duration and status; a wide one keeps everything', () => {
  // 340 px table minus the 6 px right padding.
  assert.deepEqual(droppedColumns(SPAN_TABLE_COLUMNS, 334, 6), ['model', 'cost', 'tokens']);
  assert.deepEqual(droppedColumns(SPAN_TABLE_COLUMNS, 720, 6), []);
  const name = SPAN_TABLE_COLUMNS.find((c) => c.key === 'name')!;
  assert.equal(name.drop, 0, 'the span name is never dropped');
});
