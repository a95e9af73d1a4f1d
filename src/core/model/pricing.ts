// Cost in USD from token usage and a per-million-token price table, unless the producer reported a cost itself.
import { attrKeys, type AttrReader } from './attributes';
import type { TokenUsage } from './types';
import type { ModelPrice, PriceTable } from './types';

/**
 * A few well-known models, USD per million tokens. These are the providers' public list prices at the time of
 * writing (late 2025, standard tier, short context) and will drift: users override or extend them through
 * NormalizeOptions.prices. Keys are exact model names or prefixes ending in `*` (longest prefix wins).
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o*': { inputPerMTok: 2.5, outputPerMTok: 10, cacheReadPerMTok: 1.25 },
  'gpt-4o-mini*': { inputPerMTok: 0.15, outputPerMTok: 0.6, cacheReadPerMTok: 0.075 },
  'gpt-4.1*': { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 },
  'gpt-4.1-mini*': { inputPerMTok: 0.4, outputPerMTok: 1.6, cacheReadPerMTok: 0.1 },
  'gpt-4.1-nano*': { inputPerMTok: 0.1, outputPerMTok: 0.4, cacheReadPerMTok: 0.025 },
  'gpt-5*': { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125 },
  'gpt-5-mini*': { inputPerMTok: 0.25, outputPerMTok: 2, cacheReadPerMTok: 0.025 },
  'gpt-5-nano*': { inputPerMTok: 0.05, outputPerMTok: 0.4, cacheReadPerMTok: 0.005 },
  'o3*': { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 },
  'o3-mini*': { inputPerMTok: 1.1, outputPerMTok: 4.4, cacheReadPerMTok: 0.55 },
  'o4-mini*': { inputPerMTok: 1.1, outputPerMTok: 4.4, cacheReadPerMTok: 0.275 },
  'text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0 },
  'text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0 },
  'claude-opus-4*': { inputPerMTok: 15, outputPerMTok: 75, cacheReadPerMTok: 1.5, cacheWritePerMTok: 18.75 },
  'claude-opus-4-5*': { inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25 },
  'claude-sonnet-4*': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  'claude-3-7-sonnet*': { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
  'claude-haiku-4-5*': { inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25 },
  'claude-3-5-haiku*': { inputPerMTok: 0.8, outputPerMTok: 4, cacheReadPerMTok: 0.08, cacheWritePerMTok: 1 },
  'gemini-2.5-pro*': { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.31 },
  'gemini-2.5-flash*': { inputPerMTok: 0.3, outputPerMTok: 2.5, cacheReadPerMTok: 0.075 },
};

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

/**
 * Cost of one call. Input tokens include cached reads/writes (the normalizer's convention, see tokens.ts), so only the
 * uncached rest is charged at the input price; reads and writes at their own prices when the table has them.
 * For usage from elsewhere whose cached counts exceed the input count (Anthropic style), they are taken as separate.
 */
export function costFromUsage(price: ModelPrice, u: TokenUsage): number | null {
  if (u.inputTokens === null && u.outputTokens === null) return null;
  const input = u.inputTokens ?? 0;
  const read = u.cacheReadTokens ?? 0;
  const write = u.cacheWriteTokens ?? 0;
  const uncached = read + write <= input ? input - read - write : input;
  const micro =
    uncached * price.inputPerMTok +
    read * (price.cacheReadPerMTok ?? price.inputPerMTok) +
    write * (price.cacheWritePerMTok ?? price.inputPerMTok) +
    (u.outputTokens ?? 0) * price.outputPerMTok;
  return micro / 1_000_000;
}

/** Explicit cost attribute first; otherwise priced by response model, then request model; null when unpriced. */
export function readCost(
  r: AttrReader, u: TokenUsage, table: PriceTable, responseModel: string | null, requestModel: string | null,
): number | null {
  const explicit = r.num(COST_KEYS);
  if (explicit !== null) return explicit;
  if (u.inputTokens === null && u.outputTokens === null) return null;
  const price = (responseModel ? findPrice(table, responseModel) : null) ?? (requestModel ? findPrice(table, requestModel) : null);
  return price ? costFromUsage(price, u) : null;
}
