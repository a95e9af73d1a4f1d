// The recorded call as a ReplayRequest, for spans from each recorded producer: equal to what the span recorded
// (written out by hand from the fixtures), with what it did not record marked.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { replayRequestFromSpan, replayProviderFor, type ReplayMarkKind, type ReplayRequest } from '../../../../src/core/replay';
import { norm } from '../model/span-builder';
import { closeFixtureStores, recordedSpan } from './recorded-spans';

after(closeFixtureStores);

type Expected = Omit<ReplayRequest, 'source' | 'marks'> & { marks: ReplayMarkKind[] };

function same(actual: ReplayRequest, expected: Expected): void {
  const { source: _source, marks, ...rest } = actual;
  assert.deepEqual({ ...rest, marks: marks.map((m) => m.kind) }, expected);
}

const CITY = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const CITY_STRICT_07 = { $schema: 'http://json-schema.org/draft-07/schema#', ...CITY, additionalProperties: false };
const CITY_STRICT_2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...CITY, additionalProperties: false };
const SYSTEM = ['You are a weather bot.'];
const ASK = { role: 'user' as const, content: [{ type: 'text' as const, text: 'Weather in Paris?' }] };
const call = (id: string | null, args = '{"city":"Paris"}') =>
  ({ role: 'assistant' as const, content: [{ type: 'tool_call' as const, id, name: 'get_weather', arguments: args }] });
const result = (id: string | null, text: string, name: string | null = null) =>
  ({ role: 'tool' as const, content: [{ type: 'tool_result' as const, id, name, result: text }] });

test('OpenInference (OpenAI chat): template call with tools from llm.tools and temperature from invocation parameters', async () => {
  const span = await recordedSpan('openinference-openai', '5eb05778eb556ba7');
  const request = replayRequestFromSpan(span);
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: { temperature: 0.2 },
    tools: [{ name: 'get_weather', description: 'Get weather', parameters: CITY }],
    system: SYSTEM, messages: [ASK], marks: [],
  });
  assert.equal(request.source.promptTemplate, 'Weather in {city}?');
  assert.deepEqual(request.source.promptVariables, { city: 'Paris' });
});

test('OpenInference: the follow-up call carries the tool call and its result; tool definitions were not recorded and say so', async () => {
  const request = replayRequestFromSpan(await recordedSpan('openinference-openai', 'd635406559769901'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: {}, tools: null, system: SYSTEM,
    messages: [ASK, call('call_fake1'), result('call_fake1', '{"city":"Paris","forecast":"sunny"}')],
    marks: ['no-tool-definitions'],
  });
  assert.match(request.marks[0]!.message, /get_weather/);
});

test('OpenInference: a Responses API span replays on the Responses API', async () => {
  const request = replayRequestFromSpan(await recordedSpan('openinference-openai', 'f01a1f7bfc644efc'));
  same(request, {
    provider: 'openai-responses', model: 'gpt-fake', parameters: {}, tools: null, system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hi' }] }], marks: [],
  });
});

test('Vercel AI SDK 6: ai.prompt.tools, ai.prompt.toolChoice and ai.settings; an unknown provider is marked', async () => {
  const request = replayRequestFromSpan(await recordedSpan('ai-v6-experimental-telemetry', '52058d7680ec9cff'));
  same(request, {
    provider: null, model: 'mock-model-v3', parameters: { temperature: 0.1, toolChoice: 'auto' },
    tools: [{ name: 'get_weather', description: 'Get weather', parameters: CITY_STRICT_07 }],
    system: SYSTEM,
    messages: [ASK, call('call_1'), result('call_1', '{"city":"Paris","forecast":"sunny"}')],
    marks: ['unknown-provider'],
  });
  assert.match(request.marks[0]!.message, /mock-provider/);
});

test('AI SDK 7 on OTel GenAI: gen_ai.system_instructions and gen_ai.tool.definitions', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-ai-v7-otel', 'fda2518437614a5f'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: {},
    tools: [{ name: 'get_weather', description: 'Weather for a city', parameters: CITY_STRICT_07 }],
    system: SYSTEM,
    messages: [ASK, call('call_ke-1'), result('call_ke-1', '{"city":"Paris","forecast":"sunny"}')],
    marks: [],
  });
});

test('LangChain through OpenInference: participant names and the tool name of a result', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-langchain', 'd7b091204211a6d2'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: { temperature: 0 },
    tools: [{ name: 'get_weather', description: 'Weather for a city', parameters: CITY_STRICT_2020 }],
    system: SYSTEM,
    messages: [ASK, { ...call('call_ke-1'), name: 'weather_agent' }, result('call_ke-1', 'sunny in Paris', 'get_weather')],
    marks: [],
  });
});

test('Langfuse: messages from the observation input; no provider recorded is marked', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-langfuse', 'afec3a4d36de8c4e'));
  same(request, {
    provider: null, model: 'gpt-fake', parameters: {}, tools: null, system: SYSTEM, messages: [ASK], marks: ['unknown-provider'],
  });
});

test('Traceloop (OTel GenAI 1.38 attributes)', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-traceloop', '2be37f04efd5333b'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: {},
    tools: [{ name: 'get_weather', description: 'Weather for a city', parameters: CITY }],
    system: SYSTEM, messages: [ASK, call('call_ke-1'), result('call_ke-1', 'sunny in Paris')], marks: [],
  });
});

test('Traceloop legacy: llm.request.functions and the prompt variables', async () => {
  const request = replayRequestFromSpan(await recordedSpan('traceloop-0.22.2-openai-legacy', 'cd3fc03bde436176'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: { temperature: 0.2 },
    tools: [{ name: 'get_weather', description: 'Get weather', parameters: CITY }],
    system: SYSTEM, messages: [ASK], marks: [],
  });
  assert.deepEqual(request.source.promptVariables, { city: 'Paris' });
});

test('Traceloop legacy: the follow-up lost its tool call; the empty assistant turn and the unpaired result are marked, not filled', async () => {
  const request = replayRequestFromSpan(await recordedSpan('traceloop-0.22.2-openai-legacy', '6b668b5597164f59'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: {}, tools: null, system: SYSTEM,
    messages: [ASK, { role: 'assistant', content: [] }, result(null, '{"city":"Paris","forecast":"sunny"}')],
    marks: ['empty-message', 'tool-call-id-missing', 'no-tool-definitions'],
  });
  assert.deepEqual(request.marks.map((m) => m.where), ['messages[1]', 'messages[2]', 'tools']);
});

test('OTel Python contrib: messages from log events, max tokens and temperature from the span', async () => {
  const request = replayRequestFromSpan(await recordedSpan('otel-openai-contrib-json', 'ab3cd2edbb890803'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: { temperature: 0.2, maxTokens: 50 }, tools: null,
    system: SYSTEM, messages: [ASK], marks: ['no-tool-definitions'],
  });
});

test('Claude Code: the model and provider are there, the messages were not recorded', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-claude-code-spans-json', '88c4642c634defb1'));
  same(request, {
    provider: 'anthropic', model: 'claude-sonnet-4-5', parameters: {}, tools: null, system: [], messages: [], marks: ['no-messages'],
  });
});

test('Codex: the Responses API with its reasoning effort', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-codex-spans-json', 'a96a3cd32f2bb855'));
  same(request, {
    provider: 'openai-responses', model: 'gpt-5.5', parameters: { reasoningEffort: 'medium' }, tools: null, system: [],
    messages: [], marks: ['no-messages'],
  });
});

test('Gemini CLI: parameters and system instructions from the operation-details event', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-gemini-cli-spans-http', 'e8d9630f811dfe59'));
  assert.equal(request.provider, 'gemini');
  assert.equal(request.model, 'gemini-2.5-flash');
  assert.deepEqual(request.parameters, { temperature: 1, topP: 0.95, topK: 64 });
  assert.equal(request.system.length, 1);
  assert.match(request.system[0]!, /^You are a non-interactive CLI agent/);
  assert.equal(request.messages.length, 1);
  assert.deepEqual(request.messages[0]!.content.map((c) => c.type), ['text', 'text']);
  assert.match((request.messages[0]!.content[1] as { text: string }).text, /echo hello-from-tool/);
  assert.deepEqual(request.marks.map((m) => m.kind), ['no-tool-definitions']);
  assert.match(request.marks[0]!.message, /run_shell_command/);
});

test('parameters in OpenInference invocation parameters: stop, seed, penalties, response format, tool choice', () => {
  const span = norm({
    'openinference.span.kind': 'LLM',
    'llm.provider': 'openai',
    'llm.model_name': 'gpt-4o',
    'llm.invocation_parameters': JSON.stringify({
      temperature: 0.3, top_p: 0.9, max_completion_tokens: 200, stop: ['END'], seed: 7, frequency_penalty: 0.5,
      presence_penalty: -0.5, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      tool_choice: { type: 'function', function: { name: 'lookup' } }, reasoning_effort: 'low',
    }),
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.content': 'hi',
  });
  assert.deepEqual(replayRequestFromSpan(span).parameters, {
    temperature: 0.3, topP: 0.9, maxTokens: 200, stop: ['END'], seed: 7, frequencyPenalty: 0.5, presencePenalty: -0.5,
    responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
    toolChoice: { tool: 'lookup' }, reasoningEffort: 'low',
  });
});

test('parameters in OTel GenAI and AI SDK settings; a JSON output type is a JSON response format', () => {
  const otel = norm({
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-x',
    'gen_ai.request.stop_sequences': ['\n\n'], 'gen_ai.request.top_k': 5, 'gen_ai.output.type': 'json',
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'q' }] }]),
  });
  assert.deepEqual(replayRequestFromSpan(otel).parameters, { stop: ['\n\n'], topK: 5, responseFormat: { type: 'json' } });
  const vercel = norm({
    'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'anthropic.messages', 'ai.model.id': 'claude-x',
    'ai.settings.maxOutputTokens': 64, 'ai.settings.topP': 0.5, 'ai.settings.stopSequences': ['STOP'],
    'ai.prompt.toolChoice': JSON.stringify({ type: 'tool', toolName: 'lookup' }),
    'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'q' }] }]),
  });
  const request = replayRequestFromSpan(vercel);
  assert.equal(request.provider, 'anthropic');
  assert.deepEqual(request.parameters, { maxTokens: 64, topP: 0.5, stop: ['STOP'], toolChoice: { tool: 'lookup' } });
});

test('redacted values and content cut short are marked where they are; nothing is filled in', () => {
  const span = norm({
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Use key [REDACTED:api-key] for lookups.' }]),
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'My mail is [email:0123456789abcdef]' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Here is the whole file... [truncated]' }] },
      { role: 'user', parts: [{ type: 'text', content: '__REDACTED__' }] },
    ]),
    'gen_ai.tool.definitions': '[{"type":"function","name":"lookup","parameters":{"type":"obj',
  });
  const request = replayRequestFromSpan(span);
  assert.deepEqual(request.system, ['Use key [REDACTED:api-key] for lookups.'], 'the mark is kept as recorded');
  assert.equal(request.tools, null, 'a cut JSON document yields no definitions');
  assert.deepEqual(request.marks.map((m) => [m.kind, m.where]), [
    ['truncated', 'request'],
    ['redacted', 'system'],
    ['redacted', 'messages[0]'],
    ['truncated', 'messages[1]'],
    ['redacted', 'messages[2]'],
  ]);
  assert.match(request.marks[0]!.message, /gen_ai\.tool\.definitions/);
  assert.match(request.marks[1]!.message, /api-key/);
});

test('recorded provider names map to the replay APIs', () => {
  assert.equal(replayProviderFor('openai'), 'openai');
  assert.equal(replayProviderFor('azure.ai.openai'), 'openai');
  assert.equal(replayProviderFor('openai.responses'), 'openai-responses');
  assert.equal(replayProviderFor('openai', 'OpenAI Responses'), 'openai-responses');
  assert.equal(replayProviderFor('anthropic.messages'), 'anthropic');
  assert.equal(replayProviderFor('gcp.gemini'), 'gemini');
  assert.equal(replayProviderFor('google.generative-ai'), 'gemini');
  assert.equal(replayProviderFor('mistral_ai'), null);
  assert.equal(replayProviderFor(null), null);
});

test('the same calls recorded as OTLP protobuf and as JSON give the same requests', async () => {
  const pairs: Array<[string, string]> = [['ab3cd2edbb890803', '088ddcf7b9411ab3'], ['144dba827db78484', 'bff1602677758567'], ['f8801a20eb54d9a3', 'e092fc8c4cec4316']];
  for (const [json, proto] of pairs) {
    const { source: a, ...fromJson } = replayRequestFromSpan(await recordedSpan('otel-openai-contrib-json', json));
    const { source: b, ...fromProto } = replayRequestFromSpan(await recordedSpan('otel-openai-contrib-proto', proto));
    assert.deepEqual(fromProto, fromJson);
    assert.equal(a.spanName, b.spanName);
  }
});

test('AI SDK 7 (legacy telemetry): the streamed call records toolChoice auto and no tools; nothing is marked', async () => {
  const request = replayRequestFromSpan(await recordedSpan('ai-v7-otel-legacy', 'a298b6fc33dfaf2e'));
  same(request, {
    provider: 'openai', model: 'gpt-fake', parameters: { toolChoice: 'auto' }, tools: null, system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Say something' }] }], marks: [],
  });
});
