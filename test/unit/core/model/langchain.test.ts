import { test } from 'node:test';
import assert from 'node:assert/strict';
import { norm } from './span-builder';

const lc = (cls: string, kwargs: Record<string, unknown>) => ({ lc: 1, type: 'constructor', id: ['langchain_core', 'messages', cls], kwargs });
const json = (v: unknown) => JSON.stringify(v);

test('LangChain LLM span: provider and request model from metadata, response model from output.value', () => {
  const s = norm({
    'openinference.span.kind': 'LLM',
    metadata: json({ ls_provider: 'anthropic', ls_model_name: 'claude-x', ls_model_type: 'chat' }),
    'output.value': json({ generations: [[{ text: 'hi', message: lc('AIMessage', { content: 'hi', response_metadata: { model_name: 'claude-x-2026' } }) }]] }),
    'output.mime_type': 'application/json',
  });
  assert.deepEqual([s.kind, s.provider, s.requestModel, s.responseModel], ['llm', 'anthropic', 'claude-x', 'claude-x-2026']);
  const named = norm({
    'openinference.span.kind': 'LLM', 'llm.model_name': 'asked', 'llm.provider': 'openai',
    metadata: json({ ls_provider: 'other' }),
  });
  assert.deepEqual([named.provider, named.requestModel, named.responseModel], ['openai', 'asked', 'asked'],
    'explicit attributes win; without a LangChain result the model name stays the response model');
});

test('LangChain tool span: a serialized ToolMessage gives the result text and the call id', () => {
  const message = lc('ToolMessage', { content: 'sunny', tool_call_id: 'call_1', status: 'success', name: 'get_weather' });
  for (const output of [{ output: message }, message]) {
    const s = norm({
      'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'input.value': '{"city":"Paris"}',
      'output.value': json(output), 'output.mime_type': 'application/json',
    });
    assert.deepEqual([s.toolName, s.toolCallId, s.toolArguments, s.toolResult], ['get_weather', 'call_1', '{"city":"Paris"}', 'sunny']);
  }
  const structured = norm({
    'openinference.span.kind': 'TOOL', 'tool.name': 't',
    'output.value': json({ output: lc('ToolMessage', { content: [{ type: 'text', text: 'a' }], tool_call_id: 'c' }) }),
  });
  assert.deepEqual([structured.toolCallId, structured.toolResult], ['c', '[{"type":"text","text":"a"}]']);
  const plain = norm({ 'openinference.span.kind': 'TOOL', 'tool.name': 't', 'output.value': '{"forecast":"sunny"}' });
  assert.deepEqual([plain.toolCallId, plain.toolResult], [null, '{"forecast":"sunny"}'], 'other JSON results stay as sent');
});

test('LangChain-serialized messages on chain spans become chat messages', () => {
  const s = norm({
    'openinference.span.kind': 'CHAIN',
    'input.value': json({ messages: [lc('SystemMessage', { content: 'Be brief.' }), lc('HumanMessage', { content: 'Hi' })] }),
    'input.mime_type': 'application/json',
    'output.value': json(lc('AIMessage', {
      content: '', name: 'bot', tool_calls: [{ name: 'get_weather', args: { city: 'Paris' }, id: 'call_9', type: 'tool_call' }],
    })),
    'output.mime_type': 'application/json',
  });
  assert.deepEqual(s.inputMessages, [
    { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
    { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
  ]);
  assert.deepEqual(s.systemInstructions, [{ type: 'text', content: 'Be brief.' }]);
  assert.deepEqual(s.outputMessages, [{
    role: 'assistant', name: 'bot', parts: [{ type: 'tool_call', id: 'call_9', name: 'get_weather', arguments: { city: 'Paris' } }],
  }]);
});

test('LangGraph routing functions are not assistant messages; other plain-text chain outputs still are', () => {
  const graph = json({ langgraph_node: 'agent', langgraph_step: 1 });
  for (const [name, value] of [['RunnableLambda', 'tools'], ['RunnableLambda', '__end__'], ['should_continue', 'tools']]) {
    const s = norm({ 'openinference.span.kind': 'CHAIN', metadata: graph, 'output.value': value!, 'output.mime_type': 'text/plain' }, { name });
    assert.equal(s.outputMessages, null, `${name} → ${value}`);
  }
  const answer = norm({ 'openinference.span.kind': 'CHAIN', metadata: graph, 'output.value': 'It is sunny in Paris.', 'output.mime_type': 'text/plain' },
    { name: 'RunnableSequence' });
  assert.deepEqual(answer.outputMessages, [{ role: 'assistant', parts: [{ type: 'text', content: 'It is sunny in Paris.' }] }]);
  const noGraph = norm({ 'openinference.span.kind': 'CHAIN', 'output.value': 'tools', 'output.mime_type': 'text/plain' }, { name: 'RunnableLambda' });
  assert.deepEqual(noGraph.outputMessages, [{ role: 'assistant', parts: [{ type: 'text', content: 'tools' }] }], 'outside LangGraph: unchanged');
});

test('LangGraph createReactAgent model node gets the agent name from its AIMessage', () => {
  const s = norm({
    'openinference.span.kind': 'CHAIN',
    metadata: json({ langgraph_node: 'agent' }),
    'output.value': json({ messages: [lc('AIMessage', { content: 'ok', name: 'weather_agent' })] }),
  }, { name: 'agent' });
  assert.equal(s.agentName, 'weather_agent');
  const other = norm({
    'openinference.span.kind': 'CHAIN',
    metadata: json({ langgraph_node: 'tools' }),
    'output.value': json({ messages: [lc('AIMessage', { content: 'ok', name: 'weather_agent' })] }),
  }, { name: 'tools' });
  assert.equal(other.agentName, null);
});

test('Traceloop tool entities: a JSON string literal result is unwrapped, an MCP call\'s input gives its arguments', () => {
  const tool = norm({
    'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'get_weather',
    'traceloop.entity.input': '{"tool_name":"get_weather","arguments":{"city":"Paris"}}',
    'traceloop.entity.output': '"sunny in Paris"',
  });
  assert.deepEqual([tool.toolName, tool.toolArguments, tool.toolResult], ['get_weather', '{"city":"Paris"}', 'sunny in Paris']);
  const plain = norm({
    'traceloop.span.kind': 'tool', 'traceloop.entity.name': 't',
    'traceloop.entity.input': '{"args":[],"kwargs":{}}', 'traceloop.entity.output': '{"result":"x"}',
  });
  assert.deepEqual([plain.toolArguments, plain.toolResult], ['{"args":[],"kwargs":{}}', '{"result":"x"}']);
});
