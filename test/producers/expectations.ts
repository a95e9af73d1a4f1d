// What each producer run's normalized spans must look like (`trace-lens show --json` records). The fake model is
// deterministic: the first weather call uses 10 input tokens (5 of them cached) and 20 output tokens (2 reasoning).
import assert from 'node:assert/strict';
import type { SpanRecord } from '../../src/cli/output';

export type ShownSpan = SpanRecord;
type Check = (spans: ShownSpan[]) => void;

const SYSTEM = [{ type: 'text', content: 'You are a weather bot.' }];
const RESPONSE_MODEL = 'gpt-fake-2025-04-14';

function all(spans: ShownSpan[], pred: (s: ShownSpan) => boolean, what: string, count?: number): ShownSpan[] {
  const found = spans.filter(pred);
  if (count !== undefined) assert.equal(found.length, count, `${count} × ${what} (found ${found.map((s) => s.name).join(', ')})`);
  else assert.ok(found.length > 0, `no ${what} among ${spans.map((s) => s.name).join(', ')}`);
  return found;
}

function one(spans: ShownSpan[], pred: (s: ShownSpan) => boolean, what: string): ShownSpan {
  return all(spans, pred, what, 1)[0]!;
}

const named = (name: string) => (s: ShownSpan) => s.name === name;

/** The first model call of the weather flow: the tool call with its id, the system prompt, usage as sent. */
function firstWeatherCall(s: ShownSpan, opts: { cached: boolean; reasoning: boolean; provider?: string | null }): void {
  assert.equal(s.kind, 'llm', s.name);
  assert.equal(s.provider, opts.provider === undefined ? 'openai' : opts.provider, `${s.name} provider`);
  assert.equal(s.requestModel, 'gpt-fake');
  assert.equal(s.responseModel, RESPONSE_MODEL);
  assert.deepEqual([s.inputTokens, s.outputTokens, s.totalTokens], [10, 20, 30], `${s.name} tokens`);
  assert.equal(s.cacheReadTokens, opts.cached ? 5 : null, 'cached input ⊂ input');
  assert.equal(s.reasoningTokens, opts.reasoning ? 2 : null, 'reasoning ⊂ output');
  assert.deepEqual(s.systemInstructions, SYSTEM);
  assert.ok(s.inputMessages?.some((m) => m.role === 'user' && JSON.stringify(m.parts).includes('Weather in Paris?')), 'user message');
  const call = s.outputMessages?.flatMap((m) => m.parts).find((p) => p.type === 'tool_call');
  assert.ok(call && call.type === 'tool_call', 'tool call in the output');
  assert.equal(call.name, 'get_weather');
  assert.equal(call.id, 'call_ke-1');
  const args: unknown = typeof call.arguments === 'string' ? JSON.parse(call.arguments) : call.arguments;
  assert.deepEqual(args, { city: 'Paris' });
}

/** The second call: the tool result went back in, the answer quotes it. */
function secondWeatherCall(s: ShownSpan, result: string): void {
  assert.equal(s.responseModel, RESPONSE_MODEL);
  const back = s.inputMessages?.flatMap((m) => m.parts).find((p) => p.type === 'tool_call_response');
  assert.ok(back && back.type === 'tool_call_response', 'tool result in the input');
  assert.equal(back.id, 'call_ke-1');
  assert.ok(JSON.stringify(back.result).includes(result), JSON.stringify(back.result));
  const answer = s.outputMessages?.[0]?.parts[0];
  assert.ok(answer?.type === 'text' && answer.content.startsWith('Fake answer:'), JSON.stringify(s.outputMessages));
  assert.equal(s.inputTokens! + s.outputTokens!, s.totalTokens ?? s.inputTokens! + s.outputTokens!);
}

function jsonOrText(text: string | null): unknown {
  return text !== null && /^[[{]/.test(text) ? JSON.parse(text) as unknown : text;
}

function toolSpan(s: ShownSpan, expected: { id: string | null; args: unknown; result: unknown }): void {
  assert.equal(s.kind, 'tool');
  assert.equal(s.toolName, 'get_weather');
  assert.equal(s.toolCallId, expected.id);
  assert.deepEqual(jsonOrText(s.toolArguments), expected.args);
  assert.deepEqual(jsonOrText(s.toolResult), expected.result);
}

function embedding(s: ShownSpan, input: number | null): void {
  assert.equal(s.kind, 'embedding');
  assert.equal(s.requestModel, 'text-embedding-fake');
  assert.equal(s.inputTokens, input);
  assert.equal(s.outputTokens, null);
}

function otelSdk(spans: ShownSpan[]): void {
  const agent = one(spans, named('invoke_agent weather-agent'), 'agent');
  assert.deepEqual([agent.kind, agent.agentName, agent.conversationId, agent.promptName, agent.promptVersion],
    ['agent', 'weather-agent', 'otel-conv-1', 'weather-prompt', '3']);
  assert.deepEqual(agent.systemInstructions, SYSTEM, 'gen_ai.system_instructions');
  const chats = all(spans, named('chat gpt-fake'), 'chat spans', 3);
  // The contrib instrumentation reports neither cached nor reasoning tokens; content arrives as log records.
  firstWeatherCall(chats[0]!, { cached: false, reasoning: false });
  assert.ok(chats[0]!.events.some((e) => e.attributes['otel.log'] === true), 'content from attached log records');
  secondWeatherCall(chats[1]!, 'sunny in Paris');
  assert.deepEqual(chats[2]!.outputMessages?.[0]?.role, 'assistant', 'streamed answer');
  assert.ok(chats[2]!.inputTokens! > 0, 'streamed usage');
  toolSpan(one(spans, named('execute_tool get_weather'), 'tool'), { id: 'call_ke-1', args: null, result: null });
  embedding(one(spans, (s) => s.kind === 'embedding', 'embedding'), 3);
}

function openinference(spans: ShownSpan[]): void {
  const agent = one(spans, named('weather-agent'), 'agent');
  assert.deepEqual([agent.kind, agent.agentName, agent.conversationId], ['agent', 'weather-agent', 'oi-session']);
  const chats = all(spans, named('OpenAI Chat Completions'), 'chat spans', 3);
  firstWeatherCall(chats[0]!, { cached: true, reasoning: true });
  secondWeatherCall(chats[1]!, 'sunny in Paris');
  assert.equal(chats[2]!.outputMessages?.[0]?.role, 'assistant', 'streamed answer');
  toolSpan(one(spans, named('get_weather'), 'tool'), { id: 'call_ke-1', args: { city: 'Paris' }, result: 'sunny in Paris' });
  embedding(one(spans, named('OpenAI Embeddings'), 'embedding'), null);
}

function langchain(spans: ShownSpan[]): void {
  const chats = all(spans, named('ChatOpenAI'), 'ChatOpenAI spans', 3);
  const first = chats.find((c) => c.outputMessages?.[0]?.parts[0]?.type === 'tool_call');
  assert.ok(first, 'the tool-calling model call');
  firstWeatherCall(first, { cached: true, reasoning: true });
  secondWeatherCall(chats.find((c) => c.inputMessages?.some((m) => m.role === 'tool'))!, 'sunny in Paris');
  const plain = chats.find((c) => c.parentSpanId === null)!;
  assert.deepEqual(plain.systemInstructions, [{ type: 'text', content: 'You answer briefly.' }]);
  toolSpan(one(spans, named('get_weather'), 'tool'), { id: 'call_ke-1', args: 'Paris', result: 'sunny in Paris' });
  for (const route of all(spans, named('RunnableLambda'), 'routing lambdas', 2)) assert.equal(route.outputMessages, null);
  for (const node of all(spans, named('agent'), 'agent nodes', 2)) assert.equal(node.agentName, 'weather_agent');
  for (const s of spans.filter((x) => x.parentSpanId !== null)) assert.equal(s.conversationId, 'lc-session-1');
}

function traceloop(spans: ShownSpan[]): void {
  const wf = one(spans, named('weather_workflow.workflow'), 'workflow');
  assert.deepEqual([wf.kind, wf.conversationId], ['workflow', 'tl-session']);
  assert.equal(one(spans, named('weather_agent.agent'), 'agent').agentName, 'weather_agent');
  const chats = all(spans, named('chat gpt-fake'), 'chat spans', 3);
  firstWeatherCall(chats[0]!, { cached: false, reasoning: false });
  secondWeatherCall(chats[1]!, 'sunny in Paris');
  for (const c of chats) assert.equal(c.conversationId, 'tl-session');
  toolSpan(one(spans, named('get_weather.tool'), 'tool'), { id: null, args: { args: [], kwargs: {} }, result: 'sunny in Paris' });
}

function vercelCommon(spans: ShownSpan[], names: { chat: string; tool: string; embedOuter: string; embedInner: string }): ShownSpan[] {
  const chats = all(spans, (s) => s.name === names.chat && s.systemInstructions !== null, 'tool-loop model calls', 2);
  firstWeatherCall(chats[0]!, { cached: true, reasoning: true });
  secondWeatherCall(chats[1]!, 'sunny');
  toolSpan(one(spans, named(names.tool), 'tool'), { id: 'call_ke-1', args: { city: 'Paris' }, result: { city: 'Paris', forecast: 'sunny' } });
  const embeds = all(spans, (s) => s.name === names.embedOuter || s.name === names.embedInner, 'embedding spans', 2);
  embedding(embeds.find((s) => s.parentSpanId !== null)!, 3);
  return chats;
}

function aiV6(spans: ShownSpan[]): void {
  const chats = vercelCommon(spans, { chat: 'ai.generateText.doGenerate', tool: 'ai.toolCall', embedOuter: 'ai.embed', embedInner: 'ai.embed.doEmbed' });
  const outer = one(spans, named('ai.generateText'), 'generateText');
  assert.deepEqual(outer.systemInstructions, SYSTEM, 'ai.prompt system');
  assert.deepEqual([outer.agentName, outer.conversationId, outer.promptName, outer.promptVersion],
    ['weather-agent', 'ai6-session', 'weather-prompt', '6']);
  for (const c of chats) assert.deepEqual([c.promptName, c.promptVersion], ['weather-prompt', '6']);
  const outerEmbed = one(spans, named('ai.embed'), 'outer embed');
  assert.equal(outerEmbed.inputTokens, 3, 'outer ai.embed tokens are input');
}

function aiV7Legacy(spans: ShownSpan[]): void {
  const chats = vercelCommon(spans, { chat: 'ai.generateText.doGenerate', tool: 'ai.toolCall', embedOuter: 'ai.embed', embedInner: 'ai.embed.doEmbed' });
  for (const c of chats) assert.deepEqual([c.promptName, c.promptVersion, c.conversationId], ['weather-prompt', '7', 'ai7-session']);
  assert.equal(one(spans, named('ai.embed'), 'outer embed').inputTokens, 3, 'outer ai.embed tokens are input');
  assert.deepEqual(one(spans, named('ai.generateText'), 'generateText').systemInstructions, SYSTEM);
}

function aiV7Otel(spans: ShownSpan[]): void {
  const chats = vercelCommon(spans, { chat: 'chat gpt-fake', tool: 'execute_tool get_weather', embedOuter: 'embeddings text-embedding-fake', embedInner: 'embeddings text-embedding-fake' });
  const agent = one(spans, (s) => s.agentName === 'weather-agent', 'invoke_agent');
  assert.deepEqual([agent.kind, agent.conversationId, agent.promptName, agent.promptVersion], ['agent', 'ai7-session', 'weather-prompt', '7']);
  assert.deepEqual(agent.systemInstructions, SYSTEM, 'gen_ai.system_instructions');
  for (const c of chats) {
    assert.equal(c.attributes['gen_ai.prompt.version'], undefined, 'the chat span itself names only the prompt');
    assert.deepEqual([c.promptName, c.promptVersion], ['weather-prompt', '7'], 'version from the step/agent span above');
  }
}

function langfuse(spans: ShownSpan[]): void {
  const agent = one(spans, named('weather-agent'), 'agent');
  assert.deepEqual([agent.kind, agent.conversationId], ['agent', 'lf-session']);
  assert.deepEqual(agent.outputMessages, [{ role: 'assistant', parts: [{ type: 'text', content: 'It is sunny in Paris.' }] }]);
  const gen = one(spans, named('chat gpt-fake'), 'generation');
  assert.deepEqual([gen.kind, gen.requestModel, gen.promptName, gen.promptVersion], ['llm', 'gpt-fake', 'weather-prompt', '3']);
  assert.deepEqual([gen.inputTokens, gen.outputTokens, gen.totalTokens, gen.cacheReadTokens], [12, 7, 19, 4],
    'usage_details: the cached bucket folds into input');
  assert.deepEqual(gen.systemInstructions, SYSTEM);
  toolSpan(one(spans, named('get_weather'), 'tool'), { id: null, args: { city: 'Paris' }, result: { forecast: 'sunny' } });
}

function mcp(spans: ShownSpan[]): void {
  const wf = one(spans, named('mcp_workflow.workflow'), 'workflow');
  assert.equal(wf.conversationId, 'mcp-session');
  toolSpan(one(spans, named('get_weather.tool'), 'tool'), { id: null, args: { city: 'Paris' }, result: { result: 'sunny in Paris' } });
  assert.equal(new Set(spans.map((s) => s.traceId)).size, 1, 'client and server spans share one trace');
}

export const EXPECTATIONS: Record<string, Check> = {
  'otel-sdk-protobuf': otelSdk,
  'otel-sdk-json': otelSdk,
  'otel-sdk-grpc': otelSdk,
  'openinference-openai': openinference,
  langchain,
  traceloop,
  'ai-v6': aiV6,
  'ai-v7-otel': aiV7Otel,
  'ai-v7-legacy': aiV7Legacy,
  langfuse,
  mcp,
};

