import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkTraceDetailed, groupFindings, loadContracts, summarize } from '../../../../src/core/contracts';
import { refundRun } from './helpers';

const file = path.join(__dirname, '..', '..', '..', 'fixtures', 'contracts', 'refund.contracts.json');
const { contracts } = loadContracts(readFileSync(file, 'utf8'), 'refund.contracts.json');
const id = (n: number) => n.toString(16).padStart(32, '0');

const runs = [
  refundRun({ traceId: id(1), atMs: 0 }),
  refundRun({ traceId: id(2), atMs: 10_000, omit: ['tool.citation_check'] }),
  refundRun({ traceId: id(3), atMs: 20_000, omit: ['tool.citation_check', 'judge.answer'] }),
  refundRun({ traceId: id(4), atMs: 30_000, omit: ['judge.answer'] }),
  refundRun({ traceId: id(5), atMs: 5_000, omit: ['tool.citation_check'] }).map((s) => ({ ...s, workloadId: 'other', attributes: {} })),
];
const results = runs.map((spans) => checkTraceDetailed(contracts, spans));

test('summarize counts checked, passed, failed, skipped and per-rule traces', () => {
  const s = summarize(results);
  assert.equal(s.tracesChecked, 4);
  assert.equal(s.passed, 2, 'a warning does not fail');
  assert.equal(s.failed, 2);
  assert.equal(s.skipped, 1);
  assert.equal(s.errors, 2);
  assert.equal(s.warnings, 2);
  assert.deepEqual(s.byRule['refund.v1/cite-present'], { contract: 'refund.v1', rule: 'cite-present', severity: 'error', traces: 2, findings: 2 });
  assert.deepEqual(s.byRule['refund.v1/judged'], { contract: 'refund.v1', rule: 'judged', severity: 'warning', traces: 2, findings: 2 });
  assert.deepEqual(Object.keys(s.byRule).sort(), ['refund.v1/cite-present', 'refund.v1/judged']);
});

test('groupFindings groups by workload, contract and rule with first/last seen and the latest trace', () => {
  const findings = results.flatMap((r) => r.findings);
  const groups = groupFindings(findings, results);
  assert.deepEqual(groups.map((g) => [g.workloadId, g.rule, g.severity, g.traceCount]), [
    ['refund-bot', 'cite-present', 'error', 2],
    ['refund-bot', 'judged', 'warning', 2],
  ]);
  const cite = groups[0]!;
  assert.equal(cite.representativeTraceId, id(3));
  assert.deepEqual(cite.traceIds, [id(2), id(3)]);
  assert.equal(cite.firstSeenUnixNano, runs[1]![0]!.startTimeUnixNano);
  assert.equal(cite.lastSeenUnixNano, runs[2]![0]!.startTimeUnixNano);
  assert.equal(cite.location?.file, 'refund.contracts.json');
  const judged = groups[1]!;
  assert.equal(judged.representativeTraceId, id(4));
});

test('the same rule in two workloads makes two groups', () => {
  const a = checkTraceDetailed(contracts, refundRun({ traceId: id(7), omit: ['judge.answer'] }));
  const bFindings = a.findings.map((f) => ({ ...f, traceId: id(8) }));
  const groups = groupFindings([...a.findings, ...bFindings], [a, { traceId: id(8), workloadId: 'faq-bot', startTimeUnixNano: '5' }]);
  assert.deepEqual(groups.map((g) => g.workloadId).sort(), ['faq-bot', 'refund-bot']);
  assert.ok(groups.every((g) => g.traceCount === 1 && g.findingCount === 1));
});
