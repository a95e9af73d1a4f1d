import assert from 'node:assert/strict';
import { test } from 'node:test';
import { droppedColumns, type ColumnSpec } from '../../../webview/model/columns';

const cols: ColumnSpec[] = [
  { key: 'name', width: 100, drop: 0 },
  { key: 'a', width: 50, drop: 1 },
  { key: 'b', width: 50, drop: 3 },
  { key: 'c', width: 50, drop: 2 },
];

test('nothing is dropped when every column fits', () => {
  assert.deepEqual(droppedColumns(cols, 250), []);
  assert.deepEqual(droppedColumns(cols, 1000, 6), []);
});

test('columns go highest drop first, only as many as needed', () => {
  assert.deepEqual(droppedColumns(cols, 249), ['b']);
  assert.deepEqual(droppedColumns(cols, 200), ['b']);
  assert.deepEqual(droppedColumns(cols, 199), ['b', 'c']);
  assert.deepEqual(droppedColumns(cols, 120), ['b', 'c', 'a']);
});

test('gaps count between the columns kept', () => {
  // 4 columns: 250 + 3 gaps of 10 = 280; without b: 200 + 2 gaps = 220.
  assert.deepEqual(droppedColumns(cols, 280, 10), []);
  assert.deepEqual(droppedColumns(cols, 279, 10), ['b']);
  assert.deepEqual(droppedColumns(cols, 220, 10), ['b']);
});

test('a column with drop 0 stays even when nothing fits; equal drops go right to left', () => {
  assert.deepEqual(droppedColumns(cols, 10), ['b', 'c', 'a']);
  const tied: ColumnSpec[] = [{ key: 'x', width: 10, drop: 0 }, { key: 'l', width: 10, drop: 1 }, { key: 'r', width: 10, drop: 1 }];
  assert.deepEqual(droppedColumns(tied, 20), ['r']);
});
