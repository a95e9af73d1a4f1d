import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTraceDetailed, groupFindings, summarize } from '../../../../src/core/contracts';
import type { TraceDetail, TreeSpan } from '../../../../src/protocol/messages';
import {
  badgeText, decorateDetail, decorateRows, ghostRows, groupMessage, spanMarks, summaryLine, traceBadge,
} from '../../../../src/ext/contracts/present';
import { readContractSettings, isGlob } from '../../../../src/ext/contracts/settings';
import { contractsFrom, refundRun } from '../../core/contracts/helpers';

const contracts = contractsFrom({
  version: 1,
  contracts: [{ id: 'refund.v1', select: { workload: 'refund-bot' }, rules: [
    { id: 'cite-present', type: 'span', match: { name: 'tool.citation_check', kind: 'tool' }, parent: { name: 'refund.answer' } },
    { id: 'llm-usage', type: 'attributes', on: { kind: 'llm' }, required: ['$inputTokens', '$outputTokens'] },
    { id: 'judged', type: 'span', severity: 'warning', match: { kind: 'evaluator' } },
  ] }],
});

test('a failing trace gets a badge with the failing-rule count, worst severity first', () => {
  const spans = refundRun({ omit: ['tool.citation_check', 'judge.answer'], llmWithoutTokens: true });
  const result = checkTraceDetailed(contracts, spans);
  const badge = traceBadge(result);
  assert.ok(badge);
  assert.equal(badge.text, '2 rules failed, 1 warning');
  assert.equal(badge.severity, 'error');
  assert.match(badge.tooltip!, /error: refund\.v1\/cite-present\nerror: refund\.v1\/llm-usage\nwarning: refund\.v1\/judged/);
  assert.equal(traceBadge(checkTraceDetailed(contracts, refundRun())), null, 'a clean trace has no badge');
  assert.equal(traceBadge(undefined), null);
  const warnOnly = traceBadge(checkTraceDetailed(contracts, refundRun({ omit: ['judge.answer'] })));
  assert.deepEqual([warnOnly?.text, warnOnly?.severity], ['1 warning', 'warning'], 'a warning does not read as a failure');
});

test('badge wording differs by severity', () => {
  assert.equal(badgeText(['error']), '1 rule failed');
  assert.equal(badgeText(['error', 'error']), '2 rules failed');
  assert.equal(badgeText(['warning']), '1 warning');
  assert.equal(badgeText(['warning', 'warning', 'warning']), '3 warnings');
  assert.equal(badgeText(['info']), '1 note');
  assert.equal(badgeText(['warning', 'error', 'info', 'error']), '2 rules failed, 1 warning, 1 note');
  assert.notEqual(badgeText(['error']), badgeText(['warning']));
});

test('a missing required span becomes a ghost row under its expected parent', () => {
  const spans = refundRun({ omit: ['tool.citation_check'] });
  const root = spans.find((s) => s.name === 'refund.answer')!;
  const ghosts = ghostRows(checkTraceDetailed(contracts, spans));
  assert.deepEqual(ghosts.map((g) => [g.label, g.parentSpanId, g.afterSpanId, g.severity]), [
    ['missing: tool.citation_check — required by refund.v1/cite-present', root.spanId, null, 'error'],
  ]);
});

test('a ghost row carries the sibling it follows when the rule has `after`', () => {
  const withAfter = contractsFrom({ version: 1, contracts: [{ id: 'refund.v1', rules: [
    { id: 'cite-present', type: 'span', match: { name: 'tool.citation_check' }, parent: { name: 'refund.answer' }, after: { name: 'llm.generate' } },
    { id: 'judged', type: 'span', match: { name: 'judge.answer' }, after: { name: 'retrieve.policies' } },
  ] }] });
  const spans = refundRun({ omit: ['tool.citation_check', 'judge.answer'] });
  const id = (name: string) => spans.find((s) => s.name === name)!.spanId;
  const ghosts = ghostRows(checkTraceDetailed(withAfter, spans));
  assert.deepEqual(ghosts.map((g) => [g.parentSpanId, g.afterSpanId]), [
    [id('refund.answer'), id('llm.generate')],
    [id('refund.answer'), id('retrieve.policies')],
  ]);
});

test('spans that break an attribute rule are marked; decorateDetail fills summary, spans and ghosts', () => {
  const spans = refundRun({ omit: ['tool.citation_check'], llmWithoutTokens: true });
  const result = checkTraceDetailed(contracts, spans);
  const llm = spans.find((s) => s.name === 'llm.generate')!;
  const marks = spanMarks(result);
  assert.deepEqual([...marks.keys()], [llm.spanId]);
  assert.equal(marks.get(llm.spanId)![0]!.text, 'llm-usage');

  const detail: TraceDetail = {
    summary: { traceId: llm.traceId } as TraceDetail['summary'],
    spans: spans.map((s) => ({ spanId: s.spanId, traceId: s.traceId }) as TreeSpan),
    ghosts: [],
  };
  decorateDetail(detail, result);
  assert.equal(detail.summary!.badges?.[0]?.text, '2 rules failed');
  assert.deepEqual(detail.spans.filter((s) => s.badges).map((s) => s.spanId), [llm.spanId]);
  assert.equal(detail.ghosts.length, 1);

  const rows = [{ traceId: llm.traceId }, { traceId: 'other' }] as Parameters<typeof decorateRows>[0];
  decorateRows(rows, (id) => (id === llm.traceId ? result : undefined));
  assert.equal(rows[0]!.badges?.length, 1);
  assert.equal(rows[1]!.badges, undefined);
});

test('the Problems-panel message and the summary line carry the counts', () => {
  const results = [1, 2, 3].map((n) => checkTraceDetailed(contracts, refundRun({
    traceId: String(n).repeat(32), atMs: n * 60_000, omit: n < 3 ? ['tool.citation_check'] : [],
  })));
  const groups = groupFindings(results.flatMap((r) => r.findings), results);
  const cite = groups.find((g) => g.rule === 'cite-present')!;
  const msg = groupMessage(cite);
  assert.match(msg, /^refund\.v1\/cite-present failed in 2 traces \(workload refund-bot\): /);
  assert.match(msg, /first seen .*, last .*; latest trace 2{32}$/);
  assert.equal(summaryLine(summarize(results)), 'Checked 3 traces: 1 passed, 2 failed (refund.v1/cite-present ×2).');
  assert.equal(summaryLine(summarize([])), 'No traces to check.');
});

test('contract settings: defaults, cleanup of bad values, glob detection', () => {
  const get = (values: Record<string, unknown>) => <T>(key: string, fallback: T): T => (key in values ? values[key] as T : fallback);
  assert.deepEqual(readContractSettings(get({})), { files: ['trace-contracts.json', '.vscode/trace-contracts.json'], quietPeriodMs: 2000 });
  assert.deepEqual(readContractSettings(get({ 'contracts.files': [' a.json ', 3, '', 'a.json'], 'contracts.quietPeriodMs': -5 })),
    { files: ['a.json'], quietPeriodMs: 2000 });
  assert.equal(readContractSettings(get({ 'contracts.quietPeriodMs': 0 })).quietPeriodMs, 0);
  assert.ok(isGlob('contracts/*.contracts.json'));
  assert.ok(!isGlob('.vscode/trace-contracts.json'));
});
