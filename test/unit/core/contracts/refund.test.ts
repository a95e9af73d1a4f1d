// The example refund bot's runs against the contract shipped with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkTrace, loadContracts } from '../../../../src/core/contracts';
import type { Finding } from '../../../../src/core/contracts';
import { refundRun } from './helpers';

const file = path.join(__dirname, '..', '..', '..', 'fixtures', 'contracts', 'refund.contracts.json');
const loaded = loadContracts(readFileSync(file, 'utf8'), 'refund.contracts.json');
const contracts = loaded.contracts;
const brief = (f: Finding[]) => f.map((x) => `${x.contract}/${x.rule}:${x.severity}`);

test('the contract file loads without problems', () => {
  assert.deepEqual(loaded.problems, []);
});

test('a good run passes', () => {
  assert.deepEqual(checkTrace(contracts, refundRun()), []);
});

test('a run without its citation check: one error with a ghost row under the root, right after llm.generate', () => {
  const spans = refundRun({ omit: ['tool.citation_check'] });
  const findings = checkTrace(contracts, spans);
  assert.deepEqual(brief(findings), ['refund.v1/cite-present:error']);
  const generate = spans.find((s) => s.name === 'llm.generate')!;
  assert.deepEqual(findings[0]!.missing, { label: 'tool.citation_check', parentSpanId: spans[0]!.spanId, afterSpanId: generate.spanId });
  assert.equal(findings[0]!.spanId, null);
});

test('the ghost follows the root child holding llm.generate when the generation is nested', () => {
  const spans = refundRun({ omit: ['tool.citation_check'] });
  const root = spans[0]!;
  const generate = spans.find((s) => s.name === 'llm.generate')!;
  // llm.generate moves under a wrapper step that spans the same time.
  const step = { ...generate, spanId: 'f'.repeat(16), name: 'answer.step', kind: 'agent' as const };
  const moved = spans.map((s) => (s === generate ? { ...generate, parentSpanId: step.spanId } : s));
  const findings = checkTrace(contracts, [...moved, step]);
  assert.deepEqual(brief(findings), ['refund.v1/cite-present:error']);
  assert.deepEqual(findings[0]!.missing, { label: 'tool.citation_check', parentSpanId: root.spanId, afterSpanId: step.spanId });
});

test('a run whose LLM span lacks token counts', () => {
  const spans = refundRun({ llmWithoutTokens: true });
  const findings = checkTrace(contracts, spans);
  assert.deepEqual(brief(findings), ['refund.v1/llm-usage:error']);
  assert.equal(findings[0]!.spanId, spans.find((s) => s.name === 'llm.generate')!.spanId);
  assert.match(findings[0]!.message, /'llm.generate' lacks \$inputTokens, \$outputTokens/);
});

test('a looping tool: the same call three times breaks the budget', () => {
  const spans = refundRun({ citationCalls: 3 });
  const findings = checkTrace(contracts, spans);
  assert.deepEqual(brief(findings), ['refund.v1/budget:error']);
  assert.match(findings[0]!.message, /'citation_check' was called 3 times/);
  const third = spans.filter((s) => s.name === 'tool.citation_check')[2]!;
  assert.equal(findings[0]!.spanId, third.spanId);
  // One retry is allowed.
  assert.deepEqual(checkTrace(contracts, refundRun({ citationCalls: 2 })), []);
});

test('a missing evaluator is only a warning; another workload is not checked', () => {
  assert.deepEqual(brief(checkTrace(contracts, refundRun({ omit: ['judge.answer'] }))), ['refund.v1/judged:warning']);
  const other = refundRun({ omit: ['tool.citation_check'] }).map((s) => ({ ...s, workloadId: 'faq-bot', attributes: { ...s.attributes, 'workload.id': 'faq-bot' } }));
  assert.deepEqual(checkTrace(contracts, other), []);
});

test('an email in a prompt and a leaked key attribute', () => {
  const spans = refundRun();
  spans[1] = { ...spans[1]!, attributes: { ...spans[1]!.attributes, 'gen_ai.input.messages': '[{"role":"user","content":"I am bob@shop.example"}]' } };
  spans[2] = { ...spans[2]!, attributes: { 'vectordb.api_key': 'x' } };
  assert.deepEqual(brief(checkTrace(contracts, spans)), ['refund.v1/no-pii:error', 'refund.v1/no-credential-keys:error']);
});
