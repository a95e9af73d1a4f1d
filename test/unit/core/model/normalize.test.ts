import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NORMALIZE_OPTIONS, durationMs } from '../../../../src/core/model/normalize';
import { event, norm, rawSpan } from './span-builder';
import { normalizeSpan } from '../../../../src/core/model/normalize';

test('identity fields, status mapping and raw passthrough', () => {
  const raw = rawSpan({
    name: 'chat gpt-4o',
    parentSpanId: '00f067aa0ba902b7',
    otelKind: 3,
    statusCode: 2,
    statusMessage: 'boom',
    attributes: { 'gen_ai.operation.name': 'chat', 'error.type': 'RateLimitError', 'x.y': [1, 2] },
    links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { k: 'v' } }],
    resource: { 'service.name': 'agent-svc', 'host.name': 'h' },
  });
  const s = normalizeSpan(raw, [], DEFAULT_NORMALIZE_OPTIONS);
  assert.equal(s.traceId, raw.traceId);
  assert.equal(s.spanId, raw.spanId);
  assert.equal(s.parentSpanId, '00f067aa0ba902b7');
  assert.equal(s.otelKind, 3);
  assert.equal(s.status, 'error');
  assert.equal(s.statusMessage, 'boom');
  assert.equal(s.errorType, 'RateLimitError');
  assert.equal(s.service, 'agent-svc');
  assert.equal(s.operationName, 'chat');
  assert.equal(s.attributes, raw.attributes, 'raw attributes are passed through unchanged');
  assert.deepEqual(s.attributes, { 'gen_ai.operation.name': 'chat', 'error.type': 'RateLimitError', 'x.y': [1, 2] });
  assert.equal(s.links, raw.links);
  assert.equal(s.resource, raw.resource);
  assert.equal(s.scope, raw.scope);
  assert.equal(norm({}, { statusCode: 1 }).status, 'ok');
  assert.equal(norm({}, { statusCode: 0 }).status, 'unset');
  assert.equal(norm({}, { statusCode: 0 }).statusMessage, null);
});

test('errorType falls back to the exception event; status stays as OTLP sent it', () => {
  const s = norm({}, {
    statusCode: 0,
    events: [event('exception', { 'exception.type': 'ValueError', 'exception.message': 'bad', 'exception.stacktrace': 'at f (a.py:3)' })],
  });
  assert.equal(s.status, 'unset');
  assert.equal(s.errorType, 'ValueError');
  assert.equal(s.code, null, 'an exception alone is not a code location');
});

test('durationMs is exact from nanosecond strings', () => {
  assert.equal(durationMs('1700000000000000000', '1700000000250000000'), 250);
  assert.equal(durationMs('1700000000000000001', '1700000000000000002'), 0.000001);
  assert.equal(durationMs('1795271697873000000', '1795271698008682377'), 135.682377);
  assert.equal(durationMs('5', '3'), 0, 'negative durations clamp to 0');
  assert.equal(durationMs('x', '3'), 0);
  assert.equal(durationMs('0', '10000000000000000000'), 1e13, 'beyond 2^53 ns still works');
  assert.equal(norm({}, { startTimeUnixNano: '1000', endTimeUnixNano: '1500001000' }).durationMs, 1500);
});

test('provider: new name wins over old, lower-cased, Vercel API suffix dropped', () => {
  assert.equal(norm({ 'gen_ai.provider.name': 'anthropic', 'gen_ai.system': 'openai' }).provider, 'anthropic');
  assert.equal(norm({ 'gen_ai.system': 'OpenAI' }).provider, 'openai');
  assert.equal(norm({ 'llm.system': 'openai' }).provider, 'openai');
  assert.equal(norm({ 'llm.provider': 'azure' }).provider, 'azure');
  assert.equal(norm({ 'ai.model.provider': 'openai.responses' }).provider, 'openai');
  assert.equal(norm({ 'gen_ai.provider.name': 'azure.ai.openai' }).provider, 'azure.ai.openai');
  assert.equal(norm({}).provider, null);
});

test('models across vocabularies', () => {
  const otel = norm({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' });
  assert.deepEqual([otel.requestModel, otel.responseModel], ['gpt-4o', 'gpt-4o-2024-08-06']);
  const oi = norm({ 'llm.model_name': 'gpt-4o-2024-08-06', 'llm.invocation_parameters': '{"model":"gpt-4o","temperature":0}' });
  assert.deepEqual([oi.requestModel, oi.responseModel], ['gpt-4o', 'gpt-4o-2024-08-06']);
  const vercel = norm({ 'ai.model.id': 'claude-sonnet-4', 'ai.response.model': 'claude-sonnet-4-20250514' });
  assert.deepEqual([vercel.requestModel, vercel.responseModel], ['claude-sonnet-4', 'claude-sonnet-4-20250514']);
  const lf = norm({ 'langfuse.observation.model.name': 'gemini-2.5-flash' });
  assert.deepEqual([lf.requestModel, lf.responseModel], ['gemini-2.5-flash', 'gemini-2.5-flash']);
  assert.equal(norm({ 'embedding.model_name': 'text-embedding-3-small' }).requestModel, 'text-embedding-3-small');
});

test('finish reasons: array, JSON text, single strings', () => {
  assert.deepEqual(norm({ 'gen_ai.response.finish_reasons': ['stop', 'length'] }).finishReasons, ['stop', 'length']);
  assert.deepEqual(norm({ 'gen_ai.response.finish_reasons': '["stop"]' }).finishReasons, ['stop']);
  assert.deepEqual(norm({ 'llm.finish_reason': 'tool_calls' }).finishReasons, ['tool_calls']);
  assert.deepEqual(norm({ 'ai.response.finishReason': 'stop' }).finishReasons, ['stop']);
  assert.equal(norm({}).finishReasons, null);
});

test('tools: OTel (gen_ai.tool.call.*), structured values become JSON text', () => {
  const s = norm({
    'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'c1',
    'gen_ai.tool.call.arguments': { city: 'Paris' }, 'gen_ai.tool.call.result': 'sunny',
  });
  assert.deepEqual([s.kind, s.toolName, s.toolCallId, s.toolArguments, s.toolResult],
    ['tool', 'get_weather', 'c1', '{"city":"Paris"}', 'sunny']);
  const nameOnly = norm({ 'gen_ai.operation.name': 'execute_tool' }, { name: 'execute_tool search' });
  assert.equal(nameOnly.toolName, 'search');
});

test('tools: Vercel ai.toolCall.*, OpenInference TOOL, Traceloop tool, Langfuse tool', () => {
  const v = norm({ 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'wx', 'ai.toolCall.id': 'c', 'ai.toolCall.args': '{"a":1}', 'ai.toolCall.result': '{"b":2}' });
  assert.deepEqual([v.toolName, v.toolCallId, v.toolArguments, v.toolResult], ['wx', 'c', '{"a":1}', '{"b":2}']);
  const oi = norm({ 'openinference.span.kind': 'TOOL', 'input.value': '{"q":1}', 'output.value': 'r' }, { name: 'search_docs' });
  assert.deepEqual([oi.toolName, oi.toolArguments, oi.toolResult], ['search_docs', '{"q":1}', 'r']);
  const oiNamed = norm({ 'openinference.span.kind': 'TOOL', 'tool.name': 'lookup' }, { name: 'span-name' });
  assert.equal(oiNamed.toolName, 'lookup');
  const tl = norm({ 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'get_weather', 'traceloop.entity.input': '{"args":["x"]}', 'traceloop.entity.output': '"ok"' }, { name: 'get_weather.tool' });
  assert.deepEqual([tl.toolName, tl.toolArguments, tl.toolResult], ['get_weather', '{"args":["x"]}', 'ok']);
  const lf = norm({ 'langfuse.observation.type': 'tool', 'langfuse.observation.input': '{"x":1}' }, { name: 'calc' });
  assert.deepEqual([lf.toolName, lf.toolArguments], ['calc', '{"x":1}']);
  const notTool = norm({ 'traceloop.span.kind': 'workflow', 'traceloop.entity.input': '{"args":[]}' });
  assert.equal(notTool.toolArguments, null, 'entity input of a non-tool span is not tool arguments');
});

test('agent, workflow, conversation, user across vocabularies', () => {
  const otel = norm({ 'gen_ai.agent.name': 'planner', 'gen_ai.conversation.id': 'conv-1', 'user.id': 'u1', 'gen_ai.workflow.name': 'wf' });
  assert.deepEqual([otel.agentName, otel.conversationId, otel.userId, otel.workflowName], ['planner', 'conv-1', 'u1', 'wf']);
  const byName = norm({ 'gen_ai.operation.name': 'invoke_agent' }, { name: 'invoke_agent Helper' });
  assert.equal(byName.agentName, 'Helper');
  const oi = norm({ 'openinference.span.kind': 'AGENT', 'session.id': 's' }, { name: 'weather-agent' });
  assert.deepEqual([oi.agentName, oi.conversationId], ['weather-agent', 's']);
  const tl = norm({
    'traceloop.span.kind': 'agent', 'traceloop.entity.name': 'a1', 'traceloop.workflow.name': 'w1',
    'traceloop.association.properties.session_id': 's1', 'traceloop.association.properties.user_id': 'u9',
  });
  assert.deepEqual([tl.agentName, tl.workflowName, tl.conversationId, tl.userId], ['a1', 'w1', 's1', 'u9']);
  const vercel = norm({ 'ai.telemetry.functionId': 'fn', 'ai.telemetry.metadata.sessionId': 'vs', 'ai.telemetry.metadata.userId': 'vu' });
  assert.deepEqual([vercel.agentName, vercel.workflowName, vercel.conversationId, vercel.userId], ['fn', 'fn', 'vs', 'vu']);
  const lf = norm({ 'langfuse.session.id': 'ls', 'langfuse.user.id': 'lu', 'langfuse.trace.name': 'lt' });
  assert.deepEqual([lf.conversationId, lf.userId, lf.workflowName], ['ls', 'lu', 'lt']);
  assert.equal(norm({ 'mcp.session.id': 'm1' }).conversationId, 'm1');
  assert.equal(norm({ 'enduser.id': 'e1' }).userId, 'e1');
});

test('workload id: span attribute, then resource, honouring options.workloadKey', () => {
  assert.equal(norm({ 'workload.id': 'span-w' }, { resource: { 'workload.id': 'res-w' } }).workloadId, 'span-w');
  assert.equal(norm({}, { resource: { 'workload.id': 'res-w' } }).workloadId, 'res-w');
  assert.equal(norm({}).workloadId, null);
  const custom = { ...DEFAULT_NORMALIZE_OPTIONS, workloadKey: 'app.workload' };
  assert.equal(norm({ 'workload.id': 'x', 'app.workload': 'y' }, {}, [], custom).workloadId, 'y');
});

test('prompt identity: OTel genai, OpenInference, Traceloop, Langfuse, Vercel langfusePrompt, LangChain hub', () => {
  const otel = norm({ 'gen_ai.prompt.name': 'p', 'gen_ai.prompt.version': '3', 'gen_ai.prompt.variable.city': 'Paris', 'gen_ai.prompt.variable.n': 2 });
  assert.deepEqual([otel.promptName, otel.promptVersion, otel.promptVariables], ['p', '3', { city: 'Paris', n: '2' }]);
  assert.equal(otel.inputMessages, null, 'gen_ai.prompt.* identity keys are not Traceloop messages');
  const oi = norm({ 'llm.prompt_template.template': 'Hi {x}', 'llm.prompt_template.variables': '{"x":"y","n":{"a":1}}', 'llm.prompt_template.version': 'v2', 'prompt.id': 'pid' });
  assert.deepEqual([oi.promptName, oi.promptVersion, oi.promptTemplate, oi.promptVariables], ['pid', 'v2', 'Hi {x}', { x: 'y', n: '{"a":1}' }]);
  const tl = norm({ 'traceloop.prompt.key': 'k', 'traceloop.prompt.version': 4, 'traceloop.prompt.template_variables.city': 'Oslo' });
  assert.deepEqual([tl.promptName, tl.promptVersion, tl.promptVariables], ['k', '4', { city: 'Oslo' }]);
  const tlHash = norm({ 'traceloop.prompt.key': 'k', 'traceloop.prompt.version_hash': 'abc' });
  assert.equal(tlHash.promptVersion, 'abc');
  const lf = norm({ 'langfuse.observation.prompt.name': 'lp', 'langfuse.observation.prompt.version': 7 });
  assert.deepEqual([lf.promptName, lf.promptVersion], ['lp', '7']);
  const lfServer = norm({ 'langfuse.prompt.name': 'sp', 'langfuse.prompt.version': '2' });
  assert.deepEqual([lfServer.promptName, lfServer.promptVersion], ['sp', '2']);
  const vercel = norm({ 'ai.telemetry.metadata.langfusePrompt': '{"name":"wp","version":7,"isFallback":false}' });
  assert.deepEqual([vercel.promptName, vercel.promptVersion], ['wp', '7']);
  const hub = norm({ metadata: '{"lc_hub_repo":"owner/prompt","lc_hub_commit_hash":"deadbeef"}' });
  assert.deepEqual([hub.promptName, hub.promptVersion], ['owner/prompt', 'deadbeef']);
  const v7 = norm({ 'ai.settings.context.promptName': 'ctx', 'ai.settings.context.promptVersion': '5' });
  assert.deepEqual([v7.promptName, v7.promptVersion], ['ctx', '5']);
  const none = norm({});
  assert.deepEqual([none.promptName, none.promptVersion, none.promptTemplate, none.promptVariables], [null, null, null, null]);
});

test('retrieval documents: OpenInference flattened and gen_ai.retrieval.documents', () => {
  const oi = norm({
    'openinference.span.kind': 'RETRIEVER',
    'retrieval.documents.0.document.id': 'd0', 'retrieval.documents.0.document.content': 'alpha',
    'retrieval.documents.0.document.score': 0.9, 'retrieval.documents.0.document.metadata': '{"src":"a.md"}',
    'retrieval.documents.1.document.id': 'd1', 'retrieval.documents.1.document.score': '0.5',
  });
  assert.deepEqual(oi.retrievalDocuments, [
    { id: 'd0', content: 'alpha', score: 0.9, metadata: { src: 'a.md' } },
    { id: 'd1', content: null, score: 0.5, metadata: null },
  ]);
  const otel = norm({ 'gen_ai.operation.name': 'retrieval', 'gen_ai.retrieval.documents': '[{"id":"x","score":0.2}]' });
  assert.deepEqual(otel.retrievalDocuments, [{ id: 'x', content: null, score: 0.2, metadata: null }]);
  assert.equal(norm({}).retrievalDocuments, null);
});

test('code location: stable names, old names with namespace, stacktrace; null when absent', () => {
  const stable = norm({ 'code.file.path': 'src/a.ts', 'code.line.number': 12, 'code.column.number': '4', 'code.function.name': 'mod.run' });
  assert.deepEqual(stable.code, { filePath: 'src/a.ts', line: 12, column: 4, function: 'mod.run', stacktrace: null });
  const old = norm({ 'code.filepath': 'app.py', 'code.lineno': '7', 'code.column': 2, 'code.function': 'handle', 'code.namespace': 'app.Agent' });
  assert.deepEqual(old.code, { filePath: 'app.py', line: 7, column: 2, function: 'app.Agent.handle', stacktrace: null });
  const both = norm({ 'code.file.path': 'new.ts', 'code.filepath': 'old.ts' });
  assert.equal(both.code?.filePath, 'new.ts');
  const stackOnly = norm({ 'code.stacktrace': 'at main (x.js:1:1)' });
  assert.deepEqual(stackOnly.code, { filePath: null, line: null, column: null, function: null, stacktrace: 'at main (x.js:1:1)' });
  const withException = norm({ 'code.function.name': 'f' }, { events: [event('exception', { 'exception.stacktrace': 'trace!' })] });
  assert.equal(withException.code?.stacktrace, 'trace!');
  assert.equal(norm({ 'gen_ai.operation.name': 'chat' }).code, null);
});

test('span events are kept; no logs means the same events array', () => {
  const events = [event('a', {}, '2'), event('b', {}, '1')];
  const raw = rawSpan({ events });
  const s = normalizeSpan(raw, [], DEFAULT_NORMALIZE_OPTIONS);
  assert.equal(s.events, events, 'order of span events is kept when no logs are attached');
});
