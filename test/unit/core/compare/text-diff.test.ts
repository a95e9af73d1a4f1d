import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffWords } from '../../../../src/core/compare';

test('words removed and added between common text; joining each side gives the texts back', () => {
  const a = 'Refunds are possible within 30 days [refund-policy-2025].';
  const b = 'Refunds are possible within 90 days, see [refund-policy-draft-2023].';
  const ops = diffWords(a, b);
  assert.equal(ops.filter((o) => o.op !== 'added').map((o) => o.text).join(''), a);
  assert.equal(ops.filter((o) => o.op !== 'removed').map((o) => o.text).join(''), b);
  assert.deepEqual(ops.slice(0, 3), [
    { op: 'same', text: 'Refunds are possible within ' }, { op: 'removed', text: '30' }, { op: 'added', text: '90' },
  ]);
});

test('equal texts are one same run; empty sides are one addition or removal', () => {
  assert.deepEqual(diffWords('same text', 'same text'), [{ op: 'same', text: 'same text' }]);
  assert.deepEqual(diffWords('', 'new'), [{ op: 'added', text: 'new' }]);
  assert.deepEqual(diffWords('old', ''), [{ op: 'removed', text: 'old' }]);
});

test('very long different middles fall back to one removal and one addition', () => {
  const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
  const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
  assert.deepEqual(diffWords(a, b).map((o) => o.op), ['removed', 'added']);
});
