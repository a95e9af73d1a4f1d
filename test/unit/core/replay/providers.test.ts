// Each provider client against a fake server of its API: the request sent equals what the span recorded (messages,
// system, tools, parameters), then equals it with edits applied; the streamed answer, tool calls, finish reason
// and usage come back; every failure is a typed error naming the endpoint and never the key.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, replayRequestFromSpan, type ReplayRequest } from '../../../../src/core/replay';
import { ReplayBuildError, ReplayProviderError, runOnProvider, type ReplayEndpoint } from '../../../../src/core/replay/providers';
import { startFakeProvider, type FakeApi, type FakeProvider } from './fake-providers';
import { closeFixtureStores, recordedSpan } from './recorded-spans';

const KEY = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyz';
const fakes: FakeProvider[] = [];
after(async () => {
  await closeFixtureStores();
  for (const f of fakes) await f.close();
});

async function fake(api: FakeApi, script?: FakeProvider['script']): Promise<FakeProvider> {
  const f = await startFakeProvider(api, script);
  fakes.push(f);
  return f;
}

function endpoint(f: FakeProvider, provider: ReplayEndpoint['provider']): ReplayEndpoint {
  return { provider, baseUrl: f.baseUrl, apiKey: KEY };
}

async function sent(api: FakeApi, request: ReplayRequest): Promise<Record<string, unknown>> {
  const f = await fake(api);
  await runOnProvider(request, endpoint(f, api));
  assert.equal(f.requests.length, 1);
  return f.requests[0]!.body;
}

const CITY = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const CITY_07 = { $schema: 'http://json-schema.org/draft-07/schema#', ...CITY, additionalProperties: false };
const SYSTEM = 'You are a weather bot.';
const STREAM = { stream: true, stream_options: { include_usage: true } };

test('OpenAI Chat: an OpenInference span is sent as recorded (system, tools, temperature), key as a bearer header', async () => {
  const request = replayRequestFromSpan(await recordedSpan('openinference-openai', '5eb05778eb556ba7'));
  const f = await fake('openai');
  const streamed: string[] = [];
  const { answer } = await runOnProvider(request, endpoint(f, 'openai'), { onText: (t) => streamed.push(t) });
  const { url, headers, body } = f.requests[0]!;
  assert.equal(url, '/v1/chat/completions');
  assert.equal(headers.authorization, `Bearer ${KEY}`);
  assert.deepEqual(body, {
    model: 'gpt-fake',
    messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: 'Weather in Paris?' }],
    ...STREAM, temperature: 0.2,
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get weather', parameters: CITY } }],
  });
  assert.deepEqual(streamed, ['Fake repla', 'y answer.'], 'text arrives as it streams');
  assert.equal(answer.text, 'Fake replay answer.');
  assert.equal(answer.finishReason, 'stop');
  assert.equal(answer.responseModel, 'fake-model-2026');
  assert.deepEqual(answer.usage, { inputTokens: 20, outputTokens: 8, totalTokens: 28, cacheReadTokens: 4, cacheWriteTokens: null, reasoningTokens: null });
  assert.ok(answer.latencyMs >= 0 && answer.firstChunkMs !== null);
});

test('OpenAI Chat: a conversation with a tool call and its result (AI SDK 7, LangChain, Traceloop, OTel contrib)', async () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['live-ai-v7-otel', 'fda2518437614a5f', {
      model: 'gpt-fake',
      messages: [
        { role: 'system', content: SYSTEM }, { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_ke-1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_ke-1', content: '{"city":"Paris","forecast":"sunny"}' },
      ],
      ...STREAM,
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: CITY_07 } }],
    }],
    ['live-langchain', 'd7b091204211a6d2', {
      model: 'gpt-fake',
      messages: [
        { role: 'system', content: SYSTEM }, { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', name: 'weather_agent', content: null, tool_calls: [{ id: 'call_ke-1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_ke-1', content: 'sunny in Paris' },
      ],
      ...STREAM, temperature: 0,
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...CITY, additionalProperties: false } } }],
    }],
    ['otel-openai-contrib-json', '144dba827db78484', {
      model: 'gpt-fake',
      messages: [
        { role: 'system', content: SYSTEM }, { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_fake1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_fake1', content: 'sunny, 21C' },
      ],
      ...STREAM,
    }],
  ];
  for (const [run, spanId, expected] of cases) {
    assert.deepEqual(await sent('openai', replayRequestFromSpan(await recordedSpan(run, spanId))), expected, run);
  }
});

test('OpenAI Chat: with each kind of edit applied (system, message text, model, parameters, template)', async () => {
  const original = replayRequestFromSpan(await recordedSpan('openinference-openai', '5eb05778eb556ba7'));
  const { request } = applyEdits(original, {
    system: 'Answer in French.', model: 'gpt-4.1-mini',
    parameters: { temperature: null, maxTokens: 100, stop: ['END'], seed: 3, responseFormat: { type: 'json' }, toolChoice: { tool: 'get_weather' } },
    template: { text: 'Forecast for {city}, please.' },
  });
  const body = await sent('openai', request);
  assert.deepEqual(body, {
    model: 'gpt-4.1-mini',
    messages: [{ role: 'system', content: 'Answer in French.' }, { role: 'user', content: 'Forecast for Paris, please.' }],
    ...STREAM, max_tokens: 100, stop: ['END'], seed: 3, response_format: { type: 'json_object' },
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get weather', parameters: CITY } }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  });
});

test('OpenAI Chat: a streamed tool call is returned, not executed', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-traceloop', '1a60f48c78245938'));
  const f = await fake('openai', [{ kind: 'answer', text: '', toolCall: { id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
  const { answer } = await runOnProvider(request, endpoint(f, 'openai'));
  assert.deepEqual(answer.toolCalls, [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  assert.equal(answer.finishReason, 'tool_calls');
});

test('OpenAI Responses: the Codex span with a written message and its reasoning effort; the OpenInference Responses span', async () => {
  const codex = applyEdits(replayRequestFromSpan(await recordedSpan('live-codex-spans-json', 'a96a3cd32f2bb855')), {
    append: [{ role: 'user', text: 'List the files.' }],
  }).request;
  const f = await fake('openai-responses', [{ kind: 'answer', text: 'Done.', toolCall: { id: 'call_2', name: 'shell', arguments: '{"cmd":"ls"}' } }]);
  const { answer } = await runOnProvider(codex, endpoint(f, 'openai-responses'));
  assert.equal(f.requests[0]!.url, '/v1/responses');
  assert.deepEqual(f.requests[0]!.body, {
    model: 'gpt-5.5', input: [{ role: 'user', content: [{ type: 'input_text', text: 'List the files.' }] }], stream: true, reasoning: { effort: 'medium' },
  });
  assert.equal(answer.text, 'Done.');
  assert.deepEqual(answer.toolCalls, [{ id: 'call_2', name: 'shell', arguments: '{"cmd":"ls"}' }]);
  assert.equal(answer.finishReason, 'tool_calls');
  assert.deepEqual(answer.usage, { inputTokens: 20, outputTokens: 8, totalTokens: 28, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: 2 });
  const tools = replayRequestFromSpan(await recordedSpan('live-ai-v7-otel', 'fda2518437614a5f'));
  assert.deepEqual(await sent('openai-responses', tools), {
    model: 'gpt-fake', instructions: SYSTEM,
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
      { type: 'function_call', call_id: 'call_ke-1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_ke-1', output: '{"city":"Paris","forecast":"sunny"}' },
    ],
    stream: true,
    tools: [{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: CITY_07 }],
  });
});

test('Anthropic Messages: the tool conversation as tool_use / tool_result blocks, the required max_tokens said to be defaulted', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-ai-v7-otel', 'fda2518437614a5f'));
  const f = await fake('anthropic', [{ kind: 'answer', text: 'Sunny.', toolCall: { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Lyon"}' } }]);
  const { answer, built } = await runOnProvider({ ...request, parameters: { temperature: 0.5, topK: 3, stop: ['END'] } }, endpoint(f, 'anthropic'));
  const { url, headers, body } = f.requests[0]!;
  assert.equal(url, '/v1/messages');
  assert.equal(headers['x-api-key'], KEY);
  assert.equal(headers['anthropic-version'], '2023-06-01');
  assert.equal(headers.authorization, undefined);
  assert.deepEqual(body, {
    model: 'gpt-fake', max_tokens: 4096, system: SYSTEM,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_ke-1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_ke-1', content: '{"city":"Paris","forecast":"sunny"}' }] },
    ],
    stream: true, temperature: 0.5, top_k: 3, stop_sequences: ['END'],
    tools: [{ name: 'get_weather', description: 'Weather for a city', input_schema: CITY_07 }],
  });
  assert.equal(built.defaulted.length, 1);
  assert.match(built.defaulted[0]!, /maxTokens = 4096/);
  assert.equal(answer.text, 'Sunny.');
  assert.deepEqual(answer.toolCalls, [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Lyon"}' }]);
  assert.equal(answer.finishReason, 'tool_use');
  assert.deepEqual(answer.usage, { inputTokens: 25, outputTokens: 8, totalTokens: 33, cacheReadTokens: 5, cacheWriteTokens: null, reasoningTokens: null });
});

test('Anthropic: a Claude Code span (no messages recorded) with a written message and a new model', async () => {
  const { request } = applyEdits(replayRequestFromSpan(await recordedSpan('live-claude-code-spans-json', '88c4642c634defb1')), {
    append: [{ role: 'user', text: 'Say hi' }], model: 'claude-haiku-4-5', parameters: { maxTokens: 256 },
  });
  assert.deepEqual(await sent('anthropic', request), {
    model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hi' }] }], stream: true,
  });
});

test('Anthropic: a tool result without its call id cannot be sent: a clear build error before any request', async () => {
  const request = replayRequestFromSpan(await recordedSpan('traceloop-0.22.2-openai-legacy', '6b668b5597164f59'));
  const f = await fake('anthropic');
  await assert.rejects(runOnProvider(request, endpoint(f, 'anthropic')), (e: unknown) => e instanceof ReplayBuildError && /messages\[2\]/.test(e.message));
  assert.equal(f.requests.length, 0);
});

test('Gemini: the Gemini CLI span with its generation config; the key in a header, never in the URL', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-gemini-cli-spans-http', 'e8d9630f811dfe59'));
  const f = await fake('gemini');
  const { answer } = await runOnProvider(request, endpoint(f, 'gemini'));
  const { url, headers, body } = f.requests[0]!;
  assert.equal(url, '/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  assert.ok(!url.includes(KEY));
  assert.equal(headers['x-goog-api-key'], KEY);
  const user = request.messages[0]!.content.map((c) => ({ text: (c as { text: string }).text }));
  assert.deepEqual(body, {
    contents: [{ role: 'user', parts: user }],
    systemInstruction: { parts: [{ text: request.system[0] }] },
    generationConfig: { temperature: 1, topP: 0.95, topK: 64 },
  });
  assert.equal(answer.text, 'Fake replay answer.');
  assert.equal(answer.finishReason, 'STOP');
  assert.deepEqual(answer.usage, { inputTokens: 20, outputTokens: 8, totalTokens: 28, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: 2 });
});

test('Gemini: a tool conversation as functionCall / functionResponse, the result name found from its call', async () => {
  const request = replayRequestFromSpan(await recordedSpan('live-ai-v7-otel', 'fda2518437614a5f'));
  const { request: edited } = applyEdits(request, { parameters: { maxTokens: 64, toolChoice: 'required' } });
  assert.deepEqual(await sent('gemini', edited), {
    contents: [
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { id: 'call_ke-1', name: 'get_weather', args: { city: 'Paris' } } }] },
      { role: 'user', parts: [{ functionResponse: { id: 'call_ke-1', name: 'get_weather', response: { city: 'Paris', forecast: 'sunny' } } }] },
    ],
    systemInstruction: { parts: [{ text: SYSTEM }] },
    tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: CITY_07 }] }],
    toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    generationConfig: { maxOutputTokens: 64 },
  });
});

async function failure(api: FakeApi, script: FakeProvider['script'], options: { timeoutMs?: number } = {}): Promise<ReplayProviderError> {
  const request = applyEdits(replayRequestFromSpan(await recordedSpan('live-ai-v7-otel', 'b7a9e1e319b9f645')), { model: 'm' }).request;
  const f = await fake(api, script);
  try {
    await runOnProvider(request, endpoint(f, api), options);
  } catch (error) {
    assert.ok(error instanceof ReplayProviderError, String(error));
    assert.ok(!error.message.includes(KEY) && !error.message.includes(KEY.slice(8, 20)), 'the key is never in an error');
    assert.ok(error.message.includes(f.baseUrl.replace(/\/v1$/, '')), `names the endpoint: ${error.message}`);
    return error;
  }
  assert.fail('the run should have failed');
}

test('errors: 401 (with the key echoed by the provider), 429 with Retry-After, 500, a stream cut midway, a timeout', async () => {
  const echo = JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } });
  const auth = await failure('openai', [{ kind: 'status', status: 401, body: echo }]);
  assert.equal(auth.kind, 'auth');
  assert.equal(auth.status, 401);
  assert.match(auth.message, /refused the key \(HTTP 401\): Incorrect API key provided: \[key\]/);

  const limited = await failure('anthropic', [{ kind: 'status', status: 429, headers: { 'retry-after': '17' }, body: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}' }]);
  assert.equal(limited.kind, 'rate-limit');
  assert.equal(limited.retryAfterSeconds, 17);
  assert.match(limited.message, /retry after 17 s.*slow down/);

  const server = await failure('gemini', [{ kind: 'status', status: 500, body: '{"error":{"code":500,"message":"internal"}}' }]);
  assert.equal(server.kind, 'server');
  assert.match(server.message, /HTTP 500.*internal/);

  for (const api of ['openai', 'openai-responses', 'anthropic', 'gemini'] as const) {
    const cut = await failure(api, [{ kind: 'cut', text: 'A partial answer that never ends' }]);
    assert.equal(cut.kind, 'stream-cut', api);
    assert.match(cut.message, /broke off|ended before/);
    assert.ok(cut.partialText.length > 0, `${api}: the text streamed before the cut is kept`);
  }

  const slow = await failure('openai', [{ kind: 'hang' }], { timeoutMs: 300 });
  assert.equal(slow.kind, 'timeout');
  assert.ok(slow.latencyMs !== null && slow.latencyMs >= 250);
});

test('errors: nothing listening, and an answer that is not an event stream', async () => {
  const f = await fake('openai', [{ kind: 'status', status: 200, body: '{"choices":[]}' }]);
  const request = replayRequestFromSpan(await recordedSpan('live-ai-v7-otel', 'b7a9e1e319b9f645'));
  await assert.rejects(runOnProvider(request, endpoint(f, 'openai')), (e: unknown) => e instanceof ReplayProviderError && e.kind === 'bad-response' && /event stream/.test(e.message));
  const closed = await fake('openai');
  const url = closed.baseUrl;
  await closed.close();
  await assert.rejects(runOnProvider(request, { provider: 'openai', baseUrl: url, apiKey: KEY }),
    (e: unknown) => e instanceof ReplayProviderError && e.kind === 'network' && e.message.includes('cannot reach'));
});

test('a tool choice without tools is left out (the APIs refuse it) and named as dropped', async () => {
  const request = replayRequestFromSpan(await recordedSpan('ai-v7-otel-legacy', 'a298b6fc33dfaf2e'));
  for (const api of ['openai', 'openai-responses', 'anthropic', 'gemini'] as const) {
    const f = await fake(api);
    const { built } = await runOnProvider(request, endpoint(f, api));
    const body = f.requests[0]!.body;
    assert.ok(!('tool_choice' in body) && !('toolConfig' in body), api);
    assert.ok(built.dropped.includes('toolChoice'), api);
  }
});
