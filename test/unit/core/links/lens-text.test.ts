import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCompactCount, formatDurationMs, formatLensTitle } from '../../../../src/core/links/lens-text';

describe('formatLensTitle', () => {
  it('writes name, runs, p95, errors and tokens', () => {
    assert.equal(
      formatLensTitle({ spanName: 'llm.generate', count: 12, p95DurationMs: 1800, errorCount: 2, totalTokens: 41_200 }),
      'llm.generate · 12 runs · p95 1.8 s · 2 errors · 41k tokens',
    );
  });

  it('leaves out zero errors and zero tokens and uses the singular', () => {
    assert.equal(
      formatLensTitle({ spanName: 'tool.lookup', count: 1, p95DurationMs: 42.4, errorCount: 0, totalTokens: 0 }),
      'tool.lookup · 1 run · p95 42 ms',
    );
    assert.equal(
      formatLensTitle({ spanName: 'x', count: 3, p95DurationMs: 10, errorCount: 1, totalTokens: 950 }),
      'x · 3 runs · p95 10 ms · 1 error · 950 tokens',
    );
  });
});

describe('number formatting', () => {
  it('durations', () => {
    assert.equal(formatDurationMs(0.25), '250 µs');
    assert.equal(formatDurationMs(999), '999 ms');
    assert.equal(formatDurationMs(1000), '1 s');
    assert.equal(formatDurationMs(12_400), '12 s');
    assert.equal(formatDurationMs(150_000), '2.5 min');
    assert.equal(formatDurationMs(Number.NaN), '?');
  });

  it('counts', () => {
    assert.equal(formatCompactCount(999), '999');
    assert.equal(formatCompactCount(1200), '1.2k');
    assert.equal(formatCompactCount(41_499), '41k');
    assert.equal(formatCompactCount(3_400_000), '3.4M');
    assert.equal(formatCompactCount(25_000_000), '25M');
  });
});
