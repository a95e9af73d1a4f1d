// Where the money went: tokens and cost per billing bucket (uncached input, cache read, cache write, output,
// reasoning) for one span, and summed over traces, sessions, workloads and models without counting a wrapper span
// and its children twice (the same rule as the contracts' budget check: usage counts on the deepest span that has it).
import { AttrReader } from '../model/attributes';
import {
  COST_BUCKETS, bucketPrices, priceFor, readReportedCost, tokenBuckets, type BucketTokens, type CostBucket,
} from '../model/pricing';
import type { NormalizedSpan, PriceTable } from '../model/types';
import { TraceIndex } from '../contracts/spans';

export { COST_BUCKETS, type CostBucket } from '../model/pricing';

export interface BucketCost {
  tokens: number;
  /** USD for these tokens; null when no price is known for some of them. */
  usd: number | null;
  /** The producer itemized this bucket's cost itself (else it is priced from the table). */
  reported: boolean;
}

export interface CostBreakdown {
  buckets: Record<CostBucket, BucketCost>;
  /** The producer's total where it reported one, the table's elsewhere; null when nothing could be priced. */
  totalUsd: number | null;
  /** Part of totalUsd the producers reported themselves. */
  reportedUsd: number;
  /** Spans (calls) with usage, of which the producer reported the cost / the table priced it / nothing priced it. */
  calls: number;
  reportedCalls: number;
  tableCalls: number;
  unpricedCalls: number;
}

export interface ModelBreakdown {
  model: string;
  breakdown: CostBreakdown;
}

export interface UsageBreakdown {
  total: CostBreakdown;
  /** By response model (else request model, else "unknown model"), most expensive first. */
  byModel: ModelBreakdown[];
}

export function emptyBreakdown(): CostBreakdown {
  const buckets = {} as Record<CostBucket, BucketCost>;
  for (const b of COST_BUCKETS) buckets[b] = { tokens: 0, usd: 0, reported: false };
  return { buckets, totalUsd: null, reportedUsd: 0, calls: 0, reportedCalls: 0, tableCalls: 0, unpricedCalls: 0 };
}

export function hasUsage(s: NormalizedSpan): boolean {
  return typeof s.inputTokens === 'number' || typeof s.outputTokens === 'number' || typeof s.costUsd === 'number'
    || typeof s.totalTokens === 'number';
}

const sumOrNull = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

/** One call's breakdown. A reported total wins over the table; itemized reported buckets win bucket by bucket. */
export function spanCostBreakdown(span: NormalizedSpan, prices: PriceTable): CostBreakdown {
  const out = emptyBreakdown();
  if (!hasUsage(span)) return out;
  const tokens: BucketTokens = tokenBuckets(span);
  const price = priceFor(prices, span.responseModel, span.requestModel);
  const perM = price ? bucketPrices(price) : null;
  const reported = readReportedCost(new AttrReader(span.attributes));
  let tableTotal: number | null = 0;
  for (const b of COST_BUCKETS) {
    const own = reported?.buckets[b];
    const usd = own !== undefined ? own : tokens[b] === 0 ? 0 : perM ? (tokens[b] * perM[b]) / 1_000_000 : null;
    out.buckets[b] = { tokens: tokens[b], usd, reported: own !== undefined };
    tableTotal = sumOrNull(tableTotal, usd);
  }
  out.calls = 1;
  if (reported) {
    out.totalUsd = reported.totalUsd;
    out.reportedUsd = reported.totalUsd;
    out.reportedCalls = 1;
  } else if (tableTotal !== null && (perM || tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite === 0)) {
    out.totalUsd = tableTotal;
    out.tableCalls = 1;
  } else {
    out.unpricedCalls = 1;
  }
  return out;
}

/** a + b, bucket by bucket (a bucket's USD stays null once any part of it is unpriced). */
export function addBreakdown(a: CostBreakdown, b: CostBreakdown): CostBreakdown {
  const out = emptyBreakdown();
  for (const k of COST_BUCKETS) {
    out.buckets[k] = {
      tokens: a.buckets[k].tokens + b.buckets[k].tokens,
      usd: sumOrNull(a.buckets[k].usd, b.buckets[k].usd),
      reported: a.buckets[k].reported || b.buckets[k].reported,
    };
  }
  out.totalUsd = a.totalUsd === null ? b.totalUsd : b.totalUsd === null ? a.totalUsd : a.totalUsd + b.totalUsd;
  out.reportedUsd = a.reportedUsd + b.reportedUsd;
  out.calls = a.calls + b.calls;
  out.reportedCalls = a.reportedCalls + b.reportedCalls;
  out.tableCalls = a.tableCalls + b.tableCalls;
  out.unpricedCalls = a.unpricedCalls + b.unpricedCalls;
  return out;
}

/** The spans whose usage counts: per trace, the deepest spans reporting usage (a wrapper's sum is left out). */
export function countedUsageSpans(spans: readonly NormalizedSpan[]): NormalizedSpan[] {
  const byTrace = new Map<string, NormalizedSpan[]>();
  for (const s of spans) {
    const list = byTrace.get(s.traceId);
    if (list) list.push(s);
    else byTrace.set(s.traceId, [s]);
  }
  const out: NormalizedSpan[] = [];
  for (const list of byTrace.values()) out.push(...new TraceIndex(list).deepestMatching(hasUsage));
  return out;
}

export function modelOf(span: NormalizedSpan): string {
  return span.responseModel ?? span.requestModel ?? 'unknown model';
}

/** Breakdown of any set of spans (one trace, a session's traces, a workload's), in all and by model. */
export function usageBreakdown(spans: readonly NormalizedSpan[], prices: PriceTable): UsageBreakdown {
  let total = emptyBreakdown();
  const byModel = new Map<string, CostBreakdown>();
  for (const span of countedUsageSpans(spans)) {
    const one = spanCostBreakdown(span, prices);
    total = addBreakdown(total, one);
    const model = modelOf(span);
    byModel.set(model, addBreakdown(byModel.get(model) ?? emptyBreakdown(), one));
  }
  const models = [...byModel].map(([model, breakdown]) => ({ model, breakdown }))
    .sort((x, y) => (y.breakdown.totalUsd ?? 0) - (x.breakdown.totalUsd ?? 0) || x.model.localeCompare(y.model));
  return { total, byModel: models };
}
