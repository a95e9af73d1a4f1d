import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeKey } from '../../../webview/model/keyboard';
import { buildTreeIndex, flattenTree } from '../../../webview/model/tree';
import { span } from './helpers';

const index = buildTreeIndex([span('r', null, 0, 10), span('a', 'r', 1, 1), span('a1', 'a', 1, 1), span('b', 'r', 2, 1)]);
const open = flattenTree(index, new Set()); // r, a, a1, b

test('up/down move the selection and stop at the ends', () => {
  assert.deepEqual(treeKey(open, 0, 'ArrowDown'), { select: 1 });
  assert.deepEqual(treeKey(open, 3, 'ArrowDown'), { select: 3 });
  assert.deepEqual(treeKey(open, 0, 'ArrowUp'), { select: 0 });
  assert.deepEqual(treeKey(open, -1, 'ArrowDown'), { select: 0 });
  assert.deepEqual(treeKey(open, 1, 'End'), { select: 3 });
});

test('right expands a collapsed parent, then moves to its first child', () => {
  const closed = flattenTree(index, new Set(['a'])); // r, a, b
  assert.deepEqual(treeKey(closed, 1, 'ArrowRight'), { toggle: { spanId: 'a', expand: true } });
  assert.deepEqual(treeKey(open, 1, 'ArrowRight'), { select: 2 });
  assert.deepEqual(treeKey(open, 2, 'ArrowRight'), {});
});

test('left collapses an open parent, else goes to the parent row', () => {
  assert.deepEqual(treeKey(open, 1, 'ArrowLeft'), { toggle: { spanId: 'a', expand: false } });
  assert.deepEqual(treeKey(open, 2, 'ArrowLeft'), { select: 1 });
  assert.deepEqual(treeKey(open, 3, 'ArrowLeft'), { select: 0 });
});

test('enter opens the selected span', () => {
  assert.deepEqual(treeKey(open, 2, 'Enter'), { open: true });
  assert.deepEqual(treeKey([], 0, 'Enter'), {});
});
