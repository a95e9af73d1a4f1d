import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIST_DOUBLE_CLICK_MS, ListDoubleClick } from '../../../webview/model/listDoubleClick';

// Clicks reach ListDoubleClick in the capture phase, before the row's own handler calls opened().
function rowClick(d: ListDoubleClick, traceId: string, at: number): string | null {
  const result = d.click(1, at);
  d.opened(traceId, at);
  return result;
}

test('the second click of a double-click on a list row names its trace', () => {
  const d = new ListDoubleClick();
  assert.equal(rowClick(d, 't1', 1_000), null);
  assert.equal(d.click(2, 1_150), 't1');
  // Only once: a third click is no second click of that row.
  assert.equal(d.click(3, 1_300), null);
});

test('a double-click on a span right after a row opened the trace belongs to the span', () => {
  const d = new ListDoubleClick();
  rowClick(d, 't1', 1_000);
  assert.equal(d.click(1, 1_100), null, 'the span row\'s first click');
  assert.equal(d.click(2, 1_160), null, 'the span row\'s second click');
});

test('a second click later than the double-click time is not a double-click of the row', () => {
  const d = new ListDoubleClick();
  rowClick(d, 't1', 1_000);
  assert.equal(d.click(2, 1_000 + LIST_DOUBLE_CLICK_MS + 1), null);
});

test('a second click with no list row opened before it is not a row double-click', () => {
  const d = new ListDoubleClick();
  assert.equal(d.click(1, 1_000), null);
  assert.equal(d.click(2, 1_100), null);
});

test('a keyboard click (detail 0) neither counts nor ends the window', () => {
  const d = new ListDoubleClick();
  rowClick(d, 't1', 1_000);
  assert.equal(d.click(0, 1_050), null);
  assert.equal(d.click(2, 1_150), 't1');
});

test('the row opened last is the one a second click names', () => {
  const d = new ListDoubleClick();
  rowClick(d, 't1', 1_000);
  rowClick(d, 't2', 1_100);
  assert.equal(d.click(2, 1_200), 't2');
});
