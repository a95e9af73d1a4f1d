import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replayTitle, savedTarget, traceTitle } from '../../../src/ext/trace-tab';

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
  assert.deepEqual(savedTarget({ nav: [{ view: 'replay', ref: { traceId: 't1', spanId: 's1' } }] }), { replay: { traceId: 't1', spanId: 's1' } });
});

test('a Replay tab is titled by the span\'s name', () => {
  assert.equal(replayTitle('chat gpt-4o', { traceId: 't', spanId: 'abcdef0123456789' }), 'Replay: chat gpt-4o');
  assert.equal(replayTitle(null, { traceId: 't', spanId: 'abcdef0123456789' }), 'Replay: abcdef01');
});

test('state that names nothing restores nothing', () => {
  for (const state of [undefined, null, 'x', {}, { nav: [] }, { nav: [{ view: 'list' }] }, { nav: [{ view: 'trace' }] },
    { nav: [{ view: 'compare', pair: { traceIdA: 'a' } }] }, { nav: [{ view: 'replay', ref: { traceId: 't' } }] }]) {
    assert.equal(savedTarget(state), null, JSON.stringify(state));
  }
});
