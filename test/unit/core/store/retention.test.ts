import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETENTION, resolveRetention } from '../../../../src/core/store/retention';

describe('retention limits', () => {
  test('absent limits take the defaults', () => {
    assert.deepEqual(resolveRetention(undefined), DEFAULT_RETENTION);
    assert.deepEqual(resolveRetention({ maxSpans: undefined, maxBytes: 1000 }), { maxSpans: DEFAULT_RETENTION.maxSpans, maxBytes: 1000 });
  });

  test('0 means no limit, not "evict everything"', () => {
    const limits = resolveRetention({ maxSpans: 0, maxBytes: 0 });
    assert.equal(limits.maxSpans, Number.POSITIVE_INFINITY);
    assert.equal(limits.maxBytes, Number.POSITIVE_INFINITY);
  });

  test('positive limits are kept as given', () => {
    assert.deepEqual(resolveRetention({ maxSpans: 10, maxBytes: 2048 }), { maxSpans: 10, maxBytes: 2048 });
  });
});
