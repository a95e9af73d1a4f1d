// One token convention for every vocabulary: input includes cached input, output includes reasoning,
// input + output = total wherever the producer sent a total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Attributes } from '../../../../src/core/model/types';
import { norm } from './span-builder';

interface Row {
  what: string;
  attrs: Attributes;
  /** [input, output, total, cacheRead, cacheWrite, reasoning] */
  want: (number | null)[];
}

function check(rows: Row[]): void {
  for (const row of rows) {
    const s = norm(row.attrs);
    assert.deepEqual(
      [s.inputTokens, s.outputTokens, s.totalTokens, s.cacheReadTokens, s.cacheWriteTokens, s.reasoningTokens],
      row.want, row.what,
    );
    if (s.totalTokens !== null && s.inputTokens !== null && s.outputTokens !== null) {
      assert.equal(s.inputTokens + s.outputTokens, s.totalTokens, `${row.what}: input + output = total`);
    }
  }
}

test('tokens: Langfuse usage_details — cached input and reasoning fold into input/output', () => {
  check([
    { what: 'issue 15 example', attrs: { 'langfuse.observation.usage_details': '{"input":8,"output":7,"total":19,"input_cached_tokens":4}' },
      want: [12, 7, 19, 4, null, null] },
    { what: 'kvlist, no total, reasoning', attrs: { 'langfuse.observation.usage_details': { input: 3, output: 1, output_reasoning_tokens: 1 } },
      want: [3, 2, 5, null, null, 1] },
    { what: 'Anthropic keys through Langfuse', attrs: { 'langfuse.observation.usage_details': '{"input":10,"output":5,"cache_read_input_tokens":30,"cache_creation_input_tokens":20,"total":65}' },
      want: [60, 5, 65, 30, 20, null] },
    { what: 'total shows input already includes cached', attrs: { 'langfuse.observation.usage_details': '{"input":11,"output":5,"total":16,"input_cached_tokens":2}' },
      want: [11, 5, 16, 2, null, null] },
    { what: 'cached and reasoning together', attrs: { 'langfuse.observation.usage_details': '{"input":6,"input_cached_tokens":4,"output":3,"output_reasoning_tokens":2,"total":15}' },
      want: [10, 5, 15, 4, null, 2] },
    { what: 'no cache details', attrs: { 'langfuse.observation.usage_details': '{"input":8,"output":7}' },
      want: [8, 7, 15, null, null, null] },
  ]);
});

test('tokens: OTel GenAI — cached ⊂ input as the convention says, separate counts folded when they must be', () => {
  check([
    { what: 'convention: cached already inside input', attrs: {
      'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 7, 'gen_ai.usage.cache_read.input_tokens': 4 },
    want: [12, 7, 19, 4, null, null] },
    { what: 'Anthropic shape: cache larger than input', attrs: {
      'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5, 'gen_ai.usage.cache_read.input_tokens': 30,
      'gen_ai.usage.cache_creation.input_tokens': 20 },
    want: [60, 5, 65, 30, 20, null] },
    { what: 'total reveals separate cache count', attrs: {
      'gen_ai.usage.input_tokens': 8, 'gen_ai.usage.output_tokens': 7, 'gen_ai.usage.total_tokens': 19,
      'gen_ai.usage.cache_read.input_tokens': 4 },
    want: [12, 7, 19, 4, null, null] },
    { what: 'reasoning inside output', attrs: {
      'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 9, 'gen_ai.usage.total_tokens': 14,
      'gen_ai.usage.reasoning.output_tokens': 6 },
    want: [5, 9, 14, null, null, 6] },
    { what: 'total reveals separate reasoning count', attrs: {
      'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 3, 'gen_ai.usage.total_tokens': 14,
      'gen_ai.usage.reasoning.output_tokens': 6 },
    want: [5, 9, 14, null, null, 6] },
  ]);
  const s = norm({ 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 3, 'gen_ai.usage.total_tokens': 100 });
  assert.deepEqual([s.inputTokens, s.outputTokens, s.totalTokens], [5, 3, 100], 'an unexplained total is kept as sent');
});

test('tokens: Traceloop (legacy gen_ai.usage.* names)', () => {
  check([
    { what: 'inclusive prompt tokens', attrs: {
      'gen_ai.usage.prompt_tokens': 40, 'gen_ai.usage.completion_tokens': 10, 'llm.usage.total_tokens': 50,
      'gen_ai.usage.cache_read_input_tokens': 30 },
    want: [40, 10, 50, 30, null, null] },
    { what: 'Anthropic raw input_tokens', attrs: {
      'gen_ai.usage.prompt_tokens': 10, 'gen_ai.usage.completion_tokens': 5, 'llm.usage.total_tokens': 65,
      'gen_ai.usage.cache_read_input_tokens': 30, 'gen_ai.usage.cache_creation_input_tokens': 20 },
    want: [60, 5, 65, 30, 20, null] },
    { what: 'reasoning tokens', attrs: {
      'gen_ai.usage.prompt_tokens': 3, 'gen_ai.usage.completion_tokens': 8, 'gen_ai.usage.reasoning_tokens': 5 },
    want: [3, 8, 11, null, null, 5] },
  ]);
});

test('tokens: OpenInference', () => {
  check([
    { what: 'prompt_details are subsets', attrs: {
      'llm.token_count.prompt': 12, 'llm.token_count.completion': 7, 'llm.token_count.total': 19,
      'llm.token_count.prompt_details.cache_read': 4, 'llm.token_count.completion_details.reasoning': 1 },
    want: [12, 7, 19, 4, null, 1] },
    { what: 'cache write counted apart', attrs: {
      'llm.token_count.prompt': 8, 'llm.token_count.completion': 7, 'llm.token_count.total': 25,
      'llm.token_count.prompt_details.cache_write': 10 },
    want: [18, 7, 25, null, 10, null] },
  ]);
});

test('tokens: Vercel AI SDK (v5+ inputTokens include cached, outputTokens include reasoning)', () => {
  check([
    { what: 'v6/v7 usage', attrs: {
      'ai.usage.inputTokens': 50, 'ai.usage.outputTokens': 13, 'ai.usage.totalTokens': 63, 'ai.usage.cachedInputTokens': 4,
      'ai.usage.inputTokenDetails.noCacheTokens': 46, 'ai.usage.inputTokenDetails.cacheReadTokens': 4,
      'ai.usage.inputTokenDetails.cacheWriteTokens': 0, 'ai.usage.reasoningTokens': 0 },
    want: [50, 13, 63, 4, 0, 0] },
    { what: 'reasoning inside output', attrs: {
      'ai.usage.inputTokens': 5, 'ai.usage.outputTokens': 20, 'ai.usage.totalTokens': 25,
      'ai.usage.outputTokenDetails.reasoningTokens': 12 },
    want: [5, 20, 25, null, null, 12] },
    { what: 'older names', attrs: { 'ai.usage.promptTokens': 10, 'ai.usage.completionTokens': 2, 'ai.usage.cachedInputTokens': 3 },
      want: [10, 2, 12, 3, null, null] },
  ]);
});
