// Token usage across vocabularies (ints may arrive as numbers or strings).
import { attrKeys, type AttrReader } from './attributes';
import type { SpanKindLabel, TokenUsage } from './types';

export const TOKEN_KEY_NAMES = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt', 'ai.usage.inputTokens',
    'ai.usage.promptTokens', 'langfuse.observation.usage_details#input'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion',
    'ai.usage.outputTokens', 'ai.usage.completionTokens', 'langfuse.observation.usage_details#output'],
  total: ['gen_ai.usage.total_tokens', 'llm.usage.total_tokens', 'llm.token_count.total', 'ai.usage.totalTokens',
    'ai.usage.tokens', 'langfuse.observation.usage_details#total'],
  cacheRead: ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read', 'ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens',
    'langfuse.observation.usage_details#input_cached_tokens'],
  cacheWrite: ['gen_ai.usage.cache_write.input_tokens', 'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens', 'llm.token_count.prompt_details.cache_write',
    'ai.usage.inputTokenDetails.cacheWriteTokens'],
  reasoning: ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens',
    'llm.token_count.completion_details.reasoning', 'ai.usage.outputTokenDetails.reasoningTokens',
    'ai.usage.reasoningTokens', 'langfuse.observation.usage_details#output_reasoning_tokens'],
} as const;

const TOKEN_KEYS = {
  input: attrKeys(TOKEN_KEY_NAMES.input),
  output: attrKeys(TOKEN_KEY_NAMES.output),
  total: attrKeys(TOKEN_KEY_NAMES.total),
  cacheRead: attrKeys(TOKEN_KEY_NAMES.cacheRead),
  cacheWrite: attrKeys(TOKEN_KEY_NAMES.cacheWrite),
  reasoning: attrKeys(TOKEN_KEY_NAMES.reasoning),
};

export function readTokens(r: AttrReader, kind: SpanKindLabel): TokenUsage {
  let inputTokens = r.int(TOKEN_KEYS.input);
  const outputTokens = r.int(TOKEN_KEYS.output);
  let totalTokens = r.int(TOKEN_KEYS.total);
  if (totalTokens === null && inputTokens !== null && outputTokens !== null) totalTokens = inputTokens + outputTokens;
  // An embedding call only consumes input; Vercel reports it as a bare `ai.usage.tokens`.
  if (kind === 'embedding' && inputTokens === null && outputTokens === null && totalTokens !== null) inputTokens = totalTokens;
  return {
    inputTokens,
    outputTokens,
    totalTokens,
    cacheReadTokens: r.int(TOKEN_KEYS.cacheRead),
    cacheWriteTokens: r.int(TOKEN_KEYS.cacheWrite),
    reasoningTokens: r.int(TOKEN_KEYS.reasoning),
  };
}
