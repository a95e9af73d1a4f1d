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

test('a ghost with afterSpanId follows that sibling\'s visible subtree, at the sibling\'s depth', () => {
  // r → a (→ a1 → a2), b; ghosts under r: g1 after a, g2 at the end, g3 after a.
  const spans = [span('r', null, 0, 10), span('a', 'r', 1, 3), span('a1', 'a', 1, 2), span('a2', 'a1', 1, 1), span('b', 'r', 5, 1)];
  const ghosts = [
    { ghost: true as const, parentSpanId: 'r', afterSpanId: 'a', label: 'g1' },
    { ghost: true as const, parentSpanId: 'r', afterSpanId: null, label: 'g2' },
    { ghost: true as const, parentSpanId: 'r', afterSpanId: 'a', label: 'g3' },
  ];
  const index = buildTreeIndex(spans, ghosts);
  const open = flattenTree(index, new Set());
  assert.deepEqual(ids(open), ['r', 'a', 'a1', 'a2', 'ghost:g1', 'ghost:g3', 'b', 'ghost:g2']);
  assert.deepEqual(open.filter((r) => r.type === 'ghost').map((r) => r.depth), [1, 1, 1]);
  // Collapsed sibling: right after its row. Collapsed parent: all hidden.
  assert.deepEqual(ids(flattenTree(index, new Set(['a']))), ['r', 'a', 'ghost:g1', 'ghost:g3', 'b', 'ghost:g2']);
  assert.deepEqual(ids(flattenTree(index, new Set(['a1']))), ['r', 'a', 'a1', 'ghost:g1', 'ghost:g3', 'b', 'ghost:g2']);
  assert.deepEqual(ids(flattenTree(index, new Set(['r']))), ['r']);
  assert.deepEqual(ids(flattenTree(index, allParents(index))), ['r']);
});

test('a ghost whose afterSpanId is absent, null, unknown or not a sibling keeps its place after all children', () => {
  const spans = [span('r', null, 0, 10), span('a', 'r', 1, 3), span('a1', 'a', 1, 2), span('b', 'r', 5, 1), span('x', 'gone', 6, 1)];
  for (const afterSpanId of [undefined, null, 'nope', 'a1', 'r', 'x']) {
    const index = buildTreeIndex(spans, [{ ghost: true, parentSpanId: 'r', label: 'g', ...(afterSpanId === undefined ? {} : { afterSpanId }) }]);
    assert.deepEqual(ids(flattenTree(index, new Set())), ['r', 'a', 'a1', 'b', 'ghost:g', 'x'], `afterSpanId ${String(afterSpanId)}`);
  }
});

test('a root-level ghost (no parent span) follows a root-level sibling, orphans included', () => {
  const spans = [span('r', null, 0, 10), span('r1', 'r', 1, 1), span('x', 'gone', 20, 1), span('s', null, 30, 1)];
  const at = (afterSpanId: string | null, parentSpanId: string | null = null) =>
    ids(flattenTree(buildTreeIndex(spans, [{ ghost: true, parentSpanId, afterSpanId, label: 'g' }]), new Set()));
  assert.deepEqual(at('r'), ['r', 'r1', 'ghost:g', 'x', 's']);
  assert.deepEqual(at('x'), ['r', 'r1', 'x', 'ghost:g', 's']);
  assert.deepEqual(at(null), ['r', 'r1', 'x', 's', 'ghost:g']);
  // A parent id that is not in the trace falls back to the root level, as before.
  assert.deepEqual(at('r', 'gone'), ['r', 'r1', 'ghost:g', 'x', 's']);
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

test('property: each ghost shows once, after its drawn sibling\'s subtree when it names one, else after all children', () => {
  const arb = fc.record({
    parents: fc.array(fc.nat(30), { minLength: 1, maxLength: 40 }),
    ghosts: fc.array(fc.record({ parent: fc.option(fc.nat(35)), after: fc.option(fc.nat(35)) }), { maxLength: 6 }),
  });
  fc.assert(fc.property(arb, ({ parents, ghosts }) => {
    const spans = parents.map((p, i) => span(`s${i}`, p === i ? null : `s${p}`, i, 1));
    const rows = flattenTree(buildTreeIndex(spans, ghosts.map((g, i) => ({
      ghost: true as const, label: `g${i}`,
      parentSpanId: g.parent === null ? null : `s${g.parent}`, afterSpanId: g.after === null ? null : `s${g.after}`,
    }))), new Set());
    const key = (r: FlatRow): string => (r.type === 'span' ? r.span.spanId : `ghost:${r.ghost.label}`);
    const at = new Map(rows.map((r, i) => [key(r), i]));
    // The drawn parent of row i: the nearest row above it that is shallower ('' at the root level).
    const drawnParent = (i: number): string => {
      for (let j = i - 1; j >= 0; j--) if (rows[j]!.depth < rows[i]!.depth) return key(rows[j]!);
      return '';
    };
    const subtreeEnd = (i: number): number => {
      let j = i + 1;
      while (j < rows.length && rows[j]!.depth > rows[i]!.depth) j++;
      return j;
    };
    ghosts.forEach((g, n) => {
      const k = at.get(`ghost:g${n}`);
      assert.ok(k !== undefined, `ghost g${n} shown`);
      const parent = drawnParent(k);
      const expectedParent = g.parent !== null && at.has(`s${g.parent}`) ? `s${g.parent}` : '';
      assert.equal(parent, expectedParent);
      const sib = g.after === null ? undefined : at.get(`s${g.after}`);
      const sameLevelGhost = (j: number): boolean => rows[j]!.type === 'ghost' && rows[j]!.depth === rows[k]!.depth;
      if (sib !== undefined && drawnParent(sib) === parent && rows[sib]!.depth === rows[k]!.depth) {
        // Right after the sibling's subtree; only ghosts following the same sibling come between.
        const from = subtreeEnd(sib);
        assert.ok(k >= from, `g${n} at ${k}, expected from ${from}`);
        for (let j = from; j < k; j++) assert.ok(sameLevelGhost(j), `row ${j} before g${n}`);
      } else {
        // After every span child of the parent: only ghosts follow it within the parent's subtree.
        const end = parent === '' ? rows.length : subtreeEnd(at.get(parent)!);
        for (let j = k + 1; j < end; j++) assert.ok(sameLevelGhost(j), `row ${j} after g${n}`);
      }
    });
    assert.equal(rows.filter((r) => r.type === 'ghost').length, ghosts.length);
  }));
});

test('a preview index: spans with children not loaded yet show as parents and open as the whole trace would', () => {
  const index = buildTreeIndex([span('root', null, 0, 100), span('a', 'root', 10, 5), span('b', 'root', 20, 5)], [], { a: 40 });
  // Sized as the whole trace (5000 spans): the top level open, the level below collapsed.
  const collapsed = initialCollapsed(index, 2000, 2, 5000);
  assert.deepEqual([...collapsed], ['a']);
  const rows = flattenTree(index, collapsed);
  assert.deepEqual(ids(rows), ['root', 'a', 'b']);
  assert.deepEqual(rows.map((r) => r.type === 'span' && r.hasChildren), [true, true, false]);
  assert.deepEqual([...allParents(index)].sort(), ['a', 'root']);
  // Sized as itself (3 spans), the same index would open fully.
  assert.equal(initialCollapsed(index).size, 0);
});
