import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  base64ToBytes, bytesToBase64, int64ToValue, normalizeUint64Decimal, parseInt64Text, uint64ToDecimal,
} from '../../../../src/core/otlp/bytes';
import { quoteLongIntegers } from '../../../../src/core/otlp/json-text';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

test('uint64ToDecimal is exact over the whole 64-bit range', () => {
  fc.assert(fc.property(u32, u32, (lo, hi) => {
    assert.equal(uint64ToDecimal(lo, hi), ((BigInt(hi) << 32n) | BigInt(lo)).toString());
  }), { numRuns: 2000 });
  assert.equal(uint64ToDecimal(0, 0), '0');
  assert.equal(uint64ToDecimal(0xffffffff, 0xffffffff), '18446744073709551615');
});

test('int64ToValue: safe integers as numbers, the rest as exact signed decimals', () => {
  fc.assert(fc.property(u32, u32, (lo, hi) => {
    const exact = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    const value = int64ToValue(lo, hi);
    if (exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER)) {
      assert.equal(value, Number(exact));
    } else {
      assert.equal(value, exact.toString());
    }
  }), { numRuns: 2000 });
  assert.ok(Object.is(int64ToValue(0, 0), 0));
});

test('base64 matches Buffer for every length, and accepts url-safe and unpadded forms', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
    const b64 = bytesToBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString('base64'));
    assert.deepStrictEqual(base64ToBytes(b64), bytes);
    assert.deepStrictEqual(base64ToBytes(Buffer.from(bytes).toString('base64url')), bytes);
  }));
  assert.equal(base64ToBytes('a'), null);
  assert.equal(base64ToBytes('ab$d'), null);
  assert.equal(base64ToBytes('ab==='), null);
});

test('decimal normalization and int64 text parsing', () => {
  assert.equal(normalizeUint64Decimal('0001795271778701000001'), '1795271778701000001');
  assert.equal(normalizeUint64Decimal('0'), '0');
  assert.equal(normalizeUint64Decimal('000'), '0');
  assert.equal(normalizeUint64Decimal('18446744073709551615'), '18446744073709551615');
  assert.equal(normalizeUint64Decimal('18446744073709551616'), null);
  assert.equal(normalizeUint64Decimal(''), null);
  assert.equal(normalizeUint64Decimal('1e9'), null);
  assert.equal(normalizeUint64Decimal('-1'), null);
  assert.equal(parseInt64Text('-0'), 0);
  assert.ok(Object.is(parseInt64Text('-0'), 0));
  assert.equal(parseInt64Text('9007199254740993'), '9007199254740993');
  assert.equal(parseInt64Text('-9223372036854775809'), null);
  assert.equal(parseInt64Text('1.5'), null);
});

test('quoteLongIntegers quotes only long integer literals outside strings', () => {
  assert.equal(
    quoteLongIntegers('{"a":1795271778701000001,"b":"x:12345678901234567","c":[1,-12345678901234567],"d":1.2345678901234567e5}'),
    '{"a":"1795271778701000001","b":"x:12345678901234567","c":[1,"-12345678901234567"],"d":1.2345678901234567e5}',
  );
  assert.equal(quoteLongIntegers('{"s":"esc\\"aped 12345678901234567890","n":123}'), '{"s":"esc\\"aped 12345678901234567890","n":123}');
});
