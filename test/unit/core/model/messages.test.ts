import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../../src/core/model/types';
import { event, logRecord, norm } from './span-builder';

const text = (role: string, content: string): ChatMessage => ({ role, parts: [{ type: 'text', content }] });

test('OTel gen_ai.input/output.messages as JSON text, plus gen_ai.system_instructions', () => {
  const s = norm({
    'gen_ai.operation.name': 'chat',
    'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'wx', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'sunny' }] },
    ]),
    'gen_ai.output.messages': JSON.stringify([
      { role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finish_reason: 'stop' },
    ]),
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
  });
  assert.deepEqual(s.inputMessages, [
    text('user', 'Weather?'),
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'wx', arguments: { city: 'Paris' } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', result: 'sunny' }] },
  ]);
  assert.deepEqual(s.outputMessages, [{ ...text('assistant', 'Sunny.'), finishReason: 'stop' }]);
  assert.deepEqual(s.systemInstructions, [{ type: 'text', content: 'Be brief.' }]);
  assert.deepEqual(s.finishReasons, ['stop'], 'finish reasons fall back to the output messages');
});

test('OTel messages as AnyValue arrays (kvlists decoded to objects); unknown parts kept as other', () => {
  const s = norm({
    'gen_ai.input.messages': [
      { role: 'user', parts: [{ type: 'text', content: 'hi' }, { type: 'uri', uri: 'https://x/y.png', modality: 'image' }] },
    ],
  });
  assert.deepEqual(s.inputMessages, [{
    role: 'user',
    parts: [{ type: 'text', content: 'hi' }, { type: 'other', value: { type: 'uri', uri: 'https://x/y.png', modality: 'image' } }],
  }]);
});

test('system instructions derive from system-role input messages when not given separately', () => {
  const s = norm({
    'gen_ai.input.messages': JSON.stringify([
      { role: 'system', parts: [{ type: 'text', content: 'Rules.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Q' }] },
    ]),
  });
  assert.deepEqual(s.systemInstructions, [{ type: 'text', content: 'Rules.' }]);
  assert.equal(s.inputMessages?.length, 2, 'input messages are kept as sent');
});

test('OpenInference flattened llm.input_messages / llm.output_messages with contents and tool calls', () => {
  const s = norm({
    'openinference.span.kind': 'LLM',
    'llm.input_messages.0.message.role': 'system',
    'llm.input_messages.0.message.content': 'You are a bot.',
    'llm.input_messages.1.message.role': 'user',
    'llm.input_messages.1.message.contents.0.message_content.type': 'text',
    'llm.input_messages.1.message.contents.0.message_content.text': 'Look:',
    'llm.input_messages.1.message.contents.1.message_content.type': 'image',
    'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'data:x',
    'llm.input_messages.2.message.role': 'assistant',
    'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call_1',
    'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'get_weather',
    'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
    'llm.input_messages.10.message.role': 'tool',
    'llm.input_messages.10.message.content': 'sunny',
    'llm.input_messages.10.message.tool_call_id': 'call_1',
    'llm.output_messages.0.message.role': 'assistant',
    'llm.output_messages.0.message.contents.0.message_content.type': 'output_text',
    'llm.output_messages.0.message.contents.0.message_content.text': 'Done.',
    'llm.finish_reason': 'stop',
  });
  assert.deepEqual(s.inputMessages, [
    text('system', 'You are a bot.'),
    { role: 'user', parts: [{ type: 'text', content: 'Look:' }, { type: 'other', value: { type: 'image', image: { image: { url: 'data:x' } } } }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', result: 'sunny' }] },
  ], 'index 10 sorts after 2');
  assert.deepEqual(s.outputMessages, [text('assistant', 'Done.')]);
  assert.deepEqual(s.systemInstructions, [{ type: 'text', content: 'You are a bot.' }]);
  assert.deepEqual(s.finishReasons, ['stop']);
});

test('Traceloop legacy gen_ai.prompt.N / gen_ai.completion.N with tool calls', () => {
  const s = norm({
    'llm.request.type': 'chat',
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': 'Weather in Paris?',
    'gen_ai.prompt.1.role': 'assistant',
    'gen_ai.prompt.1.content': 'null',
    'gen_ai.prompt.name': 'not-a-message',
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.content': '',
    'gen_ai.completion.0.finish_reason': 'tool_calls',
    'gen_ai.completion.0.tool_calls.0.id': 'call_9',
    'gen_ai.completion.0.tool_calls.0.name': 'get_weather',
    'gen_ai.completion.0.tool_calls.0.arguments': '{"city":"Paris"}',
  });
  assert.deepEqual(s.inputMessages, [text('user', 'Weather in Paris?'), { role: 'assistant', parts: [] }]);
  assert.deepEqual(s.outputMessages, [{
    role: 'assistant',
    parts: [{ type: 'tool_call', id: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    finishReason: 'tool_calls',
  }]);
  assert.deepEqual(s.finishReasons, ['tool_calls']);
  assert.equal(s.promptName, 'not-a-message');
});

test('Traceloop multimodal content sent as JSON text of content parts', () => {
  const s = norm({
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': '[{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"u"}}]',
  });
  assert.deepEqual(s.inputMessages?.[0]?.parts, [
    { type: 'text', content: 'Describe' },
    { type: 'other', value: { type: 'image_url', image_url: { url: 'u' } } },
  ]);
});

test('Vercel ai.prompt.messages with text, tool-call (args or input) and tool-result parts', () => {
  const s = norm({
    'ai.operationId': 'ai.generateText.doGenerate',
    'ai.prompt.messages': JSON.stringify([
      { role: 'system', content: 'Sys.' },
      { role: 'user', content: [{ type: 'text', text: 'Q?' }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'wx', args: { c: 1 } }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't2', toolName: 'wx', input: { c: 2 } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'wx', result: 'r1' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't2', toolName: 'wx', output: { type: 'json', value: { ok: true } } }] },
    ]),
    'ai.response.text': 'A.',
    'ai.response.toolCalls': JSON.stringify([{ toolCallId: 't3', toolName: 'wx', input: '{"c":3}' }]),
    'ai.response.finishReason': 'tool-calls',
  });
  assert.deepEqual(s.inputMessages, [
    text('system', 'Sys.'),
    text('user', 'Q?'),
    { role: 'assistant', parts: [{ type: 'tool_call', id: 't1', name: 'wx', arguments: { c: 1 } }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 't2', name: 'wx', arguments: { c: 2 } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 't1', result: 'r1' }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 't2', result: { ok: true } }] },
  ]);
  assert.deepEqual(s.outputMessages, [{
    role: 'assistant',
    parts: [{ type: 'text', content: 'A.' }, { type: 'tool_call', id: 't3', name: 'wx', arguments: '{"c":3}' }],
    finishReason: 'tool-calls',
  }]);
  assert.deepEqual(s.finishReasons, ['tool-calls']);
  assert.deepEqual(s.systemInstructions, [{ type: 'text', content: 'Sys.' }]);
});

test('Vercel ai.prompt {system, prompt} and {messages}; empty response text is dropped', () => {
  const a = norm({ 'ai.prompt': '{"system":"Be kind.","prompt":"Hello"}', 'ai.response.text': '' });
  assert.deepEqual(a.inputMessages, [text('user', 'Hello')]);
  assert.deepEqual(a.systemInstructions, [{ type: 'text', content: 'Be kind.' }]);
  assert.deepEqual(a.outputMessages, [{ role: 'assistant', parts: [] }]);
  const b = norm({ 'ai.prompt': '{"messages":[{"role":"user","content":"Hi"}]}' });
  assert.deepEqual(b.inputMessages, [text('user', 'Hi')]);
  assert.equal(b.systemInstructions, null);
});

test('OpenInference input.value/output.value only as a last resort, by mime type', () => {
  const agent = norm({
    'openinference.span.kind': 'AGENT',
    'input.value': 'Weather in Paris?', 'input.mime_type': 'text/plain',
    'output.value': '{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Sunny"}}]}',
    'output.mime_type': 'application/json',
  });
  assert.deepEqual(agent.inputMessages, [text('user', 'Weather in Paris?')]);
  assert.deepEqual(agent.outputMessages, [{ ...text('assistant', 'Sunny'), finishReason: 'stop' }]);
  const jsonNotMessages = norm({ 'openinference.span.kind': 'CHAIN', 'input.value': '{"city":"Paris"}', 'input.mime_type': 'application/json' });
  assert.equal(jsonNotMessages.inputMessages, null);
  const request = norm({
    'openinference.span.kind': 'LLM', 'input.mime_type': 'application/json',
    'input.value': '{"model":"m","messages":[{"role":"user","content":"from value"}]}',
  });
  assert.deepEqual(request.inputMessages, [text('user', 'from value')]);
  const flatWins = norm({
    'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': 'flat',
    'input.value': 'plain', 'input.mime_type': 'text/plain',
  });
  assert.deepEqual(flatWins.inputMessages, [text('user', 'flat')]);
  const tool = norm({ 'openinference.span.kind': 'TOOL', 'input.value': 'x', 'input.mime_type': 'text/plain' });
  assert.equal(tool.inputMessages, null, 'a tool span input is its arguments, not a message');
});

test('system instructions on outer AI SDK spans and OTel spans, in every shape the producers send', () => {
  const outer = norm({
    'ai.operationId': 'ai.streamText', 'ai.model.id': 'm',
    'ai.prompt': '{"system":"You are a weather bot.","messages":[{"role":"user","content":"Weather in Paris?"}]}',
  }, { name: 'ai.streamText' });
  assert.deepEqual(outer.systemInstructions, [{ type: 'text', content: 'You are a weather bot.' }]);
  assert.deepEqual(outer.inputMessages, [text('user', 'Weather in Paris?')]);
  // AI SDK v6+: system may be a SystemModelMessage or a list of them.
  const asMessage = norm({ 'ai.prompt': '{"system":{"role":"system","content":"Rule one."},"prompt":"Hi"}' });
  assert.deepEqual(asMessage.systemInstructions, [{ type: 'text', content: 'Rule one.' }]);
  assert.deepEqual(asMessage.inputMessages, [text('user', 'Hi')]);
  const asList = norm({
    'ai.prompt': '{"system":[{"role":"system","content":"Rule one."},{"role":"system","content":[{"type":"text","text":"Rule two."}]}],"prompt":"Hi"}',
  });
  assert.deepEqual(asList.systemInstructions, [{ type: 'text', content: 'Rule one.' }, { type: 'text', content: 'Rule two.' }]);
  const onlySystem = norm({ 'ai.prompt': '{"system":"Only rules."}' });
  assert.deepEqual(onlySystem.systemInstructions, [{ type: 'text', content: 'Only rules.' }]);
  // OTel GenAI: JSON parts (v7 chat / invoke_agent spans, Python producers) or plain text.
  const agent = norm({
    'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'weather-agent',
    'gen_ai.system_instructions': '[{"type":"text","content":"You are a weather bot."},{"type":"text","content":"Answer in French."}]',
    'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]',
  });
  assert.equal(agent.kind, 'agent');
  assert.deepEqual(agent.systemInstructions, [
    { type: 'text', content: 'You are a weather bot.' }, { type: 'text', content: 'Answer in French.' },
  ]);
  assert.deepEqual(agent.inputMessages, [text('user', 'Weather in Paris?')]);
  const plain = norm({ 'gen_ai.operation.name': 'chat', 'gen_ai.system_instructions': 'You are a weather bot.' });
  assert.deepEqual(plain.systemInstructions, [{ type: 'text', content: 'You are a weather bot.' }]);
});

test('Langfuse observation input/output and deprecated gen_ai.prompt / gen_ai.completion JSON', () => {
  const lf = norm({
    'langfuse.observation.type': 'generation',
    'langfuse.observation.input': '[{"role":"user","content":"hey"}]',
    'langfuse.observation.output': '{"role":"assistant","content":"yo"}',
  });
  assert.deepEqual(lf.inputMessages, [text('user', 'hey')]);
  assert.deepEqual(lf.outputMessages, [text('assistant', 'yo')]);
  const old = norm({
    'gen_ai.prompt': '[{"role":"user","content":"old in"}]',
    'gen_ai.completion': '[{"role":"assistant","content":"old out"}]',
  });
  assert.deepEqual(old.inputMessages, [text('user', 'old in')]);
  assert.deepEqual(old.outputMessages, [text('assistant', 'old out')]);
  const entity = norm({ 'traceloop.span.kind': 'workflow', 'traceloop.entity.input': '{"args":[],"kwargs":{}}' });
  assert.equal(entity.inputMessages, null);
});

test('Langfuse observation input/output on agent and chain spans, like OpenInference input.value/output.value', () => {
  const agent = norm({
    'langfuse.observation.type': 'agent',
    'langfuse.observation.input': 'Weather in Paris?',
    'langfuse.observation.output': '"It is sunny in Paris."',
  });
  assert.equal(agent.kind, 'agent');
  assert.deepEqual(agent.inputMessages, [text('user', 'Weather in Paris?')]);
  assert.deepEqual(agent.outputMessages, [text('assistant', 'It is sunny in Paris.')]);
  const chain = norm({
    'langfuse.observation.type': 'chain',
    'langfuse.observation.input': '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]}',
    'langfuse.observation.output': '{"role":"assistant","content":"hello"}',
  });
  assert.deepEqual(chain.inputMessages, [text('system', 'Be brief.'), text('user', 'hi')]);
  assert.deepEqual(chain.outputMessages, [text('assistant', 'hello')]);
  assert.deepEqual(chain.systemInstructions, [{ type: 'text', content: 'Be brief.' }]);
  const numeric = norm({ 'langfuse.observation.type': 'chain', 'langfuse.observation.output': '42' });
  assert.deepEqual(numeric.outputMessages, [text('assistant', '42')]);
  const notMessages = norm({ 'langfuse.observation.type': 'chain', 'langfuse.observation.input': '{"city":"Paris"}' });
  assert.equal(notMessages.inputMessages, null, 'JSON that holds no messages stays in the attributes');
  const empty = norm({ 'langfuse.observation.type': 'agent', 'langfuse.observation.input': '' });
  assert.equal(empty.inputMessages, null);
  const tool = norm({ 'langfuse.observation.type': 'tool', 'langfuse.observation.input': 'Paris' });
  assert.equal(tool.inputMessages, null, 'a tool span input is its arguments, not a message');
});

test('span events: gen_ai.client.inference.operation.details', () => {
  const s = norm({ 'gen_ai.operation.name': 'chat' }, {
    events: [event('gen_ai.client.inference.operation.details', {
      'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'in' }] }],
      'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"out"}],"finish_reason":"length"}]',
      'gen_ai.system_instructions': '[{"type":"text","content":"sys"}]',
    })],
  });
  assert.deepEqual(s.inputMessages, [text('user', 'in')]);
  assert.deepEqual(s.outputMessages, [{ ...text('assistant', 'out'), finishReason: 'length' }]);
  assert.deepEqual(s.systemInstructions, [{ type: 'text', content: 'sys' }]);
  assert.deepEqual(s.finishReasons, ['length']);
});

test('span events: old per-message events with content attributes and gen_ai.choice', () => {
  const s = norm({}, {
    name: 'chat m',
    events: [
      event('gen_ai.system.message', { content: 'sys' }, '1'),
      event('gen_ai.user.message', { content: 'q' }, '2'),
      event('gen_ai.tool.message', { 'gen_ai.event.content': '{"id":"c1","content":"res"}' }, '3'),
      event('gen_ai.choice', { index: 0, finish_reason: 'stop', message: '{"content":"a"}' }, '4'),
    ],
  });
  assert.deepEqual(s.inputMessages, [
    text('system', 'sys'), text('user', 'q'),
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', result: 'res' }] },
  ]);
  assert.deepEqual(s.outputMessages, [{ ...text('assistant', 'a'), finishReason: 'stop' }]);
  assert.deepEqual(s.systemInstructions, [{ type: 'text', content: 'sys' }]);
});

test('log records carry content in the body and become events in time order', () => {
  const logs = [
    logRecord('', { content: 'Be nice.' }, { attributes: { 'event.name': 'gen_ai.system.message' }, timeUnixNano: '1700000000100000000' }),
    logRecord('gen_ai.user.message', { content: 'Hi' }, { timeUnixNano: '1700000000100000000' }),
    logRecord('gen_ai.assistant.message', {
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'wx', arguments: '{"city":"Oslo"}' } }],
    }, { timeUnixNano: '1700000000100000001' }),
    logRecord('gen_ai.tool.message', { id: 'c1', content: 'rainy' }, { timeUnixNano: '1700000000100000002' }),
    logRecord('gen_ai.choice', {
      index: 0, finish_reason: 'tool_calls',
      message: { tool_calls: [{ id: 'c2', type: 'function', function: { name: 'wx', arguments: '{}' } }] },
    }, { timeUnixNano: '1700000000200000000' }),
  ];
  const s = norm({ 'gen_ai.operation.name': 'chat' }, {
    events: [event('custom', { a: 1 }, '1700000000150000000')],
  }, logs);
  assert.deepEqual(s.inputMessages, [
    text('system', 'Be nice.'),
    text('user', 'Hi'),
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'wx', arguments: '{"city":"Oslo"}' }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', result: 'rainy' }] },
  ]);
  assert.deepEqual(s.outputMessages, [{
    role: 'assistant', parts: [{ type: 'tool_call', id: 'c2', name: 'wx', arguments: '{}' }], finishReason: 'tool_calls',
  }]);
  assert.deepEqual(s.events.map((e) => e.name), [
    'gen_ai.system.message', 'gen_ai.user.message', 'gen_ai.assistant.message', 'gen_ai.tool.message', 'custom', 'gen_ai.choice',
  ]);
  const first = s.events[0];
  assert.deepEqual(first?.attributes, {
    'event.name': 'gen_ai.system.message', 'log.body': { content: 'Be nice.' }, 'log.severity': 'INFO', 'otel.log': true,
  });
});

test('attribute content wins over events; a plain log without an event name is kept as "log"', () => {
  const s = norm({ 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"attr"}]}]' }, {},
    [logRecord('gen_ai.user.message', { content: 'log' }), logRecord('', 'free text', { severityText: 'WARN' })]);
  assert.deepEqual(s.inputMessages, [text('user', 'attr')]);
  const plain = s.events.find((e) => e.name === 'log');
  assert.equal(plain?.attributes['log.body'], 'free text');
  assert.equal(plain?.attributes['log.severity'], 'WARN');
});

test('malformed message JSON does not throw and yields no messages', () => {
  const s = norm({ 'gen_ai.input.messages': '[{"role":', 'ai.prompt.messages': 'not json', 'gen_ai.output.messages': 42 });
  assert.equal(s.inputMessages, null);
  assert.equal(s.outputMessages, null);
});
