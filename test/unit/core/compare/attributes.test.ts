import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_VALUE_CHARS, attributeText, diffSpanAttributes } from '../../../../src/core/compare';

test('added, removed and changed keys, sorted by key; equal values are only counted', () => {
  const diff = diffSpanAttributes(
    { attributes: { 'gen_ai.request.model': 'gpt-4.1-mini', 'citation.check.passed': true, same: 1, temperature: 0.2 } },
    { attributes: { 'gen_ai.request.model': 'gpt-4.1', same: 1, temperature: 0.2, 'retry.count': 2 } },
  );
  assert.deepEqual(diff.entries, [
    { key: 'citation.check.passed', change: 'removed', a: 'true', b: null },
    { key: 'gen_ai.request.model', change: 'changed', a: 'gpt-4.1-mini', b: 'gpt-4.1' },
    { key: 'retry.count', change: 'added', a: null, b: '2' },
  ]);
  assert.equal(diff.unchanged, 2);
});

test('structured values compare by content and show as JSON text', () => {
  const diff = diffSpanAttributes(
    { attributes: { docs: [{ id: 'refund-policy-2025' }], tags: ['a', 'b'] } },
    { attributes: { docs: [{ id: 'refund-policy-2019' }], tags: ['a', 'b'] } },
  );
  assert.deepEqual(diff.entries, [{ key: 'docs', change: 'changed', a: '[{"id":"refund-policy-2025"}]', b: '[{"id":"refund-policy-2019"}]' }]);
  assert.equal(diff.unchanged, 1);
  // A string and a number that print alike are still different values.
  assert.equal(diffSpanAttributes({ attributes: { n: '1' } }, { attributes: { n: 1 } }).entries.length, 1);
});

test('a side without the span has no attributes: everything is added or removed', () => {
  assert.deepEqual(diffSpanAttributes(null, { attributes: { k: 'v' } }).entries, [{ key: 'k', change: 'added', a: null, b: 'v' }]);
  assert.deepEqual(diffSpanAttributes({ attributes: { k: 'v' } }, null).entries, [{ key: 'k', change: 'removed', a: 'v', b: null }]);
  assert.deepEqual(diffSpanAttributes(null, null), { entries: [], unchanged: 0 });
});

test('long values are cut for display but compared in full', () => {
  const base = 'x'.repeat(MAX_VALUE_CHARS + 500);
  const diff = diffSpanAttributes({ attributes: { prompt: `${base}A` } }, { attributes: { prompt: `${base}B` } });
  assert.equal(diff.entries.length, 1, 'the difference past the cut still counts');
  const shown = diff.entries[0]!.a!;
  assert.ok(shown.startsWith('x'.repeat(MAX_VALUE_CHARS)));
  assert.match(shown, /… \(501 more characters\)$/);
  assert.equal(attributeText('short'), 'short');
});
