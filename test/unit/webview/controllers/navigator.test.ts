import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Navigator, type ControllerTable } from '../../../../webview/controllers/navigator';
import type { StoreChange, ViewController } from '../../../../webview/controllers/view';
import { LIST_ROUTE, initialNav, type NavState, type Route } from '../../../../webview/navigation';

function recorder(name: string, log: string[]): ViewController {
  return {
    enter: (route: Route, how) => log.push(`${name}.enter(${JSON.stringify(route)},${how})`),
    leave: () => log.push(`${name}.leave`),
    storeChanged: (c: StoreChange) => log.push(`${name}.store(${c.data},${c.decorations})`),
    render: () => name,
    measure: () => undefined,
    afterRender: () => false,
  };
}

function setup(nav: NavState = initialNav(LIST_ROUTE)) {
  const log: string[] = [];
  const states: NavState[] = [];
  const table = {
    list: recorder('list', log), trace: recorder('trace', log), code: recorder('code', log), compare: recorder('compare', log),
  } as unknown as ControllerTable;
  const navigator = new Navigator(nav, table, (s) => states.push(s));
  return { log, states, navigator };
}

test('start enters the current route once', () => {
  const { log, navigator } = setup();
  navigator.start();
  navigator.start();
  assert.deepEqual(log, ['list.enter({"view":"list"},open)']);
});

test('every transition leaves the old view before entering the new one, and reports the new state', () => {
  const { log, states, navigator } = setup();
  navigator.start();
  log.length = 0;
  navigator.dispatch({ type: 'open', route: { view: 'trace', traceId: 't1', spanId: null } });
  navigator.dispatch({ type: 'back' });
  assert.deepEqual(log, [
    'list.leave', 'trace.enter({"view":"trace","traceId":"t1","spanId":null},open)',
    'trace.leave', 'list.enter({"view":"list"},back)',
  ]);
  assert.equal(states.length, 2);
  assert.equal(navigator.current.render(), 'list');
});

test('an update is saved but neither leaves nor enters; a no-op changes nothing', () => {
  const { log, states, navigator } = setup();
  navigator.start();
  navigator.dispatch({ type: 'open', route: { view: 'trace', traceId: 't1', spanId: null } });
  log.length = 0;
  states.length = 0;
  navigator.dispatch({ type: 'update', route: { view: 'trace', traceId: 't1', spanId: 's2' } });
  assert.deepEqual(log, []);
  assert.deepEqual(navigator.route, { view: 'trace', traceId: 't1', spanId: 's2' });
  assert.equal(states.length, 1);
  navigator.dispatch({ type: 'update', route: LIST_ROUTE });
  assert.equal(states.length, 1);
});

test('before start, navigation only moves the state; start then enters where it ended', () => {
  const { log, navigator } = setup(initialNav(LIST_ROUTE, true));
  navigator.dispatch({ type: 'open', route: { view: 'compare', pair: { traceIdA: 'a', traceIdB: 'b' } } });
  assert.deepEqual(log, []);
  navigator.start();
  assert.deepEqual(log, ['compare.enter({"view":"compare","pair":{"traceIdA":"a","traceIdB":"b"}},open)']);
});

test('store changes go to the current view only', () => {
  const { log, navigator } = setup();
  navigator.start();
  navigator.dispatch({ type: 'open', route: { view: 'compare', pair: { traceIdA: 'a', traceIdB: 'b' } } });
  log.length = 0;
  navigator.storeChanged({ data: true, decorations: false });
  assert.deepEqual(log, ['compare.store(true,false)']);
});
