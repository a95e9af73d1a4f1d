import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NORMALIZE_OPTIONS, DEFAULT_PRICES, findPrice } from '../../../../src/core/model/normalize';
import type { PriceTable } from '../../../../src/core/model/types';
import { norm } from './span-builder';

test('tokens: new and old OTel names, numbers or strings', () => {
  const a = norm({ 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': '40' });
  assert.equal(a.inputTokens, 100);
  assert.equal(a.outputTokens, 40);
  assert.equal(a.totalTokens, 140, 'total = in + out when absent');
  const b = norm({ 'gen_ai.usage.prompt_tokens': '7', 'gen_ai.usage.completion_tokens': 3, 'llm.usage.total_tokens': 11 });
  assert.deepEqual([b.inputTokens, b.outputTokens, b.totalTokens], [7, 3, 11]);
  const c = norm({ 'gen_ai.usage.input_tokens': 5 });
  assert.equal(c.totalTokens, null, 'no total when output is missing');
  const d = norm({ 'gen_ai.usage.input_tokens': 'n/a' });
  assert.equal(d.inputTokens, null);
});

test('tokens: priority — new name wins over old', () => {
  const s = norm({ 'gen_ai.usage.input_tokens': 9, 'gen_ai.usage.prompt_tokens': 1 });
  assert.equal(s.inputTokens, 9);
});

test('tokens: cache and reasoning across vocabularies', () => {
  const otel = norm({
    'gen_ai.usage.cache_read.input_tokens': 4, 'gen_ai.usage.cache_creation.input_tokens': 2,
    'gen_ai.usage.reasoning.output_tokens': 8,
  });
  assert.deepEqual([otel.cacheReadTokens, otel.cacheWriteTokens, otel.reasoningTokens], [4, 2, 8]);
  const genaiDev = norm({ 'gen_ai.usage.cache_write.input_tokens': '6' });
  assert.equal(genaiDev.cacheWriteTokens, 6);
  const oi = norm({
    'llm.token_count.prompt': 12, 'llm.token_count.completion': 7, 'llm.token_count.total': 19,
    'llm.token_count.prompt_details.cache_read': 4, 'llm.token_count.completion_details.reasoning': 1,
  });
  assert.deepEqual([oi.inputTokens, oi.outputTokens, oi.totalTokens, oi.cacheReadTokens, oi.reasoningTokens], [12, 7, 19, 4, 1]);
  const vercel = norm({
    'ai.usage.promptTokens': 10, 'ai.usage.completionTokens': 2, 'ai.usage.cachedInputTokens': 3,
    'ai.usage.inputTokenDetails.cacheWriteTokens': 1, 'ai.usage.reasoningTokens': 0,
  });
  assert.deepEqual([vercel.inputTokens, vercel.outputTokens, vercel.totalTokens, vercel.cacheReadTokens, vercel.cacheWriteTokens, vercel.reasoningTokens], [10, 2, 12, 3, 1, 0]);
  const anthropicStyle = norm({ 'gen_ai.usage.cache_read_input_tokens': 30, 'gen_ai.usage.cache_creation_input_tokens': 20 });
  assert.deepEqual([anthropicStyle.cacheReadTokens, anthropicStyle.cacheWriteTokens], [30, 20]);
});

test('tokens: Langfuse usage_details JSON (string or kvlist)', () => {
  const s = norm({ 'langfuse.observation.usage_details': '{"input":11,"output":5,"total":16,"input_cached_tokens":2}' });
  assert.deepEqual([s.inputTokens, s.outputTokens, s.totalTokens, s.cacheReadTokens], [11, 5, 16, 2]);
  const kv = norm({ 'langfuse.observation.usage_details': { input: 3, output: 1, output_reasoning_tokens: 1 } });
  assert.deepEqual([kv.inputTokens, kv.outputTokens, kv.totalTokens, kv.reasoningTokens], [3, 2, 5, 1], 'reasoning ⊂ output');
});

test('tokens: an embedding span with only a token count reports it as input, the outer ai.embed/embedMany too', () => {
  const s = norm({ 'ai.operationId': 'ai.embed.doEmbed', 'ai.usage.tokens': 5 });
  assert.equal(s.inputTokens, 5);
  assert.equal(s.totalTokens, 5);
  for (const operation of ['ai.embed', 'ai.embedMany']) {
    const wrapper = norm({ 'ai.operationId': operation, 'ai.usage.tokens': 5 });
    assert.deepEqual([wrapper.kind, wrapper.inputTokens, wrapper.outputTokens, wrapper.totalTokens], ['workflow', 5, null, 5]);
  }
  const generate = norm({ 'ai.operationId': 'ai.generateText', 'ai.usage.tokens': 5 });
  assert.equal(generate.inputTokens, null, 'a bare total on a generation is not all input');
});

test('price lookup: exact, longest prefix, routed names, unknown', () => {
  const table: PriceTable = {
    'm-1': { inputPerMTok: 1, outputPerMTok: 2 },
    'm*': { inputPerMTok: 3, outputPerMTok: 4 },
    'm-1-mini*': { inputPerMTok: 5, outputPerMTok: 6 },
  };
  assert.equal(findPrice(table, 'm-1')?.inputPerMTok, 1);
  assert.equal(findPrice(table, 'm-1-mini-2025')?.inputPerMTok, 5);
  assert.equal(findPrice(table, 'm-2')?.inputPerMTok, 3);
  assert.equal(findPrice(table, 'router/m-1')?.inputPerMTok, 1);
  assert.equal(findPrice(table, 'x-1'), null);
  assert.equal(findPrice(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18'), DEFAULT_PRICES['gpt-4o-mini*']);
  assert.equal(findPrice(DEFAULT_PRICES, 'gpt-4o-2024-08-06'), DEFAULT_PRICES['gpt-4o*']);
  assert.equal(findPrice(DEFAULT_PRICES, 'claude-opus-4-5-20251101'), DEFAULT_PRICES['claude-opus-4-5*']);
});

test('cost: computed per million tokens, response model first, cached input at its own price', () => {
  const prices: PriceTable = {
    'acme-large*': { inputPerMTok: 2, outputPerMTok: 10, cacheReadPerMTok: 0.5, cacheWritePerMTok: 4 },
    'acme-small': { inputPerMTok: 1, outputPerMTok: 1 },
  };
  const options = { ...DEFAULT_NORMALIZE_OPTIONS, prices };
  const s = norm({
    'gen_ai.request.model': 'acme-small', 'gen_ai.response.model': 'acme-large-2026',
    'gen_ai.usage.input_tokens': 1_000_000, 'gen_ai.usage.output_tokens': 100_000,
    'gen_ai.usage.cache_read.input_tokens': 200_000, 'gen_ai.usage.cache_write.input_tokens': 100_000,
  }, {}, [], options);
  // 700k uncached * 2 + 200k * 0.5 + 100k * 4 + 100k out * 10 per million
  assert.ok(Math.abs((s.costUsd ?? NaN) - (1.4 + 0.1 + 0.4 + 1.0)) < 1e-9, String(s.costUsd));
  const reqOnly = norm({ 'gen_ai.request.model': 'acme-small', 'gen_ai.usage.input_tokens': 500_000 }, {}, [], options);
  assert.ok(Math.abs((reqOnly.costUsd ?? NaN) - 0.5) < 1e-12);
});

test('cost: cached counts larger than input are taken as reported separately (Anthropic style)', () => {
  const prices: PriceTable = { a: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3 } };
  const s = norm({
    'gen_ai.request.model': 'a', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cache_read_input_tokens': 1000,
    'gen_ai.usage.output_tokens': 0,
  }, {}, [], { ...DEFAULT_NORMALIZE_OPTIONS, prices });
  assert.equal(s.inputTokens, 1010, 'input normalized to include the cached reads');
  assert.ok(Math.abs((s.costUsd ?? NaN) - (10 * 3 + 1000 * 0.3) / 1e6) < 1e-15);
});

test('cost: Langfuse usage with cached input is neither understated nor overstated', () => {
  const prices: PriceTable = { m: { inputPerMTok: 2, outputPerMTok: 10, cacheReadPerMTok: 0.5 } };
  const options = { ...DEFAULT_NORMALIZE_OPTIONS, prices };
  const s = norm({
    'gen_ai.request.model': 'm', 'langfuse.observation.usage_details': '{"input":8,"output":7,"total":19,"input_cached_tokens":4}',
  }, {}, [], options);
  assert.equal(s.inputTokens, 12);
  // 8 uncached * 2 + 4 cached * 0.5 + 7 out * 10 per million
  assert.ok(Math.abs((s.costUsd ?? NaN) - (8 * 2 + 4 * 0.5 + 7 * 10) / 1e6) < 1e-15, String(s.costUsd));
  const noCachePrice = norm({
    'gen_ai.request.model': 'n', 'langfuse.observation.usage_details': '{"input":8,"output":7,"total":19,"input_cached_tokens":4}',
  }, {}, [], { ...DEFAULT_NORMALIZE_OPTIONS, prices: { n: { inputPerMTok: 2, outputPerMTok: 10 } } });
  assert.ok(Math.abs((noCachePrice.costUsd ?? NaN) - (12 * 2 + 7 * 10) / 1e6) < 1e-15, 'cached at the input price when unknown');
});

test('cost: null without a price or usage; explicit cost attribute wins', () => {
  assert.equal(norm({ 'gen_ai.request.model': 'unknown-model', 'gen_ai.usage.input_tokens': 10 }).costUsd, null);
  assert.equal(norm({ 'gen_ai.request.model': 'gpt-4o' }).costUsd, null);
  assert.equal(norm({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.cost': 0.25 }).costUsd, 0.25);
  assert.equal(norm({ 'llm.cost.total': '0.5' }).costUsd, 0.5);
  assert.equal(norm({ 'langfuse.observation.cost_details': '{"input":0.1,"total":0.3}' }).costUsd, 0.3);
  const priced = norm({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1_000_000, 'gen_ai.usage.output_tokens': 0 });
  assert.equal(priced.costUsd, DEFAULT_PRICES['gpt-4o*']?.inputPerMTok);
});
