import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSCRIPT_TEXT_LIMIT, turnTranscript } from '../../../../src/core/insights/transcript';
import type { Attributes, NormalizedSpan } from '../../../../src/core/model/types';
import { norm } from '../model/span-builder';

const T = 'd'.repeat(32);
function span(id: number, parent: number | null, startMs: number, attrs: Attributes, name = `s${id}`): NormalizedSpan {
  const ns = (ms: number): string => (1_700_000_000_000_000_000n + BigInt(ms) * 1_000_000n).toString();
  return norm(attrs, {
    traceId: T, spanId: id.toString(16).padStart(16, '0'), parentSpanId: parent === null ? null : parent.toString(16).padStart(16, '0'),
    name, startTimeUnixNano: ns(startMs), endTimeUnixNano: ns(startMs + 10),
  });
}

test('a GenAI turn: the user message, the final answer and the tool spans in order', () => {
  const msgs = (role: string, text: string): string => JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]);
  const t = turnTranscript([
    span(1, null, 0, {}, 'agent'),
    span(2, 1, 1, { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': JSON.stringify([
      { role: 'system', parts: [{ type: 'text', content: 'be brief' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Can I get a refund?' }] },
    ]), 'gen_ai.output.messages': msgs('assistant', 'let me check') }),
    span(4, 1, 30, { 'gen_ai.operation.name': 'chat', 'gen_ai.output.messages': msgs('assistant', 'Yes, within 30 days.') }),
    span(3, 1, 10, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_policy',
      'gen_ai.tool.call.arguments': '{"q":"refund"}', 'gen_ai.tool.call.result': '<b>30 days</b>' }),
  ]);
  assert.equal(t.userInput?.text, 'Can I get a refund?');
  assert.equal(t.assistantOutput?.text, 'Yes, within 30 days.');
  assert.deepEqual(t.toolCalls.map((c) => [c.name, c.arguments?.text, c.result?.text]), [['lookup_policy', '{"q":"refund"}', '<b>30 days</b>']]);
});

test('OpenInference root input/output wins; long text is clipped; tool calls from model output when no tool spans', () => {
  const long = 'x'.repeat(TRANSCRIPT_TEXT_LIMIT + 10);
  const t = turnTranscript([
    span(1, null, 0, { 'openinference.span.kind': 'AGENT', 'input.value': 'hello there', 'output.value': long }),
    span(2, 1, 1, { 'openinference.span.kind': 'LLM', 'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'search',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"q":1}' }),
  ]);
  assert.equal(t.userInput?.text, 'hello there');
  assert.equal(t.assistantOutput?.truncated, true);
  assert.equal(t.assistantOutput?.text.length, TRANSCRIPT_TEXT_LIMIT);
  assert.deepEqual(t.toolCalls.map((c) => [c.name, c.spanId]), [['search', null]]);
});

test('a trace without content gives an empty transcript', () => {
  const t = turnTranscript([span(1, null, 0, {})]);
  assert.deepEqual(t, { userInput: null, assistantOutput: null, toolCalls: [] });
});
