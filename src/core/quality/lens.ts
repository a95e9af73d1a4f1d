// The CodeLens over a prompt file: `v3 · 42 runs · 88% pass · judge 0.91 · $0.004/run`.
import { formatScore } from '../model/evaluations';
import type { VersionScorecard } from './scorecard';

/** $0.004, $0.12, $1.50, <$0.0001. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '?';
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${usd.toPrecision(1)}`;
  if (usd < 1) return `$${usd.toFixed(3).replace(/0$/, '')}`;
  return `$${usd.toFixed(2)}`;
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

export function promptLensTitle(card: VersionScorecard): string {
  const parts: string[] = [];
  if (card.promptVersion !== null) parts.push(/^\d/.test(card.promptVersion) ? `v${card.promptVersion}` : card.promptVersion);
  parts.push(`${card.runs} ${card.runs === 1 ? 'run' : 'runs'}`);
  if (card.passRate !== null) parts.push(`${formatPercent(card.passRate)} pass`);
  if (card.errorRuns > 0) parts.push(`${formatPercent(card.errorRate)} errors`);
  for (const e of card.evaluations.slice(0, 2)) {
    parts.push([e.name, e.meanScore !== null ? formatScore(e.meanScore) : e.label].filter((p) => p !== null).join(' '));
  }
  if (card.meanCostUsd > 0) parts.push(`${formatUsd(card.meanCostUsd)}/run`);
  return parts.join(' · ');
}
