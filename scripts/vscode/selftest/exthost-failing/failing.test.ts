// Harness selftest: a run with one failing test must exit non-zero and report the failure with a
// stack that points at this file.
import assert from 'node:assert/strict';

suite('harness selftest (failure propagates)', () => {
  test('passes', () => {
    assert.equal(1 + 1, 2);
  });
  test('fails on purpose', () => {
    assert.equal(1 + 1, 3);
  });
});
