// Checks for the fixtures recorded by the live-producer suite (test/producers/run.ts --record → test/fixtures/otlp/live-*).
import assert from 'node:assert/strict';
import type { ChatMessage, NormalizedSpan } from '../../../../src/core/model/types';

type Check = (spans: NormalizedSpan[], dir: string) => void;

const named = (spans: NormalizedSpan[], name: string): NormalizedSpan[] => spans.filter((s) => s.name === name);
const text = (role: string, content: string): ChatMessage => ({ role, parts: [{ type: 'text', content }] });

function langchain(spans: NormalizedSpan[]): void {
  const chats = named(spans, 'ChatOpenAI');
  assert.equal(chats.length, 3);
  for (const c of chats) {
    assert.deepEqual([c.kind, c.provider, c.requestModel, c.responseModel], ['llm', 'openai', 'gpt-fake', 'gpt-fake-2025-04-14'],
      'provider from metadata.ls_provider, response model from output.value generations');
    assert.ok(c.inputTokens! > 0 && c.cacheReadTokens! > 0 && c.reasoningTokens === 2);
    assert.equal(c.inputTokens! + c.outputTokens!, c.totalTokens);
  }
  const [first] = chats.filter((c) => c.finishReasons?.[0] === 'tool_calls');
  assert.ok(first);
  assert.deepEqual(first.systemInstructions, [{ type: 'text', content: 'You are a weather bot.' }]);
  assert.deepEqual(first.outputMessages?.[0]?.parts, [
    { type: 'tool_call', id: 'call_ke-1', name: 'get_weather', arguments: '{"city":"Paris"}' },
  ], 'the call id comes from output.value when llm.output_messages lacks it');

  const [tool] = named(spans, 'get_weather');
  assert.ok(tool);
  assert.deepEqual([tool.kind, tool.toolName, tool.toolCallId, tool.toolArguments, tool.toolResult],
    ['tool', 'get_weather', 'call_ke-1', 'Paris', 'sunny in Paris'], 'the serialized ToolMessage gives result and call id');

  const routes = named(spans, 'RunnableLambda');
  assert.equal(routes.length, 2);
  for (const r of routes) assert.equal(r.outputMessages, null, 'a routing decision (tools / __end__) is not an assistant message');
  assert.deepEqual(routes.map((r) => r.attributes['output.value']).sort(), ['__end__', 'tools']);

  const agentNodes = named(spans, 'agent');
  assert.equal(agentNodes.length, 2);
  for (const a of agentNodes) assert.equal(a.agentName, 'weather_agent', 'createReactAgent model node carries the agent name');
  const [root] = named(spans, 'weather_agent');
  assert.ok(root);
  assert.deepEqual(root.inputMessages, [text('user', 'Weather in Paris?')], 'LangChain-serialized messages are read');
  assert.deepEqual(root.outputMessages?.at(-1), { ...text('assistant', 'Fake answer: sunny in Paris'), name: 'weather_agent' });
  assert.deepEqual(root.outputMessages?.[2], {
    role: 'tool', name: 'get_weather', parts: [{ type: 'tool_call_response', id: 'call_ke-1', result: 'sunny in Paris' }],
  });
  for (const s of spans.filter((x) => x.parentSpanId !== null)) assert.equal(s.conversationId, 'lc-session-1');
}

export const LIVE_CHECKS: Record<string, Check> = {
  'live-langchain': langchain,
};
