import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuietPeriodTracker } from '../../../../src/core/contracts';
import type { TimerApi } from '../../../../src/core/contracts';

/** A manual clock: advance() fires due timers in order. */
class FakeTimers implements TimerApi {
  time = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; cb: () => void }>();
  now(): number { return this.time; }
  setTimeout(cb: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, cb });
    return id;
  }
  clearTimeout(handle: unknown): void { this.timers.delete(handle as number); }
  get active(): number { return this.timers.size; }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].cb();
    }
    this.time = end;
  }
}

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
