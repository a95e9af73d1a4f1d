import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchoredScrollTop, scrollIntoView, visibleRange } from '../../../webview/model/virtual';

test('visible range covers the viewport plus overscan, clamped to the list', () => {
  assert.deepEqual(visibleRange(0, 100, 20, 1000, 2), { start: 0, end: 8 });
  assert.deepEqual(visibleRange(2000, 100, 20, 1000, 2), { start: 98, end: 108 });
  assert.deepEqual(visibleRange(19_990, 100, 20, 1000, 2), { start: 997, end: 1000 });
  assert.deepEqual(visibleRange(0, 100, 20, 0), { start: 0, end: 0 });
});

test('the rendered row count does not grow with the list size', () => {
  const small = visibleRange(5000, 600, 22, 1000);
  const huge = visibleRange(5000, 600, 22, 100_000);
  assert.equal(small.end - small.start, huge.end - huge.start);
  assert.ok(huge.end - huge.start < 60);
});

test('new rows inserted above keep the row under the viewport top in place', () => {
  const before = ['c', 'd', 'e', 'f'];
  const after = ['a', 'b', 'c', 'd', 'e', 'f'];
  // Scrolled so 'd' (index 1) is at the top, 5px into it.
  assert.equal(anchoredScrollTop(before, after, 45, 40), 3 * 40 + 5);
});

test('at the very top the list stays at the top so the newest rows show', () => {
  assert.equal(anchoredScrollTop(['c'], ['a', 'b', 'c'], 0, 40), 0);
});

test('when the anchor row disappeared the scroll position is kept', () => {
  assert.equal(anchoredScrollTop(['x', 'y'], ['a', 'b'], 45, 40), 45);
});

test('scrollIntoView moves the least needed', () => {
  assert.equal(scrollIntoView(5, 0, 100, 20), 20);
  assert.equal(scrollIntoView(1, 100, 100, 20), 20);
  assert.equal(scrollIntoView(6, 100, 100, 20), 100);
});
