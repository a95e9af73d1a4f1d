import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CompareRow } from '../../../src/core/compare';
import {
  compareRowKey, deltaTone, differingRows, formatDurationDelta, formatTokenDelta, isDifferent, isNotableDelta, refreshedRowsView,
  reselectedIndex, sameTraceExtent, shownRows, sideLabel, statusChangeLabel,
} from '../../../webview/model/compare';

function row(name: string, depth: number, extra: Partial<CompareRow> = {}): CompareRow {
  return {
    depth, name, kind: 'other', side: 'both', a: `a-${name}`, b: `b-${name}`, aDurationMs: 100, bDurationMs: 100, durationDeltaMs: 0,
    aTokens: null, bTokens: null, tokenDelta: null, aStatus: 'ok', bStatus: 'ok', statusChanged: false, ...extra,
  };
}

test('signed deltas: plus, a real minus sign, zero, none', () => {
  assert.equal(formatDurationDelta(120), '+120 ms');
  assert.equal(formatDurationDelta(-1200), '\u22121.20 s');
  assert.equal(formatDurationDelta(0), '0 ms');
  assert.equal(formatDurationDelta(null), '');
  assert.equal(formatTokenDelta(50), '+50');
  assert.equal(formatTokenDelta(-1200), '\u22121.2k');
  assert.equal(formatTokenDelta(0), '');
  assert.equal(formatTokenDelta(null), '');
});

test('a delta is notable from 1 ms and 10% of A', () => {
  assert.ok(isNotableDelta(120, 1000));
  assert.ok(!isNotableDelta(90, 1000));
  assert.ok(!isNotableDelta(0.5, 2));
  assert.ok(isNotableDelta(-5, 10));
  assert.ok(!isNotableDelta(null, 10));
  assert.equal(deltaTone({ durationDeltaMs: 500, aDurationMs: 1000 }), 'slower');
  assert.equal(deltaTone({ durationDeltaMs: -500, aDurationMs: 1000 }), 'faster');
  assert.equal(deltaTone({ durationDeltaMs: 5, aDurationMs: 1000 }), 'same');
});

test('marks: one-sided rows and status changes', () => {
  assert.equal(sideLabel(row('x', 0, { side: 'a' })), 'only in A');
  assert.equal(sideLabel(row('x', 0, { side: 'b' })), 'only in B');
  assert.equal(sideLabel(row('x', 0)), null);
  assert.equal(statusChangeLabel(row('x', 0, { statusChanged: true, aStatus: 'ok', bStatus: 'error' })), 'ok → error');
  assert.equal(statusChangeLabel(row('x', 0)), null);
});

test('differences only keeps differing rows and their ancestors, in order', () => {
  const rows = [
    row('root', 0),
    row('same', 1),
    row('same-child', 2),
    row('plan', 1),
    row('step', 2),
    row('gone', 3, { side: 'a', b: null }),
    row('tokens', 2, { tokenDelta: 40 }),
    row('judge', 1, { statusChanged: true, bStatus: 'error' }),
    row('other-root', 0),
  ];
  assert.deepEqual(differingRows(rows).map((r) => r.name), ['root', 'plan', 'step', 'gone', 'tokens', 'judge']);
  assert.deepEqual(differingRows(rows.filter((r) => !isDifferent(r))), []);
});

test('property: differences only is an ordered subset holding every differing row, each with its parent before it', () => {
  const arbRows = fc.array(fc.record({ step: fc.integer({ min: -3, max: 1 }), differs: fc.boolean() }), { maxLength: 40 }).map((specs) => {
    let depth = -1;
    return specs.map((x, i) => {
      depth = Math.max(0, depth + x.step);
      return row(`r${i}`, depth, x.differs ? { side: 'a', b: null } : {});
    });
  });
  fc.assert(fc.property(arbRows, (rows) => {
    const out = differingRows(rows);
    const at = out.map((r) => rows.indexOf(r));
    assert.deepEqual(at, [...at].sort((x, y) => x - y), 'in order, no repeats');
    assert.equal(new Set(at).size, at.length);
    for (const r of rows) if (isDifferent(r)) assert.ok(out.includes(r));
    out.forEach((r, i) => {
      if (r.depth === 0) return;
      const before = rows.slice(0, rows.indexOf(r)).reverse();
      const parent = before.find((p) => p.depth === r.depth - 1);
      assert.ok(parent && out.slice(0, i).includes(parent), `${r.name}'s parent is kept before it`);
    });
  }));
});

test('a row is found again by its span pair, not its position or name', () => {
  const before = [row('root', 0), row('plan', 1), row('gone', 1, { side: 'a', b: null })];
  const after = [row('root', 0), row('new', 1, { side: 'b', a: null }), row('plan', 1), row('gone', 1, { side: 'a', b: null })];
  assert.equal(reselectedIndex(before, 1, after), 2);
  assert.equal(reselectedIndex(before, 2, after), 3, 'a one-sided row keys on its one span');
  assert.equal(reselectedIndex(before, -1, after), -1, 'nothing selected');
  // B gained the span A's "gone" lacked: the row is now a pair, a different row.
  const paired = [row('root', 0), row('plan', 1), row('gone', 1)];
  assert.equal(reselectedIndex(before, 2, paired), -1);
  assert.equal(reselectedIndex(before, 1, [row('plan', 1, { b: 'b-other' })]), -1, 'same name, other span');
  assert.notEqual(compareRowKey(row('x', 0, { a: 'ab', b: 'c' })), compareRowKey(row('x', 0, { a: 'a', b: 'bc' })));
});

test('after a re-comparison the selection and the row at the top of the viewport stay; the filter applies to the new rows', () => {
  const H = 20;
  const old = Array.from({ length: 30 }, (_, i) => row(`r${i}`, 1));
  const before = { rows: old, selected: 12, scrollTop: 10 * H + 5 };
  // Two spans arrive above the viewport, one below it.
  const rows = [old[0]!, row('new1', 1, { side: 'b', a: null }), row('new2', 1, { side: 'b', a: null }), ...old.slice(1), row('new3', 1, { side: 'b', a: null })];
  const next = refreshedRowsView(before, rows, H);
  assert.equal(next.rows, rows);
  assert.equal(next.rows[next.selected]?.name, 'r12');
  assert.equal(next.scrollTop, 12 * H + 5, 'r10 is still the top row, at the same offset');
  assert.equal(refreshedRowsView({ ...before, scrollTop: 0 }, rows, H).scrollTop, 0, 'at the top the new rows show');
  const gone = refreshedRowsView(before, old.filter((r) => r.name !== 'r12'), H);
  assert.equal(gone.selected, -1, 'the selected row left');

  const differing = shownRows(rows, true);
  assert.deepEqual(differing.map((r) => r.name), ['new1', 'new2', 'new3']);
  assert.equal(shownRows(rows, false), rows);
});

test('a trace counts as unchanged while its span count and end stay', () => {
  const shown = { spanCount: 8, endTimeUnixNano: '2000' };
  assert.ok(sameTraceExtent(shown, { spanCount: 8, endTimeUnixNano: '2000' }));
  assert.ok(!sameTraceExtent(shown, { spanCount: 9, endTimeUnixNano: '2000' }), 'a span arrived');
  assert.ok(!sameTraceExtent(shown, { spanCount: 8, endTimeUnixNano: '2100' }), 'the trace ended later');
  assert.ok(!sameTraceExtent(shown, null), 'cleared');
  assert.ok(!sameTraceExtent(null, shown), 'arrived');
  assert.ok(sameTraceExtent(null, null));
});
