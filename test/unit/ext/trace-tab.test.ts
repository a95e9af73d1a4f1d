import assert from 'node:assert/strict';
import { test } from 'node:test';
import { savedTarget, traceTitle } from '../../../src/ext/trace-tab';

test('a trace tab is titled by its root span and start time', () => {
  const start = (BigInt(new Date(2026, 0, 2, 9, 5, 7).getTime()) * 1_000_000n).toString();
  assert.equal(traceTitle({ rootName: 'refund.answer', startTimeUnixNano: start }, 'abcdef0123456789'), 'refund.answer · 09:05:07');
  assert.equal(traceTitle({ rootName: null, startTimeUnixNano: start }, 'abcdef0123456789'), '(no root span) · 09:05:07');
  assert.equal(traceTitle(null, 'abcdef0123456789'), 'Trace abcdef01');
});

test('a restored tab shows the last route of its saved navigation stack', () => {
  assert.deepEqual(savedTarget({ nav: [{ view: 'trace', traceId: 't1', spanId: 's' }] }), { traceId: 't1' });
  assert.deepEqual(savedTarget({ nav: [{ view: 'list' }, { view: 'compare', pair: { traceIdA: 'a', traceIdB: 'b' } }] }),
    { pair: { traceIdA: 'a', traceIdB: 'b' } });
});

test('state that names nothing restores nothing', () => {
  for (const state of [undefined, null, 'x', {}, { nav: [] }, { nav: [{ view: 'list' }] }, { nav: [{ view: 'trace' }] },
    { nav: [{ view: 'compare', pair: { traceIdA: 'a' } }] }]) {
    assert.equal(savedTarget(state), null, JSON.stringify(state));
  }
});
