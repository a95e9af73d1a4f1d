// Per-workload rollups of the trace list (traces, errors, p95, tokens): the list's grouped header. The prompt
// scorecards are another thing (core/quality).
import type { TraceSummary } from '../../src/core/model/types';

export interface WorkloadRollup {
  /** null = traces without a workload id. */
  workloadId: string | null;
  traces: number;
  errorTraces: number;
  errorRate: number;
  p95DurationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function workloadRollups(traces: readonly TraceSummary[]): WorkloadRollup[] {
  const groups = new Map<string | null, TraceSummary[]>();
  for (const t of traces) {
    const key = t.workloadId ?? null;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(t);
  }
  const cards: WorkloadRollup[] = [];
  for (const [workloadId, list] of groups) {
    const errorTraces = list.filter((t) => t.errorCount > 0).length;
    cards.push({
      workloadId,
      traces: list.length,
      errorTraces,
      errorRate: errorTraces / list.length,
      p95DurationMs: percentile(list.map((t) => t.durationMs), 95),
      inputTokens: list.reduce((n, t) => n + t.inputTokens, 0),
      outputTokens: list.reduce((n, t) => n + t.outputTokens, 0),
      costUsd: list.reduce((n, t) => n + t.costUsd, 0),
    });
  }
  // Named workloads by size, the unnamed group last.
  return cards.sort((a, b) => (a.workloadId === null ? 1 : 0) - (b.workloadId === null ? 1 : 0) || b.traces - a.traces);
}
