import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyBreakdown } from '../../../../src/core/insights/cost';
import { TraceInsightsController } from '../../../../webview/controllers/traceInsights';
import { buildTreeIndex } from '../../../../webview/model/tree';
import { span } from '../helpers';
import { FakeChannel, settle } from './fakes';

const usage = (usd: number) => {
  const total = emptyBreakdown();
  total.calls = 1;
  total.totalUsd = usd;
  return { usage: { total, byModel: [] }, traces: 1, pricesAsOf: '2026-01-01' };
};

function setup() {
  const channel = new FakeChannel({
    'usage/get': (q: { traceIds: string[] }) => usage(q.traceIds.length),
    'span/insights': () => ({ cost: null, timing: null, pricesAsOf: '2026-01-01' }),
  });
  const controller = new TraceInsightsController(() => undefined, channel.send);
  return { channel, controller };
}

const index = buildTreeIndex([span('root', null, 0, 100), span('fast', 'root', 0, 10), span('slow', 'root', 0, 90, { kind: 'llm' })]);

test('a shown trace gets its critical path, time by kind and cost; the toggle hides the path', async () => {
  const { controller } = setup();
  controller.traceShown('t1', index, 0.5);
  assert.equal(controller.critical.size, 0, 'computed after the first paint');
  await settle();
  assert.deepEqual([...controller.critical].sort(), ['root', 'slow']);
  assert.equal(controller.timeKinds?.llm, 90);
  assert.equal(controller.traceUsage?.usage.total.totalUsd, 1);
  controller.showCritical = false;
  assert.equal(controller.critical.size, 0);
});

test('answers that arrive after the trace closed are dropped', async () => {
  const { controller, channel } = setup();
  channel.hold('usage/get');
  controller.traceShown('t1', index, null);
  controller.traceClosed();
  channel.release('usage/get');
  await settle();
  assert.equal(controller.traceUsage, null);
  assert.equal(controller.timeKinds, null);
  assert.equal(controller.critical.size, 0);
});

test('span insights are asked once per span; the workload breakdown once per set of traces', async () => {
  const { controller, channel } = setup();
  controller.traceShown('t1', index, null);
  controller.spanSelected('t1', 'slow');
  controller.spanSelected('t1', 'slow');
  assert.equal(channel.count('span/insights'), 1);
  controller.renderWorkloadMoney('w', ['a', 'b']);
  controller.renderWorkloadMoney('w', ['a', 'b']);
  assert.equal(channel.count('usage/get'), 2, 'the trace and the workload');
  controller.renderWorkloadMoney('w', ['a', 'b', 'c']);
  assert.equal(channel.count('usage/get'), 3);
});
