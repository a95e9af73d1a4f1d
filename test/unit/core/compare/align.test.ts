import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareTraces, type CompareRow, type ComparedSpan } from '../../../../src/core/compare';
import { TraceStore } from '../../../../src/core/store';
import { refundTrace } from '../../../e2e/refund-trace';

/** A span at `startMs` named `name`; ids only need to be unique within one trace. */
function s(spanId: string, parent: string | null, name: string, startMs: number, extra: Partial<ComparedSpan> = {}): ComparedSpan {
  return {
    spanId, parentSpanId: parent, name, kind: 'other', startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(startMs) * 1_000_000n),
    durationMs: 10, status: 'unset', inputTokens: null, outputTokens: null, ...extra,
  };
}

const view = (rows: CompareRow[]): string[] => rows.map((r) => `${'  '.repeat(r.depth)}${r.name} ${r.a ?? '-'}/${r.b ?? '-'}`);

test('the refund run without its citation check: one row only in A, everything else matched', async () => {
  const store = await TraceStore.open({ dir: null });
  try {
    const good = refundTrace();
    const bad = refundTrace({ skipCitationCheck: true });
    for (const t of [good, bad]) store.ingestRequest(new TextEncoder().encode(JSON.stringify(t.body)), 'traces', 'json');
    const result = compareTraces(store.getTraceStructure(good.traceId), store.getTraceStructure(bad.traceId));
    assert.deepEqual(result.rows.map((r) => [r.depth, r.name, r.side]), [
      [0, 'refund.answer', 'both'],
      [1, 'query.rewrite', 'both'],
      [1, 'retrieve.policies', 'both'],
      [1, 'rerank', 'both'],
      [1, 'llm.generate', 'both'],
      [2, 'execute_tool lookup_order', 'both'],
      [1, 'tool.citation_check', 'a'],
      [1, 'judge.answer', 'both'],
    ]);
    const cite = result.rows.find((r) => r.name === 'tool.citation_check')!;
    assert.equal(cite.a, good.ids.cite);
    assert.equal(cite.b, null);
    assert.equal(cite.kind, 'tool');
    assert.equal(cite.durationDeltaMs, null);
    assert.deepEqual([result.onlyInA, result.onlyInB, result.statusChanges], [1, 0, 0]);
    const generate = result.rows.find((r) => r.name === 'llm.generate')!;
    assert.deepEqual([generate.a, generate.b], [good.ids.generate, bad.ids.generate]);
    assert.deepEqual([generate.aTokens, generate.bTokens, generate.tokenDelta], [739, 739, 0]);
  } finally {
    await store.close();
  }
});

test('repeated names match by their occurrence among same-named siblings', () => {
  const a = [s('r', null, 'agent', 0), s('g1', 'r', 'llm.generate', 1, { durationMs: 100 }), s('t', 'r', 'tool', 2), s('g2', 'r', 'llm.generate', 3, { durationMs: 200 })];
  const b = [s('R', null, 'agent', 0), s('G1', 'R', 'llm.generate', 1, { durationMs: 150 }), s('G2', 'R', 'llm.generate', 2, { durationMs: 120 }),
    s('G3', 'R', 'llm.generate', 3, { durationMs: 5 })];
  const { rows } = compareTraces(a, b);
  assert.deepEqual(view(rows), ['agent r/R', '  llm.generate g1/G1', '  tool t/-', '  llm.generate g2/G2', '  llm.generate -/G3']);
  assert.deepEqual(rows.map((r) => r.durationDeltaMs), [0, 50, null, -80, null]);
});

test('reordered siblings still match; B-only spans sit next to their neighbour in B', () => {
  const a = [s('r', null, 'root', 0), s('x', 'r', 'x', 1), s('y', 'r', 'y', 2), s('z', 'r', 'z', 3)];
  const b = [s('R', null, 'root', 0), s('N0', 'R', 'first', 1), s('Z', 'R', 'z', 2), s('N1', 'R', 'new', 3), s('Y', 'R', 'y', 4), s('X', 'R', 'x', 5)];
  const { rows } = compareTraces(a, b);
  // "first" precedes z in B (so it goes before z), "new" follows z; A's order x, y, z stays.
  assert.deepEqual(view(rows), ['root r/R', '  x x/X', '  y y/Y', '  first -/N0', '  z z/Z', '  new -/N1']);
});

test('a subtree only on one side is one-sided all the way down, at the right depth', () => {
  const a = [s('r', null, 'root', 0), s('k', 'r', 'keep', 1)];
  const b = [s('R', null, 'root', 0), s('K', 'R', 'keep', 1), s('P', 'R', 'plan', 2), s('P1', 'P', 'step', 3), s('P2', 'P1', 'leaf', 4)];
  const result = compareTraces(a, b);
  assert.deepEqual(view(result.rows), ['root r/R', '  keep k/K', '  plan -/P', '    step -/P1', '      leaf -/P2']);
  assert.equal(result.onlyInB, 3);
});

test('different roots do not match: each trace shows only on its side', () => {
  const { rows, onlyInA, onlyInB } = compareTraces([s('a', null, 'alpha', 0), s('a1', 'a', 'step', 1)], [s('b', null, 'beta', 0), s('b1', 'b', 'step', 1)]);
  assert.deepEqual(view(rows), ['alpha a/-', '  step a1/-', 'beta -/b', '  step -/b1']);
  assert.deepEqual([onlyInA, onlyInB], [2, 2]);
});

test('empty traces give no rows; one empty side makes every row one-sided', () => {
  assert.deepEqual(compareTraces([], []).rows, []);
  const { rows } = compareTraces([], [s('r', null, 'root', 0)]);
  assert.deepEqual(rows.map((r) => r.side), ['b']);
});

test('status changes, token deltas and orphans', () => {
  const a = [s('r', null, 'root', 0), s('l', 'r', 'llm', 1, { status: 'ok', inputTokens: 100, outputTokens: 20 }), s('o', 'gone', 'late', 5)];
  const b = [s('R', null, 'root', 0), s('L', 'R', 'llm', 1, { status: 'error', inputTokens: 150, outputTokens: null }), s('O', 'lost', 'late', 5)];
  const result = compareTraces(a, b);
  const llm = result.rows[1]!;
  assert.deepEqual([llm.aStatus, llm.bStatus, llm.statusChanged], ['ok', 'error', true]);
  assert.deepEqual([llm.aTokens, llm.bTokens, llm.tokenDelta], [120, 150, 30]);
  assert.equal(result.statusChanges, 1);
  assert.equal(result.rows[0]!.tokenDelta, null, 'no tokens on either side: no delta');
  assert.deepEqual(view(result.rows), ['root r/R', '  llm l/L', 'late o/O'], 'orphans sit at the root level');
});

test('a parent cycle and a 20k-deep chain are walked without losing spans or the stack', () => {
  const cycle = [s('p', 'q', 'p', 0), s('q', 'p', 'q', 1)];
  assert.equal(compareTraces(cycle, cycle).rows.length, 2);
  const chain = Array.from({ length: 20_000 }, (_, i) => s(`c${i}`, i ? `c${i - 1}` : null, 'step', i));
  const { rows } = compareTraces(chain, chain.slice(0, 19_999));
  assert.equal(rows.length, 20_000);
  assert.equal(rows.at(-1)!.depth, 19_999);
  assert.equal(rows.at(-1)!.side, 'a');
});

const arbTrace = fc.array(fc.record({
  parent: fc.option(fc.nat(15), { nil: null }),
  name: fc.constantFrom('llm', 'tool', 'retrieve', 'agent'),
  start: fc.nat(50),
  dur: fc.nat(500),
  tokens: fc.option(fc.nat(1000), { nil: null }),
  status: fc.constantFrom('ok' as const, 'error' as const, 'unset' as const),
}), { maxLength: 16 }).map((specs) => specs.map((x, i) => s(`s${i}`, x.parent === null ? null : `s${x.parent}`, x.name, x.start, {
  durationMs: x.dur, inputTokens: x.tokens, status: x.status,
})));

test('property: a trace compared with itself has no one-sided rows and zero deltas', () => {
  fc.assert(fc.property(arbTrace, (spans) => {
    const result = compareTraces(spans, spans);
    assert.equal(result.rows.length, spans.length);
    assert.deepEqual([result.onlyInA, result.onlyInB, result.statusChanges], [0, 0, 0]);
    for (const r of result.rows) {
      assert.equal(r.side, 'both');
      assert.equal(r.a, r.b);
      assert.equal(r.durationDeltaMs, 0);
      assert.ok(r.tokenDelta === null || r.tokenDelta === 0);
    }
  }));
});

test('property: swapping A and B mirrors every row (as a set: B-only spans are placed by B\'s order)', () => {
  const mirror = (r: CompareRow): string => JSON.stringify([r.depth, r.name, r.b, r.a, r.bDurationMs, r.aDurationMs,
    r.durationDeltaMs === null ? null : -r.durationDeltaMs, r.tokenDelta === null ? null : -r.tokenDelta + 0, r.statusChanged]);
  const plain = (r: CompareRow): string => JSON.stringify([r.depth, r.name, r.a, r.b, r.aDurationMs, r.bDurationMs,
    r.durationDeltaMs, r.tokenDelta === null ? null : r.tokenDelta + 0, r.statusChanged]);
  fc.assert(fc.property(arbTrace, arbTrace, (a, b) => {
    const ab = compareTraces(a, b);
    const ba = compareTraces(b, a);
    assert.deepEqual(ab.rows.map(mirror).sort(), ba.rows.map(plain).sort());
    assert.deepEqual([ab.onlyInA, ab.onlyInB, ab.statusChanges], [ba.onlyInB, ba.onlyInA, ba.statusChanges]);
    assert.equal(ab.rows.length, new Set(ab.rows.map((r) => `${r.a}|${r.b}`)).size);
    assert.equal(ab.rows.filter((r) => r.a).length, a.length);
    assert.equal(ab.rows.filter((r) => r.b).length, b.length);
  }));
});
