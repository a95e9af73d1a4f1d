import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLabel, displayValue, formatCost, formatCount, formatDuration, formatTokens, nounFor, truncate } from '../../../webview/model/format';
import { compareNs, diffNsToMs } from '../../../webview/model/time';

test('durations pick a readable unit', () => {
  assert.equal(formatDuration(0.25), '250 µs');
  assert.equal(formatDuration(3.14159), '3.1 ms');
  assert.equal(formatDuration(250), '250 ms');
  assert.equal(formatDuration(1500), '1.50 s');
  assert.equal(formatDuration(125_000), '2m 5s');
  assert.equal(formatDuration(null), '');
  assert.equal(formatDuration(0), '0 ms');
});

test('tokens and costs', () => {
  assert.equal(formatTokens(950), '950');
  assert.equal(formatTokens(1234), '1.2k');
  assert.equal(formatTokens(2_500_000), '2.5M');
  assert.equal(formatCost(0), '');
  assert.equal(formatCost(0.00123), '$0.0012');
  assert.equal(formatCost(1.5), '$1.50');
});

test('a cost below a cent keeps its significant digits instead of reading $0.0000', () => {
  assert.equal(formatCost(0.00004), '$0.00004');
  assert.equal(formatCost(0.0000412), '$0.000041');
  assert.equal(formatCost(0.0042), '$0.0042');
  assert.equal(formatCost(0.0001), '$0.0001', 'trailing zeros dropped');
  assert.equal(formatCost(0.00999), '$0.01', 'rounds up into cents');
  assert.equal(formatCost(0.0000004), '<$0.000001', 'below a millionth of a dollar');
  assert.equal(formatCost(-0.00004), '-$0.00004');
  // Normal amounts as before: two decimals.
  assert.equal(formatCost(0.01), '$0.01');
  assert.equal(formatCost(0.1), '$0.10');
  assert.equal(formatCost(1234.567), '$1234.57');
  assert.equal(formatCost(Number.NaN), '');
});

test('counts agree with their noun and group thousands', () => {
  assert.equal(countLabel(1, 'trace'), '1 trace');
  assert.equal(countLabel(0, 'trace'), '0 traces');
  assert.equal(countLabel(2, 'error'), '2 errors');
  assert.equal(countLabel(1234, 'span'), '1,234 spans');
  assert.equal(countLabel(1, 'entry', 'entries'), '1 entry');
  assert.equal(countLabel(3, 'entry', 'entries'), '3 entries');
  assert.equal(nounFor(1, 'token'), 'token');
  assert.equal(nounFor(1500, 'token'), 'tokens');
  assert.equal(formatCount(1_234_567), '1,234,567');
  assert.equal(formatCount(999), '999');
});

test('truncate reports what was hidden', () => {
  assert.deepEqual(truncate('abcdef', 4), { text: 'abcd', truncated: true, hidden: 2 });
  assert.deepEqual(truncate('abc', 4), { text: 'abc', truncated: false, hidden: 0 });
  const big = 'x'.repeat(1_000_000);
  assert.equal(truncate(big, 2000).text.length, 2000);
});

test('displayValue pretty-prints JSON text and structured values, keeps other strings', () => {
  assert.equal(displayValue('{"a":1}'), '{\n  "a": 1\n}');
  assert.equal(displayValue('{not json'), '{not json');
  assert.equal(displayValue('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  assert.equal(displayValue([1, 'a']), '[\n  1,\n  "a"\n]');
  assert.equal(displayValue(true), 'true');
});

test('nanosecond strings compare and subtract exactly beyond 2^53', () => {
  assert.ok(compareNs('1700000000000000001', '1700000000000000000') > 0);
  assert.ok(compareNs('999', '1000') < 0);
  assert.equal(compareNs('0012', '12'), 0);
  assert.equal(diffNsToMs('1700000000000000001', '1700000000000000000'), 0.000001);
  assert.equal(diffNsToMs('1700000001500000000', '1700000000000000000'), 1500);
});
