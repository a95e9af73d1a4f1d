import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allParents, ancestorsOf, buildTreeIndex, flattenTree, initialCollapsed, type FlatRow } from '../../../webview/model/tree';
import { span } from './helpers';

const ids = (rows: FlatRow[]): string[] => rows.map((r) => (r.type === 'span' ? r.span.spanId : `ghost:${r.ghost.label}`));

test('children are ordered by start time and nested depth-first', () => {
  const index = buildTreeIndex([
    span('root', null, 0, 100),
    span('b', 'root', 50, 10),
    span('a', 'root', 10, 10),
    span('a1', 'a', 12, 2),
  ]);
  const rows = flattenTree(index, new Set());
  assert.deepEqual(ids(rows), ['root', 'a', 'a1', 'b']);
  assert.deepEqual(rows.map((r) => r.depth), [0, 1, 2, 1]);
  assert.equal(index.totalMs, 100);
  assert.equal(index.offsetMs.get('b'), 50);
});

test('collapsing hides the subtree only', () => {
  const index = buildTreeIndex([span('r', null, 0, 10), span('a', 'r', 1, 1), span('a1', 'a', 1, 1), span('b', 'r', 2, 1)]);
  const rows = flattenTree(index, new Set(['a']));
  assert.deepEqual(ids(rows), ['r', 'a', 'b']);
  const a = rows[1]!;
  assert.ok(a.type === 'span' && a.hasChildren && !a.expanded);
});

test('spans whose parent is missing become marked root-level orphans', () => {
  const index = buildTreeIndex([span('r', null, 0, 10), span('x', 'not-here', 5, 1)]);
  const rows = flattenTree(index, new Set());
  assert.deepEqual(ids(rows), ['r', 'x']);
  const x = rows[1]!;
  assert.ok(x.type === 'span' && x.orphan && x.depth === 0);
});

test('parent cycles and self-parents do not lose spans or loop', () => {
  const index = buildTreeIndex([span('a', 'b', 0, 1), span('b', 'a', 1, 1), span('s', 's', 2, 1)]);
  const rows = flattenTree(index, new Set());
  assert.deepEqual(new Set(ids(rows)), new Set(['a', 'b', 's']));
  assert.equal(rows.length, 3);
});

test('ghost rows hang under their parent after its span children', () => {
  const index = buildTreeIndex([span('r', null, 0, 10), span('a', 'r', 1, 1)], [
    { ghost: true, parentSpanId: 'r', label: 'missing retrieval' },
    { ghost: true, parentSpanId: null, label: 'missing root' },
  ]);
  const rows = flattenTree(index, new Set());
  assert.deepEqual(ids(rows), ['r', 'a', 'ghost:missing retrieval', 'ghost:missing root']);
  assert.equal(rows[2]!.depth, 1);
  assert.equal(rows[3]!.depth, 0);
});

test('a 100k-deep chain flattens without overflowing the stack', () => {
  const spans = [span('s0', null, 0, 1)];
  for (let i = 1; i < 100_000; i++) spans.push(span(`s${i}`, `s${i - 1}`, i * 0.001, 0.001));
  const index = buildTreeIndex(spans);
  assert.equal(flattenTree(index, new Set()).length, 100_000);
  assert.deepEqual(ancestorsOf(index, 's3'), ['s2', 's1', 's0']);
  // Big trees open only the first levels.
  const collapsed = initialCollapsed(index);
  assert.equal(flattenTree(index, collapsed).length, 2);
});

test('collapse all then expand all restores every row', () => {
  const index = buildTreeIndex([span('r', null, 0, 10), span('a', 'r', 1, 1), span('a1', 'a', 1, 1)]);
  assert.deepEqual(ids(flattenTree(index, allParents(index))), ['r']);
  assert.equal(flattenTree(index, new Set()).length, 3);
});

test('property: every span appears exactly once when expanded, with depth = parent depth + 1', () => {
  fc.assert(fc.property(fc.array(fc.nat(40), { minLength: 1, maxLength: 60 }), (parents) => {
    // span i has parent parents[i] (when < i, a real tree), else missing or a forward id (may cycle).
    const spans = parents.map((p, i) => span(`s${i}`, p === i ? null : `s${p}`, i, 1));
    const index = buildTreeIndex(spans);
    const rows = flattenTree(index, new Set());
    const seen = ids(rows);
    assert.equal(seen.length, spans.length);
    assert.equal(new Set(seen).size, spans.length);
    const depthOf = new Map(rows.map((r) => [r.type === 'span' ? r.span.spanId : '', r.depth]));
    for (const r of rows) {
      if (r.type !== 'span' || r.orphan || r.span.parentSpanId === null) continue;
      assert.equal(r.depth, (depthOf.get(r.span.parentSpanId) ?? -1) + 1);
    }
  }));
});
