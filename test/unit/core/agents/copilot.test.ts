// GitHub Copilot (agent mode in VS Code, Copilot CLI) could not be run here: its spans are built from its documented
// attributes (OTel GenAI: invoke_agent → chat / execute_tool, gen_ai.conversation.id, cache token counts) and read as
// a coding session like the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codingSessionReport } from '../../../../src/core/agents/session-report';
import type { Attributes, RawSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';

const TRACE = 'c0' + '1'.repeat(30);
const CONVERSATION = 'copilot-chat-7f3a';
const RESOURCE: Attributes = { 'service.name': 'github-copilot', 'service.version': '1.0.102', 'session.id': 'window-1' };

function span(id: string, parent: string | null, name: string, fromMs: number, toMs: number, attributes: Attributes): RawSpan {
  const at = (ms: number) => (1_796_000_000_000_000_000n + BigInt(ms) * 1_000_000n).toString();
  return {
    traceId: TRACE, spanId: id.padEnd(16, '0'), parentSpanId: parent ? parent.padEnd(16, '0') : null, traceState: '', name,
    otelKind: 1, startTimeUnixNano: at(fromMs), endTimeUnixNano: at(toMs), attributes, events: [], links: [],
    statusCode: 0, statusMessage: '', resource: RESOURCE, scope: { name: 'copilot-chat', version: '1' },
  };
}

test('Copilot agent mode: the prompt, its model calls with cache tokens, the tool call, one session', async () => {
  const store = await TraceStore.open({ dir: null });
  const chat = (id: string, from: number, to: number, input: number, cached: number, output: number): RawSpan => span(id, 'a1', 'chat gpt-4.1', from, to, {
    'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4.1', 'gen_ai.conversation.id': CONVERSATION,
    'gen_ai.usage.input_tokens': input, 'gen_ai.usage.cache_read.input_tokens': cached, 'gen_ai.usage.output_tokens': output,
  });
  store.ingestDecoded({
    logs: [],
    spans: [
      span('a1', null, 'invoke_agent GitHub Copilot', 0, 3000, {
        'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'GitHub Copilot', 'gen_ai.conversation.id': CONVERSATION,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Fix the failing test' }] }]),
      }),
      chat('c1', 10, 900, 5200, 4096, 180),
      span('d1', 'a1', 'execute_tool run_in_terminal', 900, 1800, {
        'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'run_in_terminal', 'gen_ai.tool.call.id': 'call_1',
        'gen_ai.tool.call.arguments': '{"command":"npm test"}', 'gen_ai.conversation.id': CONVERSATION,
      }),
      chat('c2', 1800, 2900, 5600, 5120, 90),
    ],
  });
  const [trace] = store.listTraces({ limit: 5 });
  assert.equal(trace!.inputTokens, 5200 + 5600, 'each model call counted once');
  const report = await codingSessionReport(store, CONVERSATION);
  assert.equal(report?.agent, 'copilot');
  assert.equal(report?.modelCalls, 2);
  assert.equal(report?.tokens.cacheRead, 4096 + 5120);
  assert.equal(report?.costSource, 'priced');
  assert.deepEqual(report?.tools.map((t) => [t.name, t.calls]), [['run_in_terminal', 1]]);
  assert.equal(report?.transcript[0]?.prompt, 'Fix the failing test');
  await store.close();
});
