import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ComparisonController } from '../../../../webview/controllers/comparison';
import { FakeChannel, settle } from './fakes';

const pair = { traceIdA: 'a', traceIdB: 'b' };
const result = (rows: number) => ({
  a: null, b: null, totalRows: rows, onlyInA: 0, onlyInB: 0, statusChanges: 0,
  rows: Array.from({ length: rows }, (_, i) => ({ a: `a${i}`, b: `b${i}`, name: `s${i}`, depth: 0 })),
});

function setup() {
  const channel = new FakeChannel({ 'traces/compare': () => result(3) });
  const shown: string[] = [];
  const controller = new ComparisonController({
    requestUpdate: () => undefined, requestFrame: () => undefined,
    showTrace: (t, s) => shown.push(`trace ${t}/${s}`), showComparison: (p) => shown.push(`compare ${p.traceIdA}/${p.traceIdB}`),
  }, channel.send);
  return { controller, channel, shown };
}

test('entering compares the pair; leaving closes it and drops the answer on its way', async () => {
  const { controller, channel } = setup();
  controller.enter({ pair });
  assert.equal(controller.isOpen, true);
  await settle();
  assert.equal(channel.count('traces/compare'), 1);
  channel.hold('traces/compare');
  controller.enter({ pair: { traceIdA: 'b', traceIdB: 'a' } });
  controller.leave();
  channel.release('traces/compare');
  await settle();
  assert.equal(controller.isOpen, false);
  assert.equal(controller.render(), null);
});

test('store changes re-compare only while open', async () => {
  const { controller, channel } = setup();
  controller.storeChanged();
  await settle(400);
  assert.equal(channel.count('traces/compare'), 0);
});
