import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIST_ROUTE, currentRoute, initialNav, navigate, restoreNav, type NavEvent, type NavState, type Route } from '../../../webview/navigation';

const sessions: Route = { view: 'sessions', by: 'conversation' };
const session: Route = { view: 'session', ref: { sessionId: 'c-1', by: 'conversation' } };
const trace: Route = { view: 'trace', traceId: 't1', spanId: null };

function run(start: NavState, ...events: NavEvent[]): NavState {
  return events.reduce(navigate, start);
}

test('list → sessions → session → trace stacks, and Back walks it back to the list', () => {
  let s = run(initialNav(LIST_ROUTE), { type: 'open', route: sessions }, { type: 'open', route: session }, { type: 'open', route: trace });
  assert.deepEqual(s.stack.map((r) => r.view), ['list', 'sessions', 'session', 'trace']);
  for (const view of ['session', 'sessions', 'list']) {
    s = navigate(s, { type: 'back' });
    assert.equal(currentRoute(s).view, view);
  }
});

test('regrouping the sessions updates the route in place; home leaves the Sessions mode', () => {
  const s = run(initialNav(LIST_ROUTE), { type: 'open', route: sessions }, { type: 'update', route: { view: 'sessions', by: 'user' } });
  assert.deepEqual(s.stack, [LIST_ROUTE, { view: 'sessions', by: 'user' }]);
  assert.deepEqual(navigate(s, { type: 'home' }).stack, [LIST_ROUTE]);
});

test('a session opened from elsewhere sits right above the list', () => {
  const s = run(initialNav(LIST_ROUTE), { type: 'open', route: trace }, { type: 'open', route: session });
  assert.deepEqual(s.stack, [LIST_ROUTE, session]);
});

test('the session routes survive a reload; malformed ones are dropped', () => {
  const saved = [LIST_ROUTE, { view: 'sessions', by: 'user' }, { view: 'session', ref: { sessionId: 'u-9', by: 'user' } }, trace];
  assert.deepEqual(restoreNav(JSON.parse(JSON.stringify(saved)), LIST_ROUTE, false).stack, saved);
  const bad = restoreNav([LIST_ROUTE, { view: 'session', ref: { sessionId: 7 } }, { view: 'sessions', by: 'nope' }], LIST_ROUTE, false);
  assert.deepEqual(bad.stack, [LIST_ROUTE, { view: 'sessions', by: 'conversation' }]);
});
