// Cost in USD from token usage and a per-million-token price table, unless the producer reported a cost itself.
import { asNumber, attrKey, attrKeys, isRecord, type AttrReader } from './attributes';
import type { TokenUsage } from './types';
import type { ModelPrice, PriceTable } from './types';

/** When the built-in table was last checked against the providers' published price pages (README says how to override it). */
export const PRICES_AS_OF = '2026-12-02';

/**
 * Well-known models, USD per million tokens: the providers' public list prices on PRICES_AS_OF (standard tier,
 * shortest context band, 5-minute cache writes). They drift: users override or extend them through the
 * `agentTraceLens.prices` setting (NormalizeOptions.prices). Keys are exact model names or prefixes ending in `*`
 * (longest prefix wins). Reasoning tokens are billed at the output price unless an entry sets reasoningPerMTok.
 */
export const DEFAULT_PRICES: PriceTable = {
  // OpenAI (developers.openai.com/api/docs/pricing)
  'gpt-5.5*': { inputPerMTok: 5, outputPerMTok: 30, cacheReadPerMTok: 0.5 },
  'gpt-5.4*': { inputPerMTok: 2.5, outputPerMTok: 15, cacheReadPerMTok: 0.25 },
  'gpt-5.4-mini*': { inputPerMTok: 0.75, outputPerMTok: 4.5, cacheReadPerMTok: 0.075 },
  'gpt-5.4-nano*': { inputPerMTok: 0.2, outputPerMTok: 1.25, cacheReadPerMTok: 0.02 },
  'gpt-5.2*': { inputPerMTok: 1.75, outputPerMTok: 14, cacheReadPerMTok: 0.175 },
  'gpt-5*': { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125 },
  'gpt-5-mini*': { inputPerMTok: 0.25, outputPerMTok: 2, cacheReadPerMTok: 0.025 },
  'gpt-5-nano*': { inputPerMTok: 0.05, outputPerMTok: 0.4, cacheReadPerMTok: 0.005 },
  'gpt-4.1*': { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 },
  'gpt-4.1-mini*': { inputPerMTok: 0.4, outputPerMTok: 1.6, cacheReadPerMTok: 0.1 },
  'gpt-4.1-nano*': { inputPerMTok: 0.1, outputPerMTok: 0.4, cacheReadPerMTok: 0.025 },
  'gpt-4o*': { inputPerMTok: 2.5, outputPerMTok: 10, cacheReadPerMTok: 1.25 },
  'gpt-4o-mini*': { inputPerMTok: 0.15, outputPerMTok: 0.6, cacheReadPerMTok: 0.075 },
  'o3*': { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 },
  'o3-mini*': { inputPerMTok: 1.1, outputPerMTok: 4.4, cacheReadPerMTok: 0.55 },
  'o4-mini*': { inputPerMTok: 1.1, outputPerMTok: 4.4, cacheReadPerMTok: 0.275 },
  'text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0 },
  'text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0 },
  // Anthropic (platform.claude.com model pages; cache writes are the 5-minute rate)
  'claude-opus-5-5*': { inputPerMTok: 4, outputPerMTok: 20, cacheReadPerMTok: 0.2, cacheWritePerMTok: 5 },
  'claude-opus-5*': { inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25 },
  'claude-sonnet-5-5*': { inputPerMTok: 2, outputPerMTok: 10, cacheReadPerMTok: 0.1, cacheWritePerMTok: 2.5 },
  'claude-sonnet-5*': { inputPerMTok: 2, outputPerMTok: 10, cacheReadPerMTok: 0.2, cacheWritePerMTok: 2.5 },
  'claude-haiku-5-5*': { inputPerMTok: 0.1, outputPerMTok: 0.5, cacheReadPerMTok: 0.01, cacheWritePerMTok: 0.125 },
  'claude-opus-4*': { inputPerMTok: 15, outputPerMTok: 75, cacheReadPerMTok: 1.5, cacheWritePerMTok: 18.75 },
  'claude-opus-4-5*': { inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25 },
  'claude-opus-4-6*': { inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25 },
  'claude-opus-4-7*': { inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25 },
  'claude-sonnet-4*': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  'claude-3-7-sonnet*': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  'claude-haiku-4-5*': { inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25 },
  'claude-3-5-haiku*': { inputPerMTok: 0.8, outputPerMTok: 4, cacheReadPerMTok: 0.08, cacheWritePerMTok: 1 },
  // Google Gemini (ai.google.dev/gemini-api/docs/pricing; prompts up to 200k tokens; output includes thinking)
  'gemini-3.8-flash*': { inputPerMTok: 0.75, outputPerMTok: 3.75, cacheReadPerMTok: 0.075 },
  'gemini-3.5-flash*': { inputPerMTok: 1.5, outputPerMTok: 9, cacheReadPerMTok: 0.15 },
  'gemini-3.5-flash-lite*': { inputPerMTok: 0.3, outputPerMTok: 2.5, cacheReadPerMTok: 0.03 },
  'gemini-3.1-pro*': { inputPerMTok: 2, outputPerMTok: 12, cacheReadPerMTok: 0.2 },
  'gemini-2.5-pro*': { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125 },
  'gemini-2.5-flash*': { inputPerMTok: 0.3, outputPerMTok: 2.5, cacheReadPerMTok: 0.03 },
  'gemini-2.5-flash-lite*': { inputPerMTok: 0.1, outputPerMTok: 0.4, cacheReadPerMTok: 0.01 },
};

/** The built-in table with the user's entries laid over it (a user entry replaces the built-in one of the same key). */
export function withDefaultPrices(overrides: PriceTable): PriceTable {
  if (Object.keys(overrides).length === 0) return DEFAULT_PRICES;
  // One merged object per overrides object, so lookups stay memoized (findPrice caches per table object).
  let merged = mergedTables.get(overrides);
  if (!merged) mergedTables.set(overrides, (merged = { ...DEFAULT_PRICES, ...overrides }));
  return merged;
}
const mergedTables = new WeakMap<PriceTable, PriceTable>();

const COST_KEYS = attrKeys(['gen_ai.usage.cost', 'llm.cost.total', 'langfuse.observation.cost_details#total']);

interface CompiledTable {
  exact: Map<string, ModelPrice>;
  /** [prefix, price], longest prefix first. */
  prefixes: [string, ModelPrice][];
  memo: Map<string, ModelPrice | null>;
}

const compiled = new WeakMap<PriceTable, CompiledTable>();

function compile(table: PriceTable): CompiledTable {
  let c = compiled.get(table);
  if (c) return c;
  c = { exact: new Map(), prefixes: [], memo: new Map() };
  for (const [key, price] of Object.entries(table)) {
    if (key.endsWith('*')) c.prefixes.push([key.slice(0, -1), price]);
    else c.exact.set(key, price);
  }
  c.prefixes.sort((a, b) => b[0].length - a[0].length);
  compiled.set(table, c);
  return c;
}

function lookup(c: CompiledTable, model: string): ModelPrice | null {
  const exact = c.exact.get(model);
  if (exact) return exact;
  for (const [prefix, price] of c.prefixes) if (model.startsWith(prefix)) return price;
  return null;
}

/**
 * Price for a model: exact name, then longest matching prefix; a routed name like `openai/gpt-4o` also tries the part
 * after the last `/`. The table is treated as immutable once used (results are memoized per table object).
 */
export function findPrice(table: PriceTable, model: string): ModelPrice | null {
  const c = compile(table);
  const memo = c.memo.get(model);
  if (memo !== undefined) return memo;
  let price = lookup(c, model);
  const slash = model.lastIndexOf('/');
  if (!price && slash >= 0) price = lookup(c, model.slice(slash + 1));
  if (c.memo.size < 10_000) c.memo.set(model, price);
  return price;
}

/** The five ways a token is billed. `input` is uncached input, `output` is output other than reasoning. */
export const COST_BUCKETS = ['input', 'cacheRead', 'cacheWrite', 'output', 'reasoning'] as const;
export type CostBucket = (typeof COST_BUCKETS)[number];
export type BucketTokens = Record<CostBucket, number>;

/**
 * Split usage into billing buckets. Input includes cached reads/writes and output includes reasoning (the
 * normalizer's convention, see tokens.ts); counts from elsewhere whose subsets exceed their whole (Anthropic-style
 * cached input, reasoning counted apart) are taken as separate instead.
 */
export function tokenBuckets(u: TokenUsage): BucketTokens {
  const input = u.inputTokens ?? 0;
  const cacheRead = u.cacheReadTokens ?? 0;
  const cacheWrite = u.cacheWriteTokens ?? 0;
  const output = u.outputTokens ?? 0;
  const reasoning = u.reasoningTokens ?? 0;
  return {
    input: cacheRead + cacheWrite <= input ? input - cacheRead - cacheWrite : input,
    cacheRead,
    cacheWrite,
    output: reasoning <= output ? output - reasoning : output,
    reasoning,
  };
}

/** USD per million tokens of each bucket: reads at their discount, writes at their premium, reasoning as output. */
export function bucketPrices(price: ModelPrice): BucketTokens {
  return {
    input: price.inputPerMTok,
    cacheRead: price.cacheReadPerMTok ?? price.inputPerMTok,
    cacheWrite: price.cacheWritePerMTok ?? price.inputPerMTok,
    output: price.outputPerMTok,
    reasoning: price.reasoningPerMTok ?? price.outputPerMTok,
  };
}

/** Cost of one call from the table; null without usage. */
export function costFromUsage(price: ModelPrice, u: TokenUsage): number | null {
  if (u.inputTokens === null && u.outputTokens === null) return null;
  const tokens = tokenBuckets(u);
  const perM = bucketPrices(price);
  let micro = 0;
  for (const b of COST_BUCKETS) micro += tokens[b] * perM[b];
  return micro / 1_000_000;
}

/** The price the table gives the span's response model, else its request model. */
export function priceFor(table: PriceTable, responseModel: string | null, requestModel: string | null): ModelPrice | null {
  return (responseModel ? findPrice(table, responseModel) : null) ?? (requestModel ? findPrice(table, requestModel) : null);
}

const LANGFUSE_COST = attrKey('langfuse.observation.cost_details');

/** What the producer itself says the call cost: the total, and per bucket when it itemizes (Langfuse cost_details). */
export interface ReportedCost {
  totalUsd: number;
  buckets: Partial<Record<CostBucket, number>>;
}

function langfuseBucket(key: string): CostBucket | null {
  if (key === 'input') return 'input';
  if (key === 'output') return 'output';
  if (key.includes('reasoning')) return 'reasoning';
  if (key.includes('cache_creation') || key.includes('cache_write')) return 'cacheWrite';
  if (key.includes('cache') || key.includes('cached')) return 'cacheRead';
  return null;
}

export function readReportedCost(r: AttrReader): ReportedCost | null {
  const total = r.num(COST_KEYS);
  if (total === null) return null;
  const buckets: Partial<Record<CostBucket, number>> = {};
  const details = r.json(LANGFUSE_COST);
  if (isRecord(details)) {
    for (const [key, value] of Object.entries(details)) {
      const bucket = langfuseBucket(key);
      const n = asNumber(value);
      if (bucket && n !== null) buckets[bucket] = (buckets[bucket] ?? 0) + n;
    }
  }
  return { totalUsd: total, buckets };
}

/** Explicit cost attribute first; otherwise priced by response model, then request model; null when unpriced. */
export function readCost(
  r: AttrReader, u: TokenUsage, table: PriceTable, responseModel: string | null, requestModel: string | null,
): number | null {
  const explicit = r.num(COST_KEYS);
  if (explicit !== null) return explicit;
  if (u.inputTokens === null && u.outputTokens === null) return null;
  const price = priceFor(table, responseModel, requestModel);
  return price ? costFromUsage(price, u) : null;
}
