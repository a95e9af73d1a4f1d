// Prompt-version scorecards: per prompt name, per version, how its runs went. Pure aggregation over the store's
// prompt runs plus what the host knows per trace (contract verdict, evaluation scores).
import { summarizeEvaluations, type Evaluation, type EvaluationSummary } from '../model/evaluations';
import type { PromptRun } from '../model/store-types';

/** What is known about one run beyond the store's rollup. */
export interface RunQuality {
  /** True: every contract that selected it passed; false: an error rule failed; null: not checked / not selected. */
  passed: boolean | null;
  evaluations: readonly Evaluation[];
}

export interface VersionScorecard {
  promptName: string;
  promptVersion: string | null;
  runs: number;
  /** Runs with a contract verdict; passRate is over these. */
  checkedRuns: number;
  passedRuns: number;
  passRate: number | null;
  errorRuns: number;
  errorRate: number;
  meanTokens: number;
  meanCostUsd: number;
  p50DurationMs: number;
  p95DurationMs: number;
  firstSeenUnixNano: string;
  lastSeenUnixNano: string;
  evaluations: EvaluationSummary[];
  /** Newest first. */
  traceIds: string[];
}

export interface PromptScorecard {
  promptName: string;
  runs: number;
  /** Newest version first (natural order: v10 after v9); runs without a version last. */
  versions: VersionScorecard[];
}

/** Nearest-rank percentile (p in 0..100); 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function compareNanos(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

export function compareVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' });
}

export function versionScorecard(runs: readonly PromptRun[], quality: (traceId: string) => RunQuality | undefined): VersionScorecard {
  if (runs.length === 0) throw new Error('a version scorecard needs at least one run');
  const sorted = [...runs].sort((a, b) => compareNanos(b.startTimeUnixNano, a.startTimeUnixNano));
  let checked = 0;
  let passed = 0;
  const evaluations: Evaluation[] = [];
  for (const run of sorted) {
    const q = quality(run.traceId);
    if (!q) continue;
    if (q.passed !== null) {
      checked++;
      if (q.passed) passed++;
    }
    evaluations.push(...q.evaluations);
  }
  const errorRuns = sorted.filter((r) => r.errorCount > 0).length;
  const durations = sorted.map((r) => r.durationMs);
  return {
    promptName: sorted[0]!.promptName,
    promptVersion: sorted[0]!.promptVersion,
    runs: sorted.length,
    checkedRuns: checked,
    passedRuns: passed,
    passRate: checked > 0 ? passed / checked : null,
    errorRuns,
    errorRate: errorRuns / sorted.length,
    meanTokens: sorted.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0) / sorted.length,
    meanCostUsd: sorted.reduce((n, r) => n + r.costUsd, 0) / sorted.length,
    p50DurationMs: percentile(durations, 50),
    p95DurationMs: percentile(durations, 95),
    firstSeenUnixNano: sorted[sorted.length - 1]!.startTimeUnixNano,
    lastSeenUnixNano: sorted[0]!.startTimeUnixNano,
    evaluations: summarizeEvaluations(evaluations),
    traceIds: sorted.map((r) => r.traceId),
  };
}

/** Group runs by prompt name and version. A trace that ran two versions of one prompt counts for both. */
export function promptScorecards(runs: readonly PromptRun[], quality: (traceId: string) => RunQuality | undefined): PromptScorecard[] {
  const byPrompt = new Map<string, Map<string | null, PromptRun[]>>();
  for (const run of runs) {
    let versions = byPrompt.get(run.promptName);
    if (!versions) byPrompt.set(run.promptName, (versions = new Map()));
    const list = versions.get(run.promptVersion);
    if (list) list.push(run);
    else versions.set(run.promptVersion, [run]);
  }
  const cards: PromptScorecard[] = [];
  for (const [promptName, versions] of byPrompt) {
    const cardsOfVersions = [...versions.values()].map((list) => versionScorecard(list, quality))
      .sort((a, b) => compareVersions(a.promptVersion, b.promptVersion));
    cards.push({ promptName, runs: new Set([...versions.values()].flat().map((r) => r.traceId)).size, versions: cardsOfVersions });
  }
  return cards.sort((a, b) => a.promptName.localeCompare(b.promptName));
}
