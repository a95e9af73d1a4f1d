import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace, contractFileText, inferContract, loadContracts } from '../../../../src/core/contracts';
import { makeSpan, refundRun } from './helpers';

function roundTrip(spans: Parameters<typeof inferContract>[0]) {
  const text = contractFileText([inferContract(spans)], './trace-contracts.schema.json');
  const loaded = loadContracts(text, 'inferred.json');
  assert.deepEqual(loaded.problems, [], text);
  return { text, contracts: loaded.contracts };
}

test('a contract inferred from a good trace passes on that trace and on a similar run', () => {
  const { contracts, text } = roundTrip(refundRun());
  assert.equal(contracts[0]!.id, 'refund-bot');
  assert.deepEqual(contracts[0]!.select, { workload: 'refund-bot' });
  assert.match(text, /"\$schema": ".\/trace-contracts.schema.json"/);
  assert.deepEqual(checkTrace(contracts, refundRun()), []);
  assert.deepEqual(checkTrace(contracts, refundRun({ traceId: 'e'.repeat(32), atMs: 99_000, citationCalls: 2 })), []);
});

test('it fails on a trace missing one span, naming that span', () => {
  const { contracts } = roundTrip(refundRun());
  for (const name of ['rerank', 'tool.citation_check', 'judge.answer']) {
    const findings = checkTrace(contracts, refundRun({ omit: [name] }));
    assert.equal(findings.length, 1, name);
    assert.equal(findings[0]!.missing?.label, name);
  }
});

test('it requires the llm fields the good trace always had, and the workload on the root', () => {
  const inferred = inferContract(refundRun());
  const usage = inferred.rules.find((r) => r.type === 'attributes' && typeof r.on === 'object' && r.on.kind === 'llm');
  assert.deepEqual(usage && usage.type === 'attributes' && usage.required, ['$requestModel', '$provider', '$inputTokens', '$outputTokens']);
  assert.ok(inferred.rules.some((r) => r.type === 'attributes' && r.on === 'root' && r.required.includes('workload.id')));
  const { contracts } = roundTrip(refundRun());
  assert.deepEqual(checkTrace(contracts, refundRun({ llmWithoutTokens: true })).map((f) => f.rule), ['llm-usage']);
});

test('structure: parents are required, names with glob characters are escaped, rule ids are unique', () => {
  const root = makeSpan({ traceId: 'd'.repeat(32), name: 'job*1', kind: 'workflow' });
  const a = makeSpan({ traceId: 'd'.repeat(32), parentSpanId: root.spanId, name: 'step?', kind: 'tool', toolName: 't' });
  const b = makeSpan({ traceId: 'd'.repeat(32), parentSpanId: root.spanId, name: 'step?', kind: 'other' });
  const inferred = inferContract([root, a, b]);
  assert.deepEqual(inferred.select, { rootName: 'job\\*1' });
  const ids = inferred.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  const stepRules = inferred.rules.filter((r) => r.type === 'span' && r.match.name === 'step\\?');
  assert.equal(stepRules.length, 2);
  assert.ok(stepRules.every((r) => r.type === 'span' && r.parent?.name === 'job\\*1'));
  const { contracts } = roundTrip([root, a, b]);
  assert.deepEqual(checkTrace(contracts, [root, a, b]), []);
  // "job*1" is literal: a root named "jobX1" is not selected.
  assert.deepEqual(checkTrace(contracts, [{ ...root, name: 'jobX1' }]), []);
  assert.equal(checkTrace(contracts, [root, a]).length, 1);
});

test('error and orphan rules are only drafted when the good trace is clean', () => {
  const bad = makeSpan({ status: 'error', parentSpanId: '9'.repeat(16) });
  const types = inferContract([bad]).rules.map((r) => r.type);
  assert.ok(!types.includes('no-errors') && !types.includes('no-orphans'));
  assert.deepEqual(checkTrace(roundTrip([bad]).contracts, [bad]), []);
});
