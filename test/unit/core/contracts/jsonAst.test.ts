import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonSyntaxError, LineIndex, parseJsonAst, toPlain } from '../../../../src/core/contracts/jsonAst';

test('parses the same values as JSON.parse', () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    const text = JSON.stringify(value, null, 2);
    assert.deepEqual(toPlain(parseJsonAst(text)), JSON.parse(text));
  }), { numRuns: 200 });
});

test('records offsets of members and values', () => {
  const text = '{\n  "a": [1, "x"],\n  "b\\n": true\n}';
  const root = parseJsonAst(text);
  assert.equal(root.kind, 'object');
  if (root.kind !== 'object') return;
  const [a, b] = root.members;
  assert.equal(text.slice(a!.keyOffset, a!.keyOffset + a!.keyLength), '"a"');
  assert.equal(text.slice(a!.value.offset, a!.value.offset + a!.value.length), '[1, "x"]');
  assert.equal(b!.key, 'b\n');
  assert.deepEqual(new LineIndex(text).position(b!.keyOffset), { line: 3, column: 3 });
});

test('rejects what JSON.parse rejects, with a position', () => {
  for (const bad of ['{"a":1,}', '[1 2]', '{"a" 1}', '"open', '{} x', '', '[01]', "{'a':1}", '[1,]', '{"a":1 // c\n}']) {
    assert.throws(() => JSON.parse(bad));
    assert.throws(() => parseJsonAst(bad), (err: unknown) => err instanceof JsonSyntaxError && err.offset >= 0 && err.offset <= bad.length);
  }
});

test('line index maps offsets to 1-based line and column', () => {
  const idx = new LineIndex('ab\ncd\n\nx');
  assert.deepEqual(idx.position(0), { line: 1, column: 1 });
  assert.deepEqual(idx.position(4), { line: 2, column: 2 });
  assert.deepEqual(idx.position(7), { line: 4, column: 1 });
});
