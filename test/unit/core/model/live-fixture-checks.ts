// Checks for the fixtures recorded by the live-producer suite (test/producers/run.ts --record → test/fixtures/otlp/live-*).
import assert from 'node:assert/strict';
import { inheritPromptVersions } from '../../../../src/core/model/prompt-inheritance';
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
  const second = chats.find((c) => c.inputMessages?.some((m) => m.role === 'tool'));
  assert.deepEqual(second?.inputMessages?.slice(2), [
    { role: 'assistant', name: 'weather_agent', parts: [{ type: 'tool_call', id: 'call_ke-1', name: 'get_weather', arguments: { city: 'Paris' } }] },
    { role: 'tool', name: 'get_weather', parts: [{ type: 'tool_call_response', id: 'call_ke-1', result: 'sunny in Paris' }] },
  ], 'call ids from input.value where llm.input_messages lacks them');
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

function aiV7Otel(spans: NormalizedSpan[]): void {
  const chats = named(spans, 'chat gpt-fake');
  assert.equal(chats.length, 3);
  for (const c of chats) assert.deepEqual([c.promptName, c.promptVersion], ['weather-prompt', null], 'as recorded: name only');
  inheritPromptVersions(spans);
  const loop = chats.filter((c) => c.systemInstructions !== null);
  assert.equal(loop.length, 2);
  for (const c of loop) assert.equal(c.promptVersion, '7', 'from the step span (ai.settings.context.promptVersion)');
  const streamed = chats.find((c) => c.systemInstructions === null);
  assert.equal(streamed?.promptVersion, null, 'no ancestor names the prompt');
  const [agent] = spans.filter((s) => s.agentName === 'weather-agent');
  assert.deepEqual([agent?.kind, agent?.conversationId, agent?.systemInstructions], ['agent', 'ai7-session', [{ type: 'text', content: 'You are a weather bot.' }]]);
  assert.deepEqual([loop[0]!.inputTokens, loop[0]!.outputTokens, loop[0]!.cacheReadTokens, loop[0]!.reasoningTokens], [10, 20, 5, 2]);
  const [tool] = named(spans, 'execute_tool get_weather');
  assert.deepEqual([tool?.toolName, tool?.toolCallId, tool?.toolArguments, tool?.toolResult],
    ['get_weather', 'call_ke-1', '{"city":"Paris"}', '{"city":"Paris","forecast":"sunny"}']);
}

function traceloop(spans: NormalizedSpan[]): void {
  const chats = named(spans, 'chat gpt-fake');
  assert.equal(chats.length, 3);
  assert.deepEqual(chats.map((c) => [c.provider, c.responseModel, c.agentName, c.conversationId]),
    Array(3).fill(['openai', 'gpt-fake-2025-04-14', 'weather_agent', 'tl-session']));
  assert.deepEqual(chats[0]!.systemInstructions, [{ type: 'text', content: 'You are a weather bot.' }]);
  const [tool] = named(spans, 'get_weather.tool');
  assert.deepEqual([tool?.kind, tool?.toolName, tool?.toolResult], ['tool', 'get_weather', 'sunny in Paris'],
    'the JSON string literal entity output is unwrapped');
}

function langfuse(spans: NormalizedSpan[]): void {
  const [gen] = named(spans, 'chat gpt-fake');
  assert.deepEqual([gen?.kind, gen?.requestModel, gen?.inputTokens, gen?.outputTokens, gen?.totalTokens, gen?.cacheReadTokens],
    ['llm', 'gpt-fake', 12, 7, 19, 4], 'usage_details: input includes the cached bucket');
  assert.deepEqual([gen?.promptName, gen?.promptVersion, gen?.conversationId], ['weather-prompt', '3', 'lf-session']);
  const [agent] = named(spans, 'weather-agent');
  assert.deepEqual(agent?.inputMessages, [text('user', 'Weather in Paris?')]);
  assert.deepEqual(agent?.outputMessages, [text('assistant', 'It is sunny in Paris.')]);
}

function mcp(spans: NormalizedSpan[]): void {
  const [tool] = named(spans, 'get_weather.tool');
  assert.deepEqual([tool?.kind, tool?.toolName, tool?.toolArguments, tool?.toolResult, tool?.conversationId],
    ['tool', 'get_weather', '{"city":"Paris"}', '{"result":"sunny in Paris"}', 'mcp-session'], 'MCP {tool_name, arguments} input');
}

export const LIVE_CHECKS: Record<string, Check> = {
  'live-langchain': langchain,
  'live-ai-v7-otel': aiV7Otel,
  'live-traceloop': traceloop,
  'live-langfuse': langfuse,
  'live-mcp': mcp,
};
