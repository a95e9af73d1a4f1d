// Every recorded fixture under test/fixtures/otlp, decoded and normalized, checked against its summary.txt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../../../src/core/model/normalize';
import type { ChatMessage, NormalizedSpan, RawLogRecord } from '../../../../src/core/model/types';
import { LIVE_CHECKS } from './live-fixture-checks';
import { fixtureDirs, loadFixture } from './otlp-json-loader';

function normalizeFixture(dir: string): NormalizedSpan[] {
  const { spans, logs } = loadFixture(dir);
  const bySpan = new Map<string, RawLogRecord[]>();
  for (const l of logs) {
    if (!l.spanId) continue;
    const list = bySpan.get(l.spanId) ?? [];
    list.push(l);
    bySpan.set(l.spanId, list);
  }
  return spans
    .map((s) => normalizeSpan(s, bySpan.get(s.spanId) ?? [], DEFAULT_NORMALIZE_OPTIONS))
    .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0));
}

function only(spans: NormalizedSpan[], pred: (s: NormalizedSpan) => boolean, what: string): NormalizedSpan {
  const found = spans.filter(pred);
  assert.equal(found.length, 1, `exactly one ${what}`);
  return found[0] as NormalizedSpan;
}

const byName = (name: string) => (s: NormalizedSpan) => s.name === name;
const text = (role: string, content: string): ChatMessage => ({ role, parts: [{ type: 'text', content }] });
const toolCall = (id: string | null, name: string, args: unknown) => ({ type: 'tool_call' as const, id, name, arguments: args });

function checkVercel(spans: NormalizedSpan[], v: 6 | 7): void {
  assert.equal(spans.length, 8);
  const model = v === 6 ? 'mock-model-v3' : 'mock-model-v4';
  for (const s of spans) assert.equal(s.service, `semconv-probe-ai-v${v}`);
  const root = only(spans, byName('ai.generateText'), 'generateText');
  assert.equal(root.kind, 'workflow');
  assert.deepEqual([root.inputTokens, root.outputTokens, root.totalTokens, root.cacheReadTokens], [50, 13, 63, 4]);
  assert.equal(root.requestModel, model);
  assert.equal(root.provider, 'mock-provider');
  assert.deepEqual(root.systemInstructions, [{ type: 'text', content: 'You are a weather bot.' }]);
  assert.deepEqual(root.inputMessages, [text('user', 'Weather in Paris?')]);
  assert.deepEqual(root.outputMessages?.[0]?.parts[0], { type: 'text', content: 'It is sunny in Paris.' });
  assert.equal(root.agentName, 'weather-agent');
  assert.equal(root.promptName, 'weather-prompt');
  assert.equal(root.promptVersion, '7');
  if (v === 6) {
    assert.deepEqual([root.conversationId, root.userId], ['sess-1', 'u-1']);
  }

  const gens = spans.filter(byName('ai.generateText.doGenerate'));
  assert.equal(gens.length, 2);
  const [first, second] = gens as [NormalizedSpan, NormalizedSpan];
  for (const g of gens) {
    assert.equal(g.kind, 'llm');
    assert.equal(g.requestModel, model);
    assert.equal(g.responseModel, `${model}-0001`);
    assert.equal(g.cacheReadTokens, 2);
  }
  assert.deepEqual([first.inputTokens, first.outputTokens, first.totalTokens], [20, 5, 25]);
  assert.deepEqual([second.inputTokens, second.outputTokens, second.totalTokens], [30, 8, 38]);
  assert.deepEqual(first.finishReasons, ['tool-calls']);
  assert.deepEqual(second.finishReasons, ['stop']);
  assert.deepEqual(first.inputMessages, [text('system', 'You are a weather bot.'), text('user', 'Weather in Paris?')]);
  const firstArgs = v === 6 ? '{"city":"Paris"}' : { city: 'Paris' };
  assert.deepEqual(first.outputMessages, [{ role: 'assistant', parts: [toolCall('call_1', 'get_weather', firstArgs)], finishReason: 'tool-calls' }]);
  assert.deepEqual(second.inputMessages?.slice(2), [
    { role: 'assistant', parts: [toolCall('call_1', 'get_weather', { city: 'Paris' })] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', result: { city: 'Paris', forecast: 'sunny' } }] },
  ]);
  assert.deepEqual(second.outputMessages, [{ ...text('assistant', 'It is sunny in Paris.'), finishReason: 'stop' }]);

  const tool = only(spans, byName('ai.toolCall'), 'toolCall');
  assert.deepEqual([tool.kind, tool.toolName, tool.toolCallId, tool.toolArguments, tool.toolResult],
    ['tool', 'get_weather', 'call_1', '{"city":"Paris"}', '{"city":"Paris","forecast":"sunny"}']);

  const stream = only(spans, byName('ai.streamText.doStream'), 'doStream');
  assert.deepEqual([stream.kind, stream.provider, stream.requestModel, stream.responseModel], ['llm', 'openai', 'gpt-fake', 'gpt-fake-2026-01-01']);
  assert.deepEqual([stream.inputTokens, stream.outputTokens, stream.cacheReadTokens], [12, 7, 4]);
  assert.deepEqual(stream.inputMessages, [text('user', 'Say something')]);
  assert.deepEqual(stream.outputMessages, [{ ...text('assistant', 'Fake answer #1: it is sunny.'), finishReason: 'stop' }]);
  assert.deepEqual(stream.events.map((e) => e.name), ['ai.stream.firstChunk', 'ai.stream.finish']);

  const embed = only(spans, byName('ai.embed.doEmbed'), 'doEmbed');
  assert.deepEqual([embed.kind, embed.requestModel, embed.inputTokens, embed.provider], ['embedding', 'text-embedding-fake', 5, 'openai']);
  assert.equal(only(spans, byName('ai.embed'), 'embed').kind, 'workflow');
  for (const s of spans) assert.equal(s.costUsd, null, 'fake models have no price');
}

function checkOtelContrib(spans: NormalizedSpan[]): void {
  assert.equal(spans.length, 6);
  const root = only(spans, byName('invoke_agent weather-agent'), 'agent');
  assert.deepEqual([root.kind, root.agentName, root.conversationId, root.promptName], ['agent', 'weather-agent', 'conv-1', 'weather-prompt']);
  const chats = spans.filter((s) => s.name === 'chat gpt-fake');
  assert.equal(chats.length, 3);
  const [c1, c2, c3] = chats as [NormalizedSpan, NormalizedSpan, NormalizedSpan];
  for (const c of chats) {
    assert.deepEqual([c.kind, c.provider, c.requestModel, c.otelKind], ['llm', 'openai', 'gpt-fake', 3]);
  }
  assert.deepEqual([c1.inputTokens, c1.outputTokens, c1.totalTokens, c1.responseModel], [12, 7, 19, 'gpt-fake-2026-01-01']);
  assert.deepEqual(c1.finishReasons, ['tool_calls']);
  // Content came only through log records.
  assert.deepEqual(c1.inputMessages, [text('system', 'You are a weather bot.'), text('user', 'Weather in Paris?')]);
  assert.deepEqual(c1.systemInstructions, [{ type: 'text', content: 'You are a weather bot.' }]);
  assert.deepEqual(c1.outputMessages, [{
    role: 'assistant', parts: [toolCall('call_fake1', 'get_weather', '{"city":"Paris"}')], finishReason: 'tool_calls',
  }]);
  assert.deepEqual(c2.inputMessages, [
    text('system', 'You are a weather bot.'), text('user', 'Weather in Paris?'),
    { role: 'assistant', parts: [toolCall('call_fake1', 'get_weather', '{"city":"Paris"}')] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_fake1', result: 'sunny, 21C' }] },
  ]);
  assert.deepEqual(c2.outputMessages, [{ ...text('assistant', 'Fake answer #2: it is sunny.'), finishReason: 'stop' }]);
  assert.ok(c2.events.every((e) => e.attributes['otel.log'] === true));
  assert.deepEqual(c2.events.map((e) => e.name), [
    'gen_ai.system.message', 'gen_ai.user.message', 'gen_ai.assistant.message', 'gen_ai.tool.message', 'gen_ai.choice',
  ]);
  // Responses API span: v1.38 names and the structured operation.details events.
  assert.equal(c3.attributes['gen_ai.provider.name'], 'openai');
  assert.deepEqual([c3.inputTokens, c3.outputTokens, c3.responseModel], [10, 4, 'gpt-fake']);
  assert.deepEqual(c3.inputMessages, [text('user', 'Say hi')]);
  assert.deepEqual(c3.outputMessages, [{ ...text('assistant', 'Fake responses answer.'), finishReason: 'stop' }]);

  const tool = only(spans, byName('execute_tool get_weather'), 'tool');
  assert.deepEqual([tool.kind, tool.toolName, tool.toolCallId], ['tool', 'get_weather', 'call_fake1']);
  const embed = only(spans, byName('embeddings text-embedding-fake'), 'embeddings');
  assert.deepEqual([embed.kind, embed.inputTokens, embed.outputTokens, embed.requestModel], ['embedding', 5, null, 'text-embedding-fake']);
}

const CHECKS: Record<string, (spans: NormalizedSpan[], dir: string) => void> = {
  'ai-v6-experimental-telemetry': (spans) => checkVercel(spans, 6),
  'ai-v7-otel-legacy': (spans) => {
    checkVercel(spans, 7);
    const root = only(spans, byName('ai.generateText'), 'generateText');
    assert.deepEqual(root.outputMessages?.[0]?.parts[1], toolCall('call_1', 'get_weather', { city: 'Paris' }));
  },
  'otel-openai-contrib-json': checkOtelContrib,
  'otel-openai-contrib-proto': (spans, dir) => {
    const { usedDecoder } = loadFixture(dir);
    if (usedDecoder) {
      checkOtelContrib(spans);
    } else {
      // Without the project decoder only the *.decoded.json trace bodies are readable (the logs are protobuf only).
      assert.equal(spans.length, 6);
      assert.deepEqual(spans.map((s) => s.kind).sort(), ['agent', 'embedding', 'llm', 'llm', 'llm', 'tool']);
    }
  },
  'openinference-openai': (spans) => {
    assert.equal(spans.length, 6);
    const agent = only(spans, byName('weather-agent'), 'agent');
    assert.deepEqual([agent.kind, agent.agentName, agent.status, agent.conversationId, agent.userId],
      ['agent', 'weather-agent', 'ok', 'sess-1', 'u-1']);
    assert.deepEqual([agent.promptTemplate, agent.promptVersion, agent.promptName], ['Weather in {city}?', 'v7', 'weather-prompt']);
    assert.deepEqual(agent.promptVariables, { city: 'Paris' });
    assert.deepEqual(agent.inputMessages, [text('user', 'Weather in Paris?')]);
    assert.deepEqual(agent.outputMessages, [text('assistant', 'Fake answer #2: it is sunny.')]);
    const chats = spans.filter(byName('OpenAI Chat Completions'));
    assert.equal(chats.length, 2);
    const [c1, c2] = chats as [NormalizedSpan, NormalizedSpan];
    assert.deepEqual([c1.kind, c1.provider, c1.requestModel, c1.responseModel], ['llm', 'openai', 'gpt-fake', 'gpt-fake-2026-01-01']);
    assert.deepEqual([c1.inputTokens, c1.outputTokens, c1.totalTokens, c1.cacheReadTokens, c1.reasoningTokens], [12, 7, 19, 4, 0]);
    assert.deepEqual(c1.finishReasons, ['tool_calls']);
    assert.deepEqual(c1.inputMessages, [text('system', 'You are a weather bot.'), text('user', 'Weather in Paris?')]);
    assert.deepEqual(c1.outputMessages, [{ role: 'assistant', parts: [toolCall('call_fake1', 'get_weather', '{"city":"Paris"}')] }]);
    assert.equal(c2.inputTokens, null, 'streaming span lacks token counts');
    assert.equal(c2.status, 'unset');
    assert.deepEqual(c2.inputMessages?.slice(2), [
      { role: 'assistant', parts: [toolCall('call_fake1', 'get_weather', '{"city":"Paris"}')] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_fake1', result: '{"city":"Paris","forecast":"sunny"}' }] },
    ]);
    assert.deepEqual(c2.outputMessages, [text('assistant', 'Fake answer #2: it is sunny.')]);
    const tool = only(spans, byName('get_weather'), 'tool');
    assert.deepEqual([tool.kind, tool.toolName, tool.toolArguments, tool.toolResult],
      ['tool', 'get_weather', '{"city":"Paris"}', '{"city":"Paris","forecast":"sunny"}']);
    const emb = only(spans, byName('OpenAI Embeddings'), 'embeddings');
    assert.deepEqual([emb.kind, emb.requestModel, emb.inputMessages], ['embedding', 'text-embedding-fake', null]);
    const resp = only(spans, byName('OpenAI Responses'), 'responses');
    assert.deepEqual([resp.inputTokens, resp.outputTokens, resp.cacheReadTokens], [10, 4, 2]);
    assert.deepEqual(resp.outputMessages, [text('assistant', 'Fake responses answer.')]);
    assert.equal(resp.promptTemplate, null, 'prompt template context does not reach this span');
    for (const s of spans) assert.equal(s.code, null);
  },
  'otel-sdk-grpc': (spans) => {
    assert.equal(spans.length, 2);
    const root = only(spans, byName('invoke_agent demo'), 'agent');
    assert.deepEqual([root.kind, root.agentName], ['agent', 'demo']);
    const { filePath, ...rest } = root.code ?? { filePath: null };
    assert.ok(filePath?.endsWith('/otel-base/otel-grpc.js'), String(filePath));
    assert.deepEqual(rest, { line: 13, column: null, function: 'main', stacktrace: null });
    const chat = only(spans, byName('chat fake-model'), 'chat');
    assert.deepEqual([chat.kind, chat.provider, chat.requestModel, chat.inputTokens, chat.code], ['llm', 'openai', 'fake-model', 3, null]);
    assert.equal(chat.parentSpanId, root.spanId);
  },
  'traceloop-0.22.2-openai-legacy': (spans) => {
    assert.equal(spans.length, 6);
    const wf = only(spans, byName('weather_workflow.workflow'), 'workflow');
    assert.deepEqual([wf.kind, wf.workflowName, wf.conversationId, wf.userId], ['workflow', 'weather_workflow', 'sess-1', 'u-1']);
    const agent = only(spans, byName('weather_agent.agent'), 'agent');
    assert.deepEqual([agent.kind, agent.agentName], ['agent', 'weather_agent']);
    const chats = spans.filter(byName('openai.chat'));
    assert.equal(chats.length, 2);
    const [c1, c2] = chats as [NormalizedSpan, NormalizedSpan];
    assert.deepEqual([c1.kind, c1.provider, c1.requestModel, c1.responseModel], ['llm', 'openai', 'gpt-fake', 'gpt-fake-2026-01-01']);
    assert.deepEqual([c1.inputTokens, c1.outputTokens, c1.totalTokens], [12, 7, 19]);
    assert.deepEqual([c1.promptName, c1.promptVersion, c1.promptVariables], ['weather-prompt', '7', { city: 'Paris' }]);
    assert.deepEqual(c1.inputMessages, [text('system', 'You are a weather bot.'), text('user', 'Weather in Paris?')]);
    assert.deepEqual(c1.outputMessages, [{ role: 'assistant', parts: [toolCall(null, 'get_weather', '{"city":"Paris"}')], finishReason: 'tool_calls' }]);
    assert.deepEqual(c1.finishReasons, ['tool_calls']);
    assert.deepEqual(c2.inputMessages?.slice(2), [
      { role: 'assistant', parts: [] },
      text('tool', '{"city":"Paris","forecast":"sunny"}'),
    ]);
    assert.deepEqual(c2.outputMessages, [{ ...text('assistant', 'Fake answer #2: it is sunny.'), finishReason: 'stop' }]);
    assert.deepEqual(c2.finishReasons, ['stop']);
    const tool = only(spans, byName('get_weather.tool'), 'tool');
    assert.deepEqual([tool.kind, tool.toolName, tool.toolResult], ['tool', 'get_weather', '{"city":"Paris","forecast":"sunny"}']);
    const task = only(spans, byName('embed_task.task'), 'task');
    assert.equal(task.kind, 'workflow');
  },
  ...LIVE_CHECKS,
};

test('every fixture folder has checks here', () => {
  assert.deepEqual(fixtureDirs(), Object.keys(CHECKS).sort());
});

for (const dir of fixtureDirs()) {
  test(`fixture ${dir}: normalized spans match summary.txt`, () => {
    const spans = normalizeFixture(dir);
    for (const s of spans) {
      assert.ok(s.durationMs >= 0 && Number.isFinite(s.durationMs));
      assert.ok(s.service, 'service.name from the resource');
      assert.equal(s.status === 'error', false);
    }
    const check = CHECKS[dir];
    assert.ok(check, `no checks for ${dir}`);
    check(spans, dir);
  });
}
