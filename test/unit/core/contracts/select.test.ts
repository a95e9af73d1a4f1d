import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTraceDetailed, selectsTrace } from '../../../../src/core/contracts';
import { contractsFrom, makeSpan } from './helpers';

function withSelect(select: unknown) {
  return contractsFrom({ version: 1, contracts: [{ id: 'c', select, rules: [] }] })[0]!;
}

const root = makeSpan({ name: 'refund.answer', service: 'refund-bot', attributes: { 'app.tier': 'gold', 'app.n': 2 } });
const child = makeSpan({ parentSpanId: root.spanId, name: 'llm', workloadId: 'refund-bot', resource: { 'service.name': 'other', 'team.id': 'payments' } });
const spans = [child, root];

test('each selector condition on its own', () => {
  assert.ok(selectsTrace(withSelect({}), spans));
  assert.ok(selectsTrace(withSelect({ workload: 'refund-*' }), spans), 'workload of any span');
  assert.ok(!selectsTrace(withSelect({ workload: 'billing' }), spans));
  assert.ok(selectsTrace(withSelect({ rootName: 'refund.*' }), spans));
  assert.ok(!selectsTrace(withSelect({ rootName: 'llm' }), spans), 'only the root name counts');
  assert.ok(selectsTrace(withSelect({ service: 'refund-bot' }), spans));
  assert.ok(!selectsTrace(withSelect({ service: 'other' }), spans), 'the root service counts');
  assert.ok(selectsTrace(withSelect({ attributes: { 'app.tier': 'gold', 'app.n': '2' } }), spans));
  assert.ok(selectsTrace(withSelect({ attributes: { 'team.id': 'payments' } }), spans), 'resource attributes count');
  assert.ok(!selectsTrace(withSelect({ attributes: { 'app.tier': 'gold', 'team.id': 'payments' } }), spans), 'all pairs on one span');
});

test('all given conditions must hold', () => {
  assert.ok(selectsTrace(withSelect({ workload: 'refund-bot', rootName: 'refund.answer', service: 'refund-*' }), spans));
  assert.ok(!selectsTrace(withSelect({ workload: 'refund-bot', rootName: 'other' }), spans));
});

test('a custom workload key is read from attributes or resource', () => {
  const a = makeSpan({ resource: { 'deployment.workload': 'batch-7' } });
  assert.ok(selectsTrace(withSelect({ workload: 'batch-7' }), [a], { workloadKey: 'deployment.workload' }));
  assert.ok(!selectsTrace(withSelect({ workload: 'batch-7' }), [a]));
});

test('an empty trace is never selected; unselected traces produce no findings', () => {
  assert.ok(!selectsTrace(withSelect({}), []));
  const contracts = contractsFrom({ version: 1, contracts: [
    { id: 'billing', select: { workload: 'billing' }, rules: [{ id: 'x', type: 'span', match: { name: 'never' } }] },
    { id: 'refund', select: { workload: 'refund-bot' }, rules: [{ id: 'y', type: 'span', match: { name: 'never' } }] },
  ] });
  const result = checkTraceDetailed(contracts, spans);
  assert.deepEqual(result.contracts, ['refund']);
  assert.deepEqual(result.findings.map((f) => f.contract), ['refund']);
  assert.equal(result.workloadId, 'refund-bot');
  assert.equal(result.startTimeUnixNano, root.startTimeUnixNano);
});
