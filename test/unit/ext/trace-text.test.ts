import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NormalizedSpan, TraceSummary } from '../../../src/core/model/types';
import { formatTraceAsText } from '../../../src/ext/trace-text';

function ns(ms: number): string {
  return (1_700_000_000_000_000_000n + BigInt(ms) * 1_000_000n).toString();
}

function span(spanId: string, parentSpanId: string | null, startMs: number, extra: Partial<NormalizedSpan> = {}): NormalizedSpan {
  return {
    traceId: 't', spanId, parentSpanId, name: spanId, kind: 'other', otelKind: 1, service: 'svc',
    startTimeUnixNano: ns(startMs), endTimeUnixNano: ns(startMs + 10), durationMs: 10, status: 'unset', statusMessage: null,
    errorType: null, operationName: null, provider: null, requestModel: null, responseModel: null, inputTokens: null,
    outputTokens: null, totalTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, costUsd: null,
    finishReasons: null, toolName: null, toolCallId: null, toolArguments: null, toolResult: null, agentName: null,
    workflowName: null, conversationId: null, userId: null, workloadId: null, promptName: null, promptVersion: null,
    promptTemplate: null, promptVariables: null, systemInstructions: null, inputMessages: null, outputMessages: null,
    retrievalDocuments: null, code: null, attributes: {}, events: [], links: [], resource: {}, scope: { name: 's', version: '' },
    ...extra,
  };
}

const summary: TraceSummary = {
  traceId: 'abc', rootName: 'invoke_agent', service: 'svc', workloadId: 'weather', startTimeUnixNano: ns(0),
  endTimeUnixNano: ns(150), durationMs: 150, spanCount: 3, errorCount: 1, inputTokens: 12, outputTokens: 7, costUsd: 0, models: ['gpt'],
};

test('tree with kinds, durations, models, tokens, errors and clipped inputs', () => {
  const text = formatTraceAsText(summary, [
    span('tool', 'root', 70, { name: 'execute_tool get_weather', kind: 'tool', toolName: 'get_weather', toolArguments: '{"city":"Paris"}', toolResult: 'x'.repeat(1000) }),
    span('root', null, 0, { name: 'invoke_agent', kind: 'agent' }),
    span('llm', 'root', 2, {
      name: 'chat gpt', kind: 'llm', requestModel: 'gpt', inputTokens: 12, outputTokens: 7, status: 'error', errorType: 'RateLimit',
      statusMessage: 'slow down',
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in\n Paris?' }] }],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'tool_call', id: '1', name: 'get_weather', arguments: { city: 'Paris' } }] }],
    }),
  ], { maxField: 100 });
  const lines = text.split('\n');
  assert.match(lines[0]!, /^Trace abc · invoke_agent · 150ms · 3 spans · service=svc · workload=weather · tokens=12in\/7out · errors=1/);
  assert.equal(lines[1], '- invoke_agent [agent] · 10ms');
  assert.match(lines[2]!, /^ {2}- chat gpt \[llm\] · 10ms · model=gpt · tokens=12in\/7out · ERROR RateLimit: slow down$/);
  assert.equal(lines[3], '      in: user: Weather in Paris?');
  assert.equal(lines[4], '      out: assistant: [tool_call get_weather({"city":"Paris"})]');
  assert.match(lines[5]!, /^ {2}- execute_tool get_weather \[tool\]/);
  assert.equal(lines[6], '      args: {"city":"Paris"}');
  assert.equal(lines[7], `      result: ${'x'.repeat(100)}… (+900 chars)`);
});

test('orphans go to the top level and the span cap is reported', () => {
  const spans = [span('a', 'missing', 0), span('b', 'a', 1), span('c', 'a', 2)];
  const text = formatTraceAsText(null, spans, { maxSpans: 2 });
  assert.deepEqual(text.split('\n'), ['- a [other] · 10ms', '  - b [other] · 10ms', '… 1 more spans not shown']);
});

test('exception events are listed', () => {
  const text = formatTraceAsText(null, [span('a', null, 0, {
    events: [{ name: 'exception', timeUnixNano: ns(1), attributes: { 'exception.type': 'ValueError', 'exception.message': 'bad city' } }],
  })]);
  assert.match(text, /exception: ValueError bad city/);
});

test('a span redaction changed says which rules, never the value', () => {
  const text = formatTraceAsText(summary, [span('r', null, 0, { redaction: { rules: ['key:*password*', 'openai-key'], count: 2 } })]);
  assert.match(text, /r \[other\] · 10ms · redacted=key:\*password\*,openai-key/);
});
