// A contract can require system instructions whatever vocabulary carried them ($systemInstructions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace, hasErrors, loadContracts } from '../../../../src/core/contracts';
import { norm } from '../model/span-builder';

const CONTRACT = JSON.stringify({
  version: 1,
  contracts: [{
    id: 'system-prompt.v1',
    rules: [{ id: 'llm-has-system', type: 'attributes', on: { kind: 'llm' }, required: ['$systemInstructions'] }],
  }],
});

test('contracts: $systemInstructions is a known field and is required on LLM spans', () => {
  const loaded = loadContracts(CONTRACT, 'system.contracts.json');
  assert.ok(!hasErrors(loaded), JSON.stringify(loaded.problems));
  const T = 'a'.repeat(32);
  const otel = norm({ 'gen_ai.operation.name': 'chat', 'gen_ai.system_instructions': '[{"type":"text","content":"You are a weather bot."}]' },
    { traceId: T, spanId: '0000000000000001', name: 'chat m' });
  const vercel = norm({ 'ai.operationId': 'ai.generateText.doGenerate', 'ai.prompt.messages': '[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]' },
    { traceId: T, spanId: '0000000000000002', name: 'ai.generateText.doGenerate' });
  const bare = norm({ 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]' },
    { traceId: T, spanId: '0000000000000003', name: 'chat m' });
  for (const s of [otel, vercel, bare]) assert.equal(s.kind, 'llm', s.name);
  assert.deepEqual(checkTrace(loaded.contracts, [otel, vercel]), []);
  const findings = checkTrace(loaded.contracts, [otel, vercel, bare]);
  assert.deepEqual(findings.map((f) => f.spanId), [bare.spanId]);
  assert.match(findings[0]!.message, /lacks \$systemInstructions/);
});
