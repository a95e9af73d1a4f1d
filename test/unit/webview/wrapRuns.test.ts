import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_UNBROKEN_RUN, splitLongRuns } from '../../../webview/model/wrapRuns';

const longestRun = (piece: string): number => Math.max(0, ...piece.split(/[ \t\n\r\f]/).map((w) => w.length));

test('text with ordinary words stays one piece', () => {
  const prose = 'The refund policy allows returns within 30 days.\n'.repeat(200);
  assert.deepEqual(splitLongRuns(prose), [prose]);
  assert.deepEqual(splitLongRuns(''), ['']);
});

test('a long unbroken run is cut into pieces of at most the maximum run, losing nothing', () => {
  const blob = 'A'.repeat(50_000);
  const pieces = splitLongRuns(blob);
  assert.equal(pieces.join(''), blob);
  assert.equal(pieces.length, 50_000 / MAX_UNBROKEN_RUN);
  assert.ok(pieces.every((p) => p.length === MAX_UNBROKEN_RUN));
});

test('whitespace resets the run; only runs longer than the maximum are cut', () => {
  const text = `${'x'.repeat(8)} ${'y'.repeat(25)}\n${'z'.repeat(10)}`;
  const pieces = splitLongRuns(text, 10);
  assert.equal(pieces.join(''), text);
  assert.ok(pieces.every((p) => longestRun(p) <= 10), JSON.stringify(pieces));
  // The 8 x's and the 10 z's need no cut; the 25 y's need two.
  assert.equal(pieces.length, 3);
});

test('a surrogate pair is never split across pieces', () => {
  const text = 'a'.repeat(9) + '😀'.repeat(20);
  const pieces = splitLongRuns(text, 10);
  assert.equal(pieces.join(''), text);
  for (const p of pieces) {
    assert.ok(!/^[\udc00-\udfff]/.test(p), `piece starts with a low surrogate: ${JSON.stringify(p)}`);
    assert.ok(!/[\ud800-\udbff]$/.test(p), `piece ends with a high surrogate: ${JSON.stringify(p)}`);
  }
});
