import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatDuration } from '../../../webview/model/format';
import { MIN_TICK_SPACING_PX, TICK_LABEL_GAP_PX, axisTicks, extent, roundSteps, type AxisTick } from '../../../webview/model/timeAxis';

/** About the axis font's average glyph width. */
const charWidth = (px: number) => (label: string): number => label.length * px;
const labels = (ticks: AxisTick[]): string[] => ticks.map((t) => t.label);

function firstSteps(minMs: number, count: number): number[] {
  const out: number[] = [];
  for (const step of roundSteps(minMs)) {
    out.push(step);
    if (out.length === count) break;
  }
  return out;
}

test('ticks fall on round values, start at 0 and end at the total, right-aligned', () => {
  const ticks = axisTicks(300, 2460, charWidth(6));
  assert.deepEqual(labels(ticks), ['0', '500 ms', '1 s', '1.5 s', '2.46 s']);
  assert.deepEqual(ticks.map((t) => t.align), ['start', 'center', 'center', 'center', 'end']);
  assert.deepEqual(ticks.map((t) => t.fraction), [0, 500 / 2460, 1000 / 2460, 1500 / 2460, 1]);
});

test('a tick crowding the end label is dropped rather than overlapping it', () => {
  // 2 s would sit 81% along a 300 px track, its label running into "2.46 s".
  assert.ok(!labels(axisTicks(300, 2460, charWidth(6))).includes('2 s'));
  assert.deepEqual(labels(axisTicks(300, 0.35, charWidth(6))), ['0', '100 µs', '200 µs', '350 µs']);
});

test('a narrow track shows fewer ticks; too narrow for both ends, only the total', () => {
  assert.deepEqual(labels(axisTicks(150, 2460, charWidth(6))), ['0', '1 s', '2.46 s']);
  assert.deepEqual(labels(axisTicks(60, 2460, charWidth(6))), ['0', '2.46 s']);
  assert.deepEqual(axisTicks(40, 2460, charWidth(6)), [{ fraction: 1, label: '2.46 s', align: 'end' }]);
});

test('wider glyphs get fewer ticks on the same track', () => {
  const narrowFont = axisTicks(400, 7500, charWidth(6));
  const wideFont = axisTicks(400, 7500, charWidth(16));
  assert.deepEqual(labels(narrowFont), ['0', '1 s', '2 s', '3 s', '4 s', '5 s', '6 s', '7.50 s']);
  assert.deepEqual(labels(wideFont), ['0', '2 s', '4 s', '7.50 s']);
});

test('labels above a minute read in minutes', () => {
  assert.deepEqual(labels(axisTicks(400, 125_000, charWidth(6))), ['0', '20 s', '40 s', '1m', '1m 20s', '1m 40s', '2m 5s']);
});

test('steps finer than a label can show are not used (labels would repeat)', () => {
  assert.deepEqual(labels(axisTicks(100, 0.001, charWidth(3))), ['0', '1 µs']);
});

test('no width yet or an empty trace: nothing to crowd', () => {
  assert.deepEqual(axisTicks(0, 2460, charWidth(6)), []);
  assert.deepEqual(axisTicks(Number.NaN, 2460, charWidth(6)), []);
  assert.deepEqual(labels(axisTicks(300, 0, charWidth(6))), ['0']);
  assert.deepEqual(labels(axisTicks(300, Number.POSITIVE_INFINITY, charWidth(6))), ['0']);
});

test('round steps: 1, 2, 5 × 10^k below a minute, then minutes, then hours', () => {
  assert.deepEqual(firstSteps(0.3, 6), [0.5, 1, 2, 5, 10, 20]);
  assert.deepEqual(firstSteps(15_000, 10), [20_000, 50_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000]);
  assert.deepEqual(firstSteps(2, 1), [2]);
});

test('property: labels stay on the track and never overlap, mid ticks are one round step apart', () => {
  const isRoundStep = (ms: number): boolean => {
    const [first] = firstSteps(ms * (1 - 1e-9), 1);
    return first !== undefined && Math.abs(first - ms) <= ms * 1e-9;
  };
  // Integers scaled down rather than fc.double: doubles shrink a counterexample for minutes.
  const trackWidths = fc.integer({ min: 100, max: 200_000 }).map((n) => n / 100);
  const totals = fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: -6, max: 4 })).map(([m, e]) => m * 10 ** e);
  const glyphWidths = fc.integer({ min: 30, max: 140 }).map((n) => n / 10);
  fc.assert(fc.property(trackWidths, totals, glyphWidths, (trackPx, totalMs, glyphPx) => {
    const width = charWidth(glyphPx);
    const ticks = axisTicks(trackPx, totalMs, width);
    const last = ticks[ticks.length - 1];
    assert.deepEqual(last, { fraction: 1, label: formatDuration(totalMs), align: 'end' }, 'the total closes the axis');
    if (ticks.length === 1) {
      assert.ok(width('0') + TICK_LABEL_GAP_PX + width(last.label) > trackPx, 'the start is left out only when it does not fit');
      return;
    }
    assert.deepEqual(ticks[0], { fraction: 0, label: '0', align: 'start' });
    const spans = ticks.map((t) => extent(t, trackPx, width));
    for (const [left, right] of spans) assert.ok(left >= -1e-6 && right <= trackPx + 1e-6, `label inside the track: ${left}..${right} of ${trackPx}`);
    for (let i = 1; i < spans.length; i++) {
      assert.ok(spans[i - 1]![1] + TICK_LABEL_GAP_PX <= spans[i]![0] + 1e-6, `"${ticks[i - 1]!.label}" and "${ticks[i]!.label}" keep apart`);
    }
    const mids = ticks.slice(1, -1).map((t) => t.fraction * totalMs);
    if (mids.length === 0) return;
    const step = mids[0]!;
    assert.ok(isRoundStep(step), `round step ${step}`);
    assert.ok((step / totalMs) * trackPx >= MIN_TICK_SPACING_PX - 1e-6, 'ticks are not crowded');
    mids.forEach((ms, i) => assert.ok(Math.abs(ms - (i + 1) * step) <= step * 1e-9, `tick ${i + 1} is a multiple of the step`));
    assert.equal(new Set(labels(ticks)).size, ticks.length, 'every label is different');
  }));
});
