// Segments for the small stacked bars: where a trace's (or span's, or session's) money went by billing bucket, and
// where its time went by kind. Shares are of the priced total; an unpriced breakdown is split by tokens instead.
import type { CostBreakdown, CostBucket } from '../../src/core/insights/cost';
import type { TimeByKind, TimeKind } from './timeByKind';

export interface BarSegment {
  key: string;
  label: string;
  /** Share of the bar, 0–100. */
  percent: number;
  /** The segment's value as text (for the tooltip and legend). */
  valueText: string;
}

export const BUCKET_ORDER: readonly CostBucket[] = ['input', 'cacheRead', 'cacheWrite', 'output', 'reasoning'];
export const BUCKET_LABELS: Record<CostBucket, string> = {
  input: 'Input (uncached)',
  cacheRead: 'Cache read',
  cacheWrite: 'Cache write',
  output: 'Output',
  reasoning: 'Reasoning',
};

/** USD with enough digits for one call's fraction of a cent: $0.000123, $0.0123, $1.2345. */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  const abs = Math.abs(usd);
  if (abs < 0.0001) return `$${usd.toPrecision(2)}`;
  if (abs < 0.01) return `$${usd.toFixed(6)}`;
  return `$${usd.toFixed(4)}`;
}

/** Money by bucket when every used bucket is priced, else tokens by bucket; empty when there is nothing to show. */
export function costSegments(b: CostBreakdown): { segments: BarSegment[]; unit: 'usd' | 'tokens' } {
  const used = BUCKET_ORDER.filter((k) => b.buckets[k].tokens > 0 || (b.buckets[k].usd ?? 0) > 0);
  const priced = used.length > 0 && used.every((k) => b.buckets[k].usd !== null);
  const value = (k: CostBucket): number => (priced ? b.buckets[k].usd ?? 0 : b.buckets[k].tokens);
  const total = used.reduce((sum, k) => sum + value(k), 0);
  if (total <= 0) return { segments: [], unit: priced ? 'usd' : 'tokens' };
  return {
    unit: priced ? 'usd' : 'tokens',
    segments: used.filter((k) => value(k) > 0).map((k) => ({
      key: k,
      label: BUCKET_LABELS[k],
      percent: (value(k) / total) * 100,
      valueText: priced ? `${formatUsd(b.buckets[k].usd)} · ${b.buckets[k].tokens} tokens` : `${b.buckets[k].tokens} tokens`,
    })),
  };
}

export const TIME_KIND_LABELS: Record<TimeKind, string> = {
  llm: 'Model calls', tool: 'Tools', retrieval: 'Retrieval', other: 'Other work', idle: 'Idle / untraced',
};

export function timeSegments(t: TimeByKind, formatMs: (ms: number) => string): BarSegment[] {
  const total = t.llm + t.tool + t.retrieval + t.other + t.idle;
  if (total <= 0) return [];
  return (Object.keys(TIME_KIND_LABELS) as TimeKind[]).filter((k) => t[k] > 0).map((k) => ({
    key: k,
    label: TIME_KIND_LABELS[k],
    percent: (t[k] / total) * 100,
    valueText: `${formatMs(t[k])} (${Math.round((t[k] / total) * 100)}%)`,
  }));
}
