import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LiveResults, checkTraceDetailed, contractFileText, freeContractId, inferContract, insertContract, loadContractSet,
  loadContracts, memberLength, offsetAt,
} from '../../../../src/core/contracts';
import { contractsFrom, refundRun } from './helpers';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'contracts', name), 'utf8');

test('loadContractSet merges files and reports a contract id defined twice where it is repeated', () => {
  const a = JSON.stringify({ version: 1, contracts: [{ id: 'x', rules: [] }, { id: 'y', rules: [] }] }, null, 2);
  const b = JSON.stringify({ version: 1, contracts: [{ id: 'z', rules: [] }, { id: 'x', rules: [] }] }, null, 2);
  const set = loadContractSet([{ file: 'a.json', text: a }, { file: 'b.json', text: b }]);
  assert.deepEqual(set.contracts.map((c) => c.id), ['x', 'y', 'z']);
  assert.deepEqual(set.files, ['a.json', 'b.json']);
  assert.equal(set.problems.length, 1);
  const p = set.problems[0]!;
  assert.equal(p.file, 'b.json');
  assert.equal(p.severity, 'error');
  assert.match(p.message, /'x' is also defined in a\.json/);
  // The problem points at the second file's `"id": "x"`.
  assert.equal(b.slice(p.offset, p.offset + memberLength(b, p.offset)), '"id": "x"');
});

test('a broken file yields problems, never a throw, and its valid contracts still apply', () => {
  const set = loadContractSet([
    { file: 'syntax.json', text: fixture('syntax-error.contracts.json') },
    { file: 'broken.json', text: fixture('broken.contracts.json') },
  ]);
  assert.ok(set.problems.some((p) => p.file === 'syntax.json' && p.severity === 'error'));
  assert.ok(set.problems.some((p) => p.file === 'broken.json' && /duplicate contract id/.test(p.message)));
  assert.deepEqual(set.contracts.map((c) => c.id), ['good.v1']);
});

test('offsetAt and memberLength find a rule id in the text', () => {
  const text = fixture('refund.contracts.json');
  const contracts = loadContracts(text, 'r.json').contracts;
  const rule = contracts[0]!.rules.find((r) => r.id === 'cite-present')!;
  const offset = offsetAt(text, rule.location!.line, rule.location!.column);
  assert.equal(text.slice(offset, offset + memberLength(text, offset)), '"id": "cite-present"');
  assert.equal(offsetAt('ab\ncd', 2, 2), 4);
  assert.equal(offsetAt('ab', 9, 1), 2);
  assert.equal(memberLength('xyz', 0), 1, 'not a string: one character');
  assert.equal(memberLength('"k" 7', 0), 3, 'no colon: the key alone');
});

test('insertContract appends a draft that the loader then reads', () => {
  const text = fixture('refund.contracts.json');
  const draft = inferContract(refundRun(), { id: 'refund.draft' });
  const inserted = insertContract(text, draft);
  assert.ok(inserted);
  const loaded = loadContracts(inserted.text, 'r.json');
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.contracts.map((c) => c.id), ['refund.v1', 'refund.draft']);
  const body = inserted.text.slice(inserted.offset, inserted.offset + inserted.length);
  assert.deepEqual(JSON.parse(body), JSON.parse(JSON.stringify(draft)));
  assert.ok(inserted.text.startsWith(text.slice(0, inserted.offset - 2)), 'the text before stays as it was');
});

test('insertContract fills an empty contracts array and refuses what is not a contract file', () => {
  const draft = inferContract(refundRun(), { id: 'd' });
  const empty = '{\n  "version": 1,\n  "contracts": []\n}\n';
  const inserted = insertContract(empty, draft);
  assert.ok(inserted);
  const loaded = loadContracts(inserted.text, 'e.json');
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.contracts.map((c) => c.id), ['d']);
  assert.equal(inserted.text, contractFileText([draft]), 'same layout as a file written whole');
  assert.equal(insertContract('{ "version": 1, ', draft), null);
  assert.equal(insertContract('[]', draft), null);
  assert.equal(insertContract('{ "version": 1, "contracts": {} }', draft), null);
});

test('freeContractId avoids ids in use', () => {
  assert.equal(freeContractId('a', new Set()), 'a');
  assert.equal(freeContractId('a', new Set(['a', 'a-2'])), 'a-3');
});

test('LiveResults: violating traces, groups by rule and summary over the latest results', () => {
  const contracts = contractsFrom({
    version: 1,
    contracts: [{ id: 'refund.v1', select: { workload: 'refund-bot' }, rules: [
      { id: 'cite', type: 'span', match: { name: 'tool.citation_check' } },
      { id: 'judged', type: 'span', severity: 'warning', match: { kind: 'evaluator' } },
    ] }],
  });
  const live = new LiveResults();
  const ids = ['1'.repeat(32), '2'.repeat(32), '3'.repeat(32)];
  live.set(checkTraceDetailed(contracts, refundRun({ traceId: ids[0], omit: ['tool.citation_check'] })));
  live.set(checkTraceDetailed(contracts, refundRun({ traceId: ids[1], atMs: 5000, omit: ['tool.citation_check', 'judge.answer'] })));
  live.set(checkTraceDetailed(contracts, refundRun({ traceId: ids[2] })));
  assert.deepEqual([...live.violatingTraceIds()].sort(), [ids[0], ids[1]]);
  const groups = live.groups();
  assert.deepEqual(groups.map((g) => [g.rule, g.traceCount, g.representativeTraceId]), [['cite', 2, ids[1]], ['judged', 1, ids[1]]]);
  const summary = live.summary();
  assert.equal(summary.tracesChecked, 3);
  assert.equal(summary.failed, 2);
  assert.equal(summary.passed, 1);
  // A newer result replaces the old one.
  live.set(checkTraceDetailed(contracts, refundRun({ traceId: ids[0] })));
  assert.deepEqual([...live.violatingTraceIds()], [ids[1]]);
  live.delete(ids[1]);
  assert.equal(live.violatingTraceIds().size, 0);
});
