import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criticalPath } from '../../../webview/model/criticalPath';
import { buildTreeIndex } from '../../../webview/model/tree';
import { span } from './helpers';

const sorted = (s: Set<string>): string[] => [...s].sort();

test('sequential steps are all on the path; a parallel branch that finished early is not', () => {
  // root 0–100: retrieve 5–30 ∥ cache 5–10, then generate 30–90 (with a nested http call 40–80), then judge 90–98
  const index = buildTreeIndex([
    span('root', null, 0, 100),
    span('retrieve', 'root', 5, 25),
    span('cache', 'root', 5, 5),
    span('generate', 'root', 30, 60),
    span('http', 'generate', 40, 40),
    span('judge', 'root', 90, 8),
  ]);
  assert.deepEqual(sorted(criticalPath(index)), ['generate', 'http', 'judge', 'retrieve', 'root']);
});

test('of two overlapping children the one that ends last sets the time', () => {
  const index = buildTreeIndex([
    span('root', null, 0, 50),
    span('fast', 'root', 0, 20),
    span('slow', 'root', 0, 45),
  ]);
  assert.deepEqual(sorted(criticalPath(index)), ['root', 'slow']);
});

test('several top-level spans: the chain that reaches the trace end', () => {
  const index = buildTreeIndex([
    span('a', null, 0, 10),
    span('b', null, 12, 30),
    span('c', null, 13, 5),
  ]);
  assert.deepEqual(sorted(criticalPath(index)), ['a', 'b']);
});

test('a deep chain does not overflow the stack; an empty trace has no path', () => {
  const spans = [span('s0', null, 0, 100_000)];
  for (let i = 1; i < 50_000; i++) spans.push(span(`s${i}`, `s${i - 1}`, i, 100_000 - 2 * i));
  assert.equal(criticalPath(buildTreeIndex(spans)).size, 50_000);
  assert.equal(criticalPath(buildTreeIndex([])).size, 0);
});
