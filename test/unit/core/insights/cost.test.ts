import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spanCostBreakdown, usageBreakdown, type CostBreakdown } from '../../../../src/core/insights/cost';
import { DEFAULT_PRICES, PRICES_AS_OF, withDefaultPrices } from '../../../../src/core/model/pricing';
import type { Attributes, NormalizedSpan, PriceTable } from '../../../../src/core/model/types';
import { norm } from '../model/span-builder';

const PRICES: PriceTable = {
  m: { inputPerMTok: 2, outputPerMTok: 10, cacheReadPerMTok: 0.2, cacheWritePerMTok: 2.5 },
  r: { inputPerMTok: 1, outputPerMTok: 4, reasoningPerMTok: 3 },
};

const close = (a: number | null, b: number, what: string): void => {
  assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);
};

function breakdown(attrs: Attributes, model = 'm'): CostBreakdown {
  return spanCostBreakdown(norm({ 'gen_ai.request.model': model, ...attrs }), PRICES);
}

function tokens(b: CostBreakdown): number[] {
  return [b.buckets.input.tokens, b.buckets.cacheRead.tokens, b.buckets.cacheWrite.tokens, b.buckets.output.tokens,
    b.buckets.reasoning.tokens];
}

test('OTel GenAI: cached reads and writes are part of input, reasoning part of output', () => {
  const b = breakdown({
    'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.cache_read.input_tokens': 600,
    'gen_ai.usage.cache_creation.input_tokens': 100, 'gen_ai.usage.output_tokens': 50,
    'gen_ai.usage.reasoning.output_tokens': 20,
  });
  assert.deepEqual(tokens(b), [300, 600, 100, 30, 20]);
  close(b.buckets.input.usd, 300 * 2 / 1e6, 'uncached input');
  close(b.buckets.cacheRead.usd, 600 * 0.2 / 1e6, 'cache read at its discount');
  close(b.buckets.cacheWrite.usd, 100 * 2.5 / 1e6, 'cache write at its premium');
  close(b.buckets.reasoning.usd, 20 * 10 / 1e6, 'reasoning billed as output');
  close(b.totalUsd, (300 * 2 + 600 * 0.2 + 100 * 2.5 + 50 * 10) / 1e6, 'total');
  assert.equal(b.tableCalls, 1);
  // The normalizer's stored cost is the same arithmetic.
  const span = norm({ 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.cache_read.input_tokens': 600,
    'gen_ai.usage.cache_creation.input_tokens': 100, 'gen_ai.usage.output_tokens': 50, 'gen_ai.usage.reasoning.output_tokens': 20 },
  {}, [], { workloadKey: 'workload.id', prices: PRICES });
  close(span.costUsd, b.totalUsd!, 'stored cost');
});

test('Anthropic-style counts (cache apart from input) are not charged twice', () => {
  const b = breakdown({
    'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cache_read_input_tokens': 1000, 'gen_ai.usage.output_tokens': 5,
  });
  assert.deepEqual(tokens(b), [10, 1000, 0, 5, 0]);
  close(b.totalUsd, (10 * 2 + 1000 * 0.2 + 5 * 10) / 1e6, 'total');
});

test('OpenInference, Vercel AI SDK and Langfuse usage land in the same buckets', () => {
  const oi = breakdown({
    'llm.token_count.prompt': 120, 'llm.token_count.completion': 30, 'llm.token_count.total': 150,
    'llm.token_count.prompt_details.cache_read': 100, 'llm.token_count.completion_details.reasoning': 10,
  });
  assert.deepEqual(tokens(oi), [20, 100, 0, 20, 10]);
  const vercel = breakdown({
    'ai.usage.inputTokens': 120, 'ai.usage.outputTokens': 30, 'ai.usage.inputTokenDetails.cacheReadTokens': 100,
    'ai.usage.outputTokenDetails.reasoningTokens': 10,
  });
  assert.deepEqual(tokens(vercel), [20, 100, 0, 20, 10]);
  const lf = breakdown({
    'langfuse.observation.usage_details': '{"input":20,"input_cached_tokens":100,"output":20,"output_reasoning_tokens":10,"total":150}',
  });
  assert.deepEqual(tokens(lf), [20, 100, 0, 20, 10]);
  for (const b of [oi, vercel, lf]) close(b.totalUsd, (20 * 2 + 100 * 0.2 + 30 * 10) / 1e6, 'same total');
});

test('reasoning at its own price when the table says so', () => {
  const b = breakdown({ 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 50, 'gen_ai.usage.reasoning.output_tokens': 40 }, 'r');
  close(b.buckets.output.usd, 10 * 4 / 1e6, 'visible output');
  close(b.buckets.reasoning.usd, 40 * 3 / 1e6, 'reasoning');
});

test('a producer-reported cost wins over the table and is marked; itemized buckets win bucket by bucket', () => {
  const total = breakdown({ 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10, 'gen_ai.usage.cost': 0.5 });
  assert.equal(total.totalUsd, 0.5);
  assert.equal(total.reportedUsd, 0.5);
  assert.equal(total.reportedCalls, 1);
  assert.equal(total.buckets.input.reported, false, 'a bare total itemizes nothing');
  const lf = breakdown({
    'langfuse.observation.usage_details': '{"input":100,"output":10,"total":110}',
    'langfuse.observation.cost_details': '{"input":0.01,"output":0.02,"total":0.03}',
  }, 'nope');
  assert.equal(lf.totalUsd, 0.03);
  assert.equal(lf.buckets.input.usd, 0.01);
  assert.equal(lf.buckets.input.reported, true);
  assert.equal(lf.buckets.output.usd, 0.02);
});

test('unknown models are unpriced, not free', () => {
  const b = breakdown({ 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10 }, 'unknown');
  assert.equal(b.totalUsd, null);
  assert.equal(b.buckets.input.usd, null);
  assert.equal(b.unpricedCalls, 1);
});

test('totals over spans count a wrapper and its children once, and split by model', () => {
  const traceId = 'c'.repeat(32);
  const span = (id: string, parent: string | null, attrs: Attributes): NormalizedSpan =>
    norm(attrs, { traceId, spanId: id, parentSpanId: parent });
  const spans = [
    span('1'.repeat(16), null, { 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 300, 'gen_ai.usage.output_tokens': 30 }),
    span('2'.repeat(16), '1'.repeat(16), {}),
    span('3'.repeat(16), '2'.repeat(16), { 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10 }),
    span('4'.repeat(16), '1'.repeat(16), { 'gen_ai.request.model': 'r', 'gen_ai.usage.input_tokens': 200, 'gen_ai.usage.output_tokens': 20 }),
  ];
  const b = usageBreakdown(spans, PRICES);
  assert.equal(b.total.calls, 2);
  assert.equal(b.total.buckets.input.tokens, 300);
  assert.deepEqual(b.byModel.map((x) => x.model), ['m', 'r']);
  close(b.byModel[0]!.breakdown.totalUsd, (100 * 2 + 10 * 10) / 1e6, 'model m');
  close(b.byModel[1]!.breakdown.totalUsd, (200 * 1 + 20 * 4) / 1e6, 'model r');
});

test('the built-in table is dated, and user entries lay over it without dropping it', () => {
  assert.match(PRICES_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
  const merged = withDefaultPrices({ 'gpt-4o*': { inputPerMTok: 1, outputPerMTok: 1 } });
  assert.equal(merged['gpt-4o*']!.inputPerMTok, 1);
  assert.equal(merged['claude-sonnet-4*'], DEFAULT_PRICES['claude-sonnet-4*']);
  assert.equal(withDefaultPrices({}), DEFAULT_PRICES);
});
