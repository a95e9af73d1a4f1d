// Two prompt versions side by side: the same metrics, the difference (B − A), and whether the run counts are
// enough to tell a real change from noise.
import type { VersionScorecard } from './scorecard';

export type Confidence = 'likely' | 'noise' | 'too-few-runs' | 'n/a';

export interface CohortMetric {
  metric: string;
  a: number | null;
  b: number | null;
  /** b − a; null when either side is missing. */
  diff: number | null;
  /** Whether a lower value is the better one (latency, cost, errors). */
  lowerIsBetter: boolean;
  unit: 'ratio' | 'count' | 'usd' | 'ms' | 'score';
  confidence: Confidence;
}

export interface CohortComparison {
  a: VersionScorecard;
  b: VersionScorecard;
  metrics: CohortMetric[];
}

/** Fewer runs than this on either side: no verdict on rates. */
export const MIN_RUNS_FOR_VERDICT = 10;

/** Two-proportion z test at ~95% (|z| ≥ 1.96). */
export function proportionConfidence(successA: number, nA: number, successB: number, nB: number): Confidence {
  if (nA < MIN_RUNS_FOR_VERDICT || nB < MIN_RUNS_FOR_VERDICT) return 'too-few-runs';
  const pooled = (successA + successB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (se === 0) return successA / nA === successB / nB ? 'noise' : 'likely';
  return Math.abs(successB / nB - successA / nA) / se >= 1.96 ? 'likely' : 'noise';
}

function metric(name: string, a: number | null, b: number | null, unit: CohortMetric['unit'], lowerIsBetter: boolean, confidence: Confidence = 'n/a'): CohortMetric {
  return { metric: name, a, b, diff: a !== null && b !== null ? b - a : null, lowerIsBetter, unit, confidence };
}

export function compareCohorts(a: VersionScorecard, b: VersionScorecard): CohortComparison {
  const metrics: CohortMetric[] = [
    metric('runs', a.runs, b.runs, 'count', false),
    metric('contract pass rate', a.passRate, b.passRate, 'ratio', false,
      a.passRate === null || b.passRate === null ? 'n/a' : proportionConfidence(a.passedRuns, a.checkedRuns, b.passedRuns, b.checkedRuns)),
    metric('error rate', a.errorRate, b.errorRate, 'ratio', true, proportionConfidence(a.errorRuns, a.runs, b.errorRuns, b.runs)),
    metric('tokens per run', a.meanTokens, b.meanTokens, 'count', true),
    metric('cost per run', a.meanCostUsd, b.meanCostUsd, 'usd', true),
    metric('p50 latency', a.p50DurationMs, b.p50DurationMs, 'ms', true),
    metric('p95 latency', a.p95DurationMs, b.p95DurationMs, 'ms', true),
  ];
  const names = [...new Set([...a.evaluations, ...b.evaluations].map((e) => e.name))].sort();
  for (const name of names) {
    const ea = a.evaluations.find((e) => e.name === name);
    const eb = b.evaluations.find((e) => e.name === name);
    const few = (ea?.scoredCount ?? 0) < MIN_RUNS_FOR_VERDICT || (eb?.scoredCount ?? 0) < MIN_RUNS_FOR_VERDICT;
    metrics.push(metric(`${name} (mean score)`, ea?.meanScore ?? null, eb?.meanScore ?? null, 'score', false, few ? 'too-few-runs' : 'n/a'));
  }
  return { a, b, metrics };
}
