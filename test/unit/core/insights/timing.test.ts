import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spanTiming, timeToFirstToken } from '../../../../src/core/insights/timing';
import type { Attributes, SpanEvent } from '../../../../src/core/model/types';
import { event, norm } from '../model/span-builder';

// The span builder's spans start at 1700000000.000 s and last 250 ms.
const llm = (attrs: Attributes, events: SpanEvent[] = []) =>
  norm({ 'gen_ai.operation.name': 'chat', ...attrs }, { events });

test('time to first token from each vocabulary', () => {
  assert.deepEqual(timeToFirstToken(llm({ 'gen_ai.response.time_to_first_chunk': 0.08 })), { ms: 80, source: 'gen_ai.response.time_to_first_chunk' });
  assert.deepEqual(timeToFirstToken(llm({ 'ai.response.msToFirstChunk': 42.5 })), { ms: 42.5, source: 'ai.response.msToFirstChunk' });
  assert.deepEqual(timeToFirstToken(llm({ 'langfuse.observation.completion_start_time': '2023-11-14T22:13:20.120Z' })),
    { ms: 120, source: 'langfuse.observation.completion_start_time' });
  const chunks = [event('llm.content.completion.chunk', {}, '1700000000090000000'), event('llm.content.completion.chunk', {}, '1700000000030000000')];
  assert.deepEqual(timeToFirstToken(llm({}, chunks)), { ms: 30, source: 'event llm.content.completion.chunk' });
  assert.equal(timeToFirstToken(llm({}, [event('First Token Stream Event', {}, '1700000000010000000')]))?.ms, 10);
  assert.equal(timeToFirstToken(llm({ 'gen_ai.usage.output_tokens': 5 })), null);
});

test('generation time and output tokens per second', () => {
  const t = spanTiming(llm({ 'gen_ai.response.time_to_first_chunk': 0.05, 'gen_ai.usage.output_tokens': 100 }))!;
  assert.equal(t.ttftMs, 50);
  assert.equal(t.generationMs, 200);
  assert.equal(t.outputTokensPerSecond, 500);
  assert.equal(t.tokensPerSecondSource, 'computed');
  const whole = spanTiming(llm({ 'gen_ai.usage.output_tokens': 50 }))!;
  assert.equal(whole.ttftMs, null);
  assert.equal(whole.generationMs, 250, 'the whole call when the first token time is unknown');
  assert.equal(whole.outputTokensPerSecond, 200);
  const vercel = spanTiming(llm({ 'ai.response.avgOutputTokensPerSecond': 77, 'gen_ai.usage.output_tokens': 50 }))!;
  assert.equal(vercel.outputTokensPerSecond, 77);
  assert.equal(vercel.tokensPerSecondSource, 'producer');
  const impossible = spanTiming(llm({ 'ai.response.msToFirstChunk': 9999 }))!;
  assert.equal(impossible.ttftMs, null, 'a first token after the span ended is ignored');
  assert.equal(spanTiming(norm({ 'gen_ai.tool.name': 'x', 'gen_ai.operation.name': 'execute_tool' })), null, 'not a model call');
});
