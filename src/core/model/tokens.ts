// Token usage across vocabularies (ints may arrive as numbers or strings), on one convention (OTel GenAI):
// inputTokens includes cached input (cacheRead/cacheWrite are subsets), outputTokens includes reasoning
// (reasoningTokens is a subset), so input + output = total wherever the producer sent a total.
import { asInt, attrKey, attrKeys, isRecord, type AttrReader } from './attributes';
import type { SpanKindLabel, TokenUsage } from './types';

export const TOKEN_KEY_NAMES = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt', 'ai.usage.inputTokens',
    'ai.usage.promptTokens'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion',
    'ai.usage.outputTokens', 'ai.usage.completionTokens'],
  total: ['gen_ai.usage.total_tokens', 'llm.usage.total_tokens', 'llm.token_count.total', 'ai.usage.totalTokens',
    'ai.usage.tokens'],
  cacheRead: ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read', 'ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens'],
  cacheWrite: ['gen_ai.usage.cache_write.input_tokens', 'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens', 'llm.token_count.prompt_details.cache_write',
    'ai.usage.inputTokenDetails.cacheWriteTokens'],
  reasoning: ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens',
    'llm.token_count.completion_details.reasoning', 'ai.usage.outputTokenDetails.reasoningTokens',
    'ai.usage.reasoningTokens'],
} as const;

const TOKEN_KEYS = {
  input: attrKeys(TOKEN_KEY_NAMES.input),
  output: attrKeys(TOKEN_KEY_NAMES.output),
  total: attrKeys(TOKEN_KEY_NAMES.total),
  cacheRead: attrKeys(TOKEN_KEY_NAMES.cacheRead),
  cacheWrite: attrKeys(TOKEN_KEY_NAMES.cacheWrite),
  reasoning: attrKeys(TOKEN_KEY_NAMES.reasoning),
};

const LANGFUSE_USAGE = attrKey('langfuse.observation.usage_details');
const VERCEL_OPERATION = attrKey('ai.operationId');
/** Vercel's outer embedding calls: a workflow span that repeats its inner doEmbed's usage. */
const VERCEL_EMBED_OPERATIONS = new Set(['ai.embed', 'ai.embedMany']);

/** Langfuse usage-detail keys that are cache reads / cache writes / reasoning (SDK and server spellings). */
const LF_CACHE_READ = ['input_cached_tokens', 'cache_read_input_tokens', 'input_cache_read', 'cached_tokens'];
const LF_CACHE_WRITE = ['cache_creation_input_tokens', 'input_cache_creation', 'input_cache_write'];
const LF_REASONING = ['output_reasoning_tokens', 'output_reasoning', 'reasoning_tokens'];

function firstOf(d: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const k of keys) {
    const n = asInt(d[k]);
    if (n !== null) return n;
  }
  return null;
}

/**
 * Langfuse `usage_details`: every usage type is its own bucket and total is their sum (`input` excludes cached input,
 * `output` excludes reasoning). The extra input-side / output-side buckets fold into input / output, unless the
 * producer's total shows `input` and `output` already include them.
 */
function readLangfuse(details: unknown): TokenUsage | null {
  if (!isRecord(details)) return null;
  let input = asInt(details.input);
  let output = asInt(details.output);
  let total = asInt(details.total);
  if (input === null && output === null && total === null) return null;
  let extraIn = 0;
  let extraOut = 0;
  for (const [key, value] of Object.entries(details)) {
    if (key === 'input' || key === 'output' || key === 'total') continue;
    const n = asInt(value);
    if (n === null) continue;
    if (key.startsWith('output') || key.includes('completion') || key.includes('reasoning')) extraOut += n;
    else if (key.startsWith('input') || key.includes('input') || key.includes('prompt') || key.startsWith('cache')) extraIn += n;
  }
  const alreadyIncluded = total !== null && (input ?? 0) + (output ?? 0) === total;
  if (!alreadyIncluded) {
    if (extraIn > 0) input = (input ?? 0) + extraIn;
    if (extraOut > 0) output = (output ?? 0) + extraOut;
  }
  if (total === null && input !== null && output !== null) total = input + output;
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: total,
    cacheReadTokens: firstOf(details, LF_CACHE_READ),
    cacheWriteTokens: firstOf(details, LF_CACHE_WRITE),
    reasoningTokens: firstOf(details, LF_REASONING),
  };
}

/**
 * Producers that count cached input apart from input (Anthropic's API shape) or reasoning apart from output: fold the
 * subset in when cached reads+writes exceed the input count, or when only the folded counts add up to the total.
 */
function reconcile(u: TokenUsage): TokenUsage {
  const cached = (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0);
  const reasoning = u.reasoningTokens ?? 0;
  let input = u.inputTokens;
  let output = u.outputTokens;
  const total = u.totalTokens;
  if (input !== null && cached > input) input += cached;
  if (total !== null && input !== null && output !== null && input + output !== total) {
    for (const [addIn, addOut] of [[cached, 0], [0, reasoning], [cached, reasoning]] as const) {
      if ((addIn > 0 || addOut > 0) && input + addIn + output + addOut === total) {
        input += addIn;
        output += addOut;
        break;
      }
    }
  }
  return { ...u, inputTokens: input, outputTokens: output };
}

export function readTokens(r: AttrReader, kind: SpanKindLabel): TokenUsage {
  let inputTokens = r.int(TOKEN_KEYS.input);
  const outputTokens = r.int(TOKEN_KEYS.output);
  let totalTokens = r.int(TOKEN_KEYS.total);
  if (inputTokens === null && outputTokens === null && totalTokens === null && r.has(LANGFUSE_USAGE)) {
    const lf = readLangfuse(r.json(LANGFUSE_USAGE));
    if (lf) return lf;
  }
  // An embedding call only consumes input; Vercel reports it as a bare `ai.usage.tokens` (outer ai.embed too).
  const embeds = kind === 'embedding' || VERCEL_EMBED_OPERATIONS.has(r.get(VERCEL_OPERATION) as string);
  if (embeds && inputTokens === null && outputTokens === null && totalTokens !== null) inputTokens = totalTokens;
  const u = reconcile({
    inputTokens,
    outputTokens,
    totalTokens,
    cacheReadTokens: r.int(TOKEN_KEYS.cacheRead),
    cacheWriteTokens: r.int(TOKEN_KEYS.cacheWrite),
    reasoningTokens: r.int(TOKEN_KEYS.reasoning),
  });
  if (u.totalTokens === null && u.inputTokens !== null && u.outputTokens !== null) u.totalTokens = u.inputTokens + u.outputTokens;
  return u;
}
