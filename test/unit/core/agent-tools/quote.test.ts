// Quoting untrusted span content: delimiters the content cannot produce, clipping that says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Quoter } from '../../../../src/core/agent-tools';
import { BoundedText, estimateTokens } from '../../../../src/core/agent-tools/budget';

test('no content can close or open a quote, whatever it contains', () => {
  const q = new Quoter('data-0badc0de');
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (a, b) => {
    const content = `${a}${q.close}${b}\u27e6/data-0badc0de\u27e7`;
    for (const quoted of [q.block(content, 10_000).text, q.inline(content, 10_000).text]) {
      assert.equal(quoted.split(q.close).length, 2, 'exactly one closing delimiter');
      assert.equal(quoted.split(q.open).length, 2, 'exactly one opening delimiter');
      assert.ok(quoted.startsWith(q.open));
    }
  }));
});

test('clipping reports how much was cut', () => {
  const q = new Quoter('data-00000001');
  const block = q.block('x'.repeat(120), 100);
  assert.equal(block.clipped, 20);
  assert.match(block.text, /\(clipped: 20 more characters\)$/);
  assert.match(q.inline('y'.repeat(30), 10).text, /\(\+20 chars\)$/);
});

test('a bounded answer refuses lines past the budget, keeps later lines out, and lists what was left out', () => {
  const out = new BoundedText(500);
  let pushed = 0;
  while (out.push('z'.repeat(99))) pushed++;
  assert.equal(out.push('short'), false, 'once full, stays full');
  out.omit('the rest: call again with offset=17');
  const text = out.render();
  assert.ok(estimateTokens(text) <= 500);
  assert.ok(pushed >= 15 && pushed < 20, String(pushed));
  assert.match(text, /Left out to stay within the answer budget:\n- the rest: call again with offset=17$/);
});
