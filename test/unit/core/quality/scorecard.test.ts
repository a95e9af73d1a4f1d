// Prompt-version scorecards: cohorts per version, pass rates, error rates, means, percentiles, evaluation scores.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Evaluation } from '../../../../src/core/model/evaluations';
import type { PromptRun } from '../../../../src/core/model/store-types';
import {
  compareCohorts, compareVersions, formatUsd, promptLensTitle, promptScorecards, proportionConfidence, type RunQuality,
} from '../../../../src/core/quality';

const run = (i: number, version: string | null, over: Partial<PromptRun> = {}): PromptRun => ({
  traceId: i.toString(16).padStart(32, '0'), promptName: 'refund-answer', promptVersion: version, workloadId: 'refund-bot',
  startTimeUnixNano: String(1_000_000 + i), durationMs: 100 * i, errorCount: 0, inputTokens: 100, outputTokens: 20, costUsd: 0.004, ...over,
});
const judge = (score: number | null, label: string | null, source: Evaluation['source'] = 'otel-event'): Evaluation => ({ name: 'judge', score, label, explanation: null, source, spanId: 'x' });

describe('promptScorecards', () => {
  test('one cohort per version, newest version first, with every metric', () => {
    const runs = [run(1, '1'), run(2, '1', { errorCount: 2, costUsd: 0.006 }), run(3, '2'), run(4, '2'), run(5, '2'), run(6, '10'), run(7, null)];
    const quality = new Map<string, RunQuality>([
      [run(1, '1').traceId, { passed: true, evaluations: [judge(0.5, 'fail')] }],
      [run(2, '1').traceId, { passed: false, evaluations: [judge(1, 'pass', 'openinference')] }],
      [run(3, '2').traceId, { passed: true, evaluations: [judge(0.9, 'pass', 'langfuse')] }],
      [run(4, '2').traceId, { passed: null, evaluations: [] }],
    ]);
    const [card] = promptScorecards(runs, (id) => quality.get(id));
    assert.equal(card!.promptName, 'refund-answer');
    assert.equal(card!.runs, 7);
    assert.deepEqual(card!.versions.map((v) => v.promptVersion), ['10', '2', '1', null]);
    const v1 = card!.versions[2]!;
    assert.equal(v1.runs, 2);
    assert.equal(v1.checkedRuns, 2);
    assert.equal(v1.passRate, 0.5);
    assert.equal(v1.errorRuns, 1);
    assert.equal(v1.errorRate, 0.5);
    assert.equal(v1.meanTokens, 120);
    assert.ok(Math.abs(v1.meanCostUsd - 0.005) < 1e-12);
    assert.equal(v1.p50DurationMs, 100);
    assert.equal(v1.p95DurationMs, 200);
    assert.equal(v1.firstSeenUnixNano, '1000001');
    assert.equal(v1.lastSeenUnixNano, '1000002');
    assert.deepEqual(v1.traceIds, [run(2, '1').traceId, run(1, '1').traceId]);
    assert.deepEqual(v1.evaluations, [{ name: 'judge', count: 2, meanScore: 0.75, scoredCount: 2, label: 'pass' }]);
    const v2 = card!.versions[1]!;
    assert.equal(v2.checkedRuns, 1);
    assert.equal(v2.passRate, 1);
    assert.equal(v2.p50DurationMs, 400);
    assert.equal(v2.p95DurationMs, 500);
    assert.equal(card!.versions[0]!.passRate, null);
  });

  test('version order is natural and unversioned runs come last', () => {
    assert.deepEqual(['v2', null, 'v10', 'v1'].sort(compareVersions), ['v10', 'v2', 'v1', null]);
  });

  test('lens title: version, runs, pass rate, judge score, cost per run', () => {
    const runs = Array.from({ length: 42 }, (_, i) => run(i + 1, '3'));
    const quality = (id: string): RunQuality => ({ passed: Number.parseInt(id, 16) > 5, evaluations: [judge(0.91, null)] });
    const [card] = promptScorecards(runs, quality);
    assert.equal(promptLensTitle(card!.versions[0]!), 'v3 · 42 runs · 88% pass · judge 0.91 · $0.004/run');
    assert.equal(formatUsd(0.1234), '$0.123');
    assert.equal(formatUsd(2), '$2.00');
    assert.equal(formatUsd(0.00001), '<$0.0001');
  });
});

describe('cohorts', () => {
  test('side by side with B − A and a verdict only when the counts allow one', () => {
    const runs = [
      ...Array.from({ length: 20 }, (_, i) => run(i + 1, '1', { errorCount: i < 10 ? 1 : 0, costUsd: 0.01 })),
      ...Array.from({ length: 20 }, (_, i) => run(i + 100, '2', { errorCount: i < 1 ? 1 : 0, costUsd: 0.004 })),
    ];
    const [card] = promptScorecards(runs, () => undefined);
    const [v2, v1] = card!.versions;
    const c = compareCohorts(v1!, v2!);
    const m = new Map(c.metrics.map((x) => [x.metric, x]));
    assert.equal(m.get('runs')!.diff, 0);
    assert.equal(m.get('error rate')!.a, 0.5);
    assert.equal(m.get('error rate')!.b, 0.05);
    assert.ok(Math.abs(m.get('error rate')!.diff! + 0.45) < 1e-12);
    assert.equal(m.get('error rate')!.confidence, 'likely');
    assert.equal(m.get('contract pass rate')!.confidence, 'n/a');
    assert.ok(Math.abs(m.get('cost per run')!.diff! + 0.006) < 1e-12);
    assert.equal(m.get('cost per run')!.lowerIsBetter, true);
  });

  test('proportion confidence: too few runs, noise, likely', () => {
    assert.equal(proportionConfidence(1, 3, 3, 3), 'too-few-runs');
    assert.equal(proportionConfidence(10, 20, 11, 20), 'noise');
    assert.equal(proportionConfidence(5, 50, 40, 50), 'likely');
    assert.equal(proportionConfidence(20, 20, 20, 20), 'noise');
  });
});
