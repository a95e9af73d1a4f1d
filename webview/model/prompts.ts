// The Prompts view's pure parts: how scorecard numbers read, which versions are picked for a comparison.
import type { CohortMetric, VersionScorecard } from '../../src/core/quality';
import { formatCost, formatDuration } from './format';

export function versionLabel(version: string | null): string {
  if (version === null) return '(no version)';
  return /^\d/.test(version) ? `v${version}` : version;
}

export function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}

export function scoreText(score: number | null): string {
  if (score === null) return '—';
  return Number.isInteger(score) ? String(score) : score.toFixed(2);
}

/** A metric value in its unit. */
export function metricValue(m: Pick<CohortMetric, 'unit'>, v: number | null): string {
  if (v === null) return '—';
  switch (m.unit) {
    case 'ratio': return percent(v);
    case 'usd': return formatCost(v) || '$0';
    case 'ms': return formatDuration(v);
    case 'score': return scoreText(v);
    default: return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }
}

/** The signed difference B − A in the metric's unit (`+12%`, `−$0.002`, `+250 ms`). */
export function metricDiff(m: CohortMetric): string {
  if (m.diff === null) return '—';
  if (m.diff === 0) return '±0';
  const sign = m.diff > 0 ? '+' : '−';
  const abs = Math.abs(m.diff);
  if (m.unit === 'ratio') return `${sign}${Math.round(abs * 100)} pts`;
  return `${sign}${metricValue(m, abs)}`;
}

/** better / worse / same for colouring; null when it says nothing (run counts). */
export function diffTone(m: CohortMetric): 'better' | 'worse' | 'same' | null {
  if (m.diff === null || m.metric === 'runs') return null;
  if (m.diff === 0) return 'same';
  return (m.diff < 0) === m.lowerIsBetter ? 'better' : 'worse';
}

export function confidenceText(m: CohortMetric): string {
  switch (m.confidence) {
    case 'likely': return 'likely a real difference';
    case 'noise': return 'within noise';
    case 'too-few-runs': return 'too few runs to tell';
    default: return '';
  }
}

export type VersionKey = string;
export const versionKey = (name: string, version: string | null): VersionKey => JSON.stringify([name, version]);

/**
 * Clicking versions: up to two of the same prompt stay picked (a third replaces the older pick; another
 * prompt starts over). Returns the new picks.
 */
export function togglePick(picked: readonly VersionKey[], key: VersionKey): VersionKey[] {
  if (picked.includes(key)) return picked.filter((k) => k !== key);
  const [name] = JSON.parse(key) as [string, string | null];
  const same = picked.filter((k) => (JSON.parse(k) as [string])[0] === name);
  return [...same.slice(-1), key];
}

export function parseKey(key: VersionKey): { promptName: string; version: string | null } {
  const [promptName, version] = JSON.parse(key) as [string, string | null];
  return { promptName, version };
}

export function evaluationsText(v: VersionScorecard): string {
  return v.evaluations.map((e) => `${e.name} ${e.meanScore !== null ? scoreText(e.meanScore) : e.label ?? ''}`.trim()).join(', ') || '—';
}

export function runsLabel(n: number): string {
  return `${n} ${n === 1 ? 'run' : 'runs'}`;
}
