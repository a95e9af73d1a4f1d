import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LIST_ROUTE, canGoBack, currentRoute, initialNav, navigate, restoreNav, transition, type NavEvent, type NavState, type Route,
} from '../../../webview/navigation';

const trace = (traceId: string, spanId: string | null = null): Route => ({ view: 'trace', traceId, spanId });
const code: Route = { view: 'code', filter: { spanName: 'llm', codeFiles: ['a.py'], codeLine: 3, latest: { traceId: 't', spanId: 's' } } };
const compare: Route = { view: 'compare', pair: { traceIdA: 'a', traceIdB: 'b' } };

function run(start: NavState, ...events: NavEvent[]): NavState {
  return events.reduce(navigate, start);
}

test('opening a trace from the list stacks it on the list; Back returns to the list', () => {
  const s = run(initialNav(LIST_ROUTE), { type: 'open', route: trace('t1') });
  assert.deepEqual(s.stack, [LIST_ROUTE, trace('t1')]);
  assert.equal(canGoBack(s), true);
  const back = navigate(s, { type: 'back' });
  assert.deepEqual(currentRoute(back), LIST_ROUTE);
  assert.equal(canGoBack(back), false);
});

test('a trace opened from a code location goes back to that location, which goes back to the list', () => {
  const s = run(initialNav(LIST_ROUTE), { type: 'open', route: code }, { type: 'open', route: trace('t1') });
  assert.deepEqual(s.stack.map((r) => r.view), ['list', 'code', 'trace']);
  const once = navigate(s, { type: 'back' });
  assert.deepEqual(currentRoute(once), code);
  assert.deepEqual(currentRoute(navigate(once, { type: 'back' })), LIST_ROUTE);
});

test('other views replace what was above the list (no growing history)', () => {
  const s = run(initialNav(LIST_ROUTE), { type: 'open', route: trace('t1') }, { type: 'open', route: compare }, { type: 'open', route: trace('a', 'x') });
  assert.deepEqual(s.stack, [LIST_ROUTE, trace('a', 'x')]);
  assert.deepEqual(run(s, { type: 'open', route: LIST_ROUTE }).stack, [LIST_ROUTE]);
});

test('home leaves every view; Back at home changes nothing', () => {
  const s = run(initialNav(LIST_ROUTE), { type: 'open', route: code }, { type: 'open', route: trace('t1') }, { type: 'home' });
  assert.deepEqual(s.stack, [LIST_ROUTE]);
  assert.equal(navigate(s, { type: 'back' }), s);
  assert.equal(navigate(s, { type: 'home' }), s);
});

test('an editor tab is pinned: opening replaces its one route and there is no Back', () => {
  const s = run(initialNav(LIST_ROUTE, true), { type: 'open', route: trace('t1') });
  assert.deepEqual(s.stack, [trace('t1')]);
  assert.equal(canGoBack(s), false);
  assert.equal(navigate(s, { type: 'back' }), s);
  assert.deepEqual(run(s, { type: 'open', route: compare }).stack, [compare]);
});

test('an update changes the current route in place and only for the same view', () => {
  const s = run(initialNav(LIST_ROUTE), { type: 'open', route: trace('t1') });
  const updated = navigate(s, { type: 'update', route: trace('t1', 's9') });
  assert.deepEqual(updated.stack, [LIST_ROUTE, trace('t1', 's9')]);
  assert.equal(navigate(s, { type: 'update', route: compare }), s);
  assert.deepEqual(transition(s, updated, { type: 'update', route: trace('t1', 's9') }), { from: null, to: trace('t1', 's9'), how: 'open' });
});

test('transitions name the view left and entered, and whether it was a return', () => {
  const a = run(initialNav(LIST_ROUTE), { type: 'open', route: code });
  const b = navigate(a, { type: 'open', route: trace('t1') });
  assert.deepEqual(transition(a, b, { type: 'open', route: trace('t1') }), { from: code, to: trace('t1'), how: 'open' });
  const c = navigate(b, { type: 'back' });
  assert.deepEqual(transition(b, c, { type: 'back' }), { from: trace('t1'), to: code, how: 'back' });
  assert.equal(transition(c, c, { type: 'back' }), null);
});

test('a saved stack is restored when valid; malformed routes are dropped', () => {
  const saved = [LIST_ROUTE, { view: 'trace', traceId: 't1', spanId: 's1' }];
  assert.deepEqual(restoreNav(saved, LIST_ROUTE, false).stack, saved);
  assert.deepEqual(restoreNav([{ view: 'trace' }, 42, null], LIST_ROUTE, false).stack, [LIST_ROUTE]);
  assert.deepEqual(restoreNav([trace('t1')], LIST_ROUTE, false).stack, [LIST_ROUTE], 'a side bar stack starts at the list');
  assert.deepEqual(restoreNav('junk', LIST_ROUTE, false).stack, [LIST_ROUTE]);
  const replay: Route = { view: 'replay', ref: { traceId: 't1', spanId: 's1' } };
  assert.deepEqual(restoreNav([replay], LIST_ROUTE, true).stack, [replay], 'a Replay tab restores its span');
  assert.deepEqual(restoreNav([{ view: 'replay', ref: { traceId: 't1', spanId: '' } }], LIST_ROUTE, true).stack, [LIST_ROUTE]);
  assert.deepEqual(restoreNav([{ view: 'compare', pair: { traceIdA: 'a' } }], LIST_ROUTE, false).stack, [LIST_ROUTE]);
});

test('an editor tab restores its own route, pinned', () => {
  const s = restoreNav([trace('t7', 's2')], LIST_ROUTE, true);
  assert.deepEqual(s, { stack: [trace('t7', 's2')], pinned: true });
  assert.deepEqual(restoreNav(undefined, LIST_ROUTE, true), { stack: [LIST_ROUTE], pinned: true });
});
