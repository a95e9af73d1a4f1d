import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuietPeriodTracker } from '../../../../src/core/contracts';
import { FakeTimers } from './fake-timers';

function setup(quietMs = 1000) {
  const timers = new FakeTimers();
  const emitted: string[][] = [];
  const tracker = new QuietPeriodTracker(quietMs, (ids) => emitted.push(ids), timers);
  return { timers, emitted, tracker };
}

test('a trace completes after quietMs without new spans, not before', () => {
  const { timers, emitted, tracker } = setup();
  tracker.note('t1');
  timers.advance(999);
  assert.deepEqual(emitted, []);
  timers.advance(1);
  assert.deepEqual(emitted, [['t1']]);
  assert.equal(tracker.pending, 0);
  assert.equal(timers.active, 0);
});

test('new spans restart the quiet period; traces complete independently and in order', () => {
  const { timers, emitted, tracker } = setup();
  tracker.note('a');
  timers.advance(500);
  tracker.note('b');
  timers.advance(400);
  tracker.note('a'); // a: quiet until 1900, b: until 1500
  timers.advance(700); // t = 1600
  assert.deepEqual(emitted, [['b']]);
  timers.advance(299);
  assert.deepEqual(emitted, [['b']]);
  timers.advance(1);
  assert.deepEqual(emitted, [['b'], ['a']]);
});

test('traces that go quiet together are emitted together, oldest first', () => {
  const { timers, emitted, tracker } = setup(100);
  tracker.note('y', 5);
  tracker.note('x', 0);
  tracker.note('z', 7);
  timers.advance(200);
  assert.deepEqual(emitted.flat(), ['x', 'y', 'z']);
});

test('late spans after completion make the trace pending again', () => {
  const { timers, emitted, tracker } = setup(100);
  tracker.note('t');
  timers.advance(100);
  tracker.note('t');
  timers.advance(100);
  assert.deepEqual(emitted, [['t'], ['t']]);
});

test('poll, flush and dispose', () => {
  const { timers, emitted, tracker } = setup(100);
  tracker.note('a', 0);
  tracker.note('b', 50);
  assert.deepEqual(tracker.poll(120), ['a']);
  assert.deepEqual(tracker.flush(), ['b']);
  assert.deepEqual(emitted, [['a'], ['b']]);
  tracker.note('c');
  tracker.dispose();
  assert.equal(timers.active, 0);
  tracker.note('d');
  timers.advance(1000);
  assert.deepEqual(emitted, [['a'], ['b']]);
});
