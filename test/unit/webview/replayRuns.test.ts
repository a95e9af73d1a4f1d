import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplayRunView } from '../../../src/protocol/messages';
import {
  NO_RUNS, applyProgress, errorSummary, figureText, finishedRuns, newRunId, startRuns, withResults,
} from '../../../webview/model/replayRuns';

function result(run: number, overrides: Partial<ReplayRunView> = {}): ReplayRunView {
  return {
    run, traceId: `t${run}`, spanId: `s${run}`, ok: true, text: 'Sunny.', toolCalls: [], error: null, finishReason: 'stop',
    inputTokens: 10, outputTokens: 2, costUsd: null, latencyMs: 40, comparison: null, notes: [], ...overrides,
  };
}

test('streamed text adds up per run; the stored result ends the run', () => {
  let s = startRuns('r1', 2);
  s = applyProgress(s, { runId: 'r1', run: 1, runs: 2, type: 'start' });
  s = applyProgress(s, { runId: 'r1', run: 1, runs: 2, type: 'text', delta: 'Sun' });
  s = applyProgress(s, { runId: 'r1', run: 1, runs: 2, type: 'text', delta: 'ny.' });
  assert.equal(s.live[0]!.text, 'Sunny.');
  assert.equal(s.live[0]!.chunks, 2);
  assert.equal(finishedRuns(s), 0);
  s = applyProgress(s, { runId: 'r1', run: 1, runs: 2, type: 'end', result: result(1) });
  s = applyProgress(s, { runId: 'r1', run: 2, runs: 2, type: 'text', delta: 'Rain' });
  assert.deepEqual(s.live.map((r) => [r.run, r.text, r.result !== null]), [[1, 'Sunny.', true], [2, 'Rain', false]]);
  assert.equal(finishedRuns(s), 1);
});

test('events of another run, or before any run, change nothing', () => {
  const s = startRuns('r2', 1);
  assert.equal(applyProgress(s, { runId: 'r1', run: 1, runs: 1, type: 'text', delta: 'late' }), s);
  assert.equal(applyProgress(NO_RUNS, { runId: 'r1', run: 1, runs: 1, type: 'start' }), NO_RUNS);
});

test('a failed run keeps the text that streamed before the cut; the final answer fills in missed ends', () => {
  let s = startRuns('r', 2);
  s = applyProgress(s, { runId: 'r', run: 1, runs: 2, type: 'text', delta: 'partial' });
  const cut = result(1, { ok: false, text: '', error: { kind: 'stream-cut', message: 'stream ended early', status: null, retryAfterSeconds: null } });
  s = applyProgress(s, { runId: 'r', run: 1, runs: 2, type: 'end', result: cut });
  assert.equal(s.live[0]!.text, 'partial');
  s = withResults(s, [cut, result(2, { text: 'Second.' })]);
  assert.deepEqual(s.live.map((r) => r.text), ['partial', 'Second.']);
  assert.equal(finishedRuns(s), 2);
});

test('errors say what happened: 401, 429 with Retry-After, 500, a cut stream', () => {
  const e = (kind: NonNullable<ReplayRunView['error']>['kind'], status: number | null, retry: number | null = null) =>
    errorSummary({ kind, message: 'said', status, retryAfterSeconds: retry });
  assert.equal(e('auth', 401).title, 'The endpoint refused the key · HTTP 401');
  assert.equal(e('rate-limit', 429, 20).title, 'Rate limited · HTTP 429 · retry after 20 s');
  assert.equal(e('server', 500).title, 'The provider failed · HTTP 500');
  assert.equal(e('stream-cut', null).title, 'The answer was cut off');
  assert.equal(e('auth', 401).detail, 'said');
  assert.equal(errorSummary({ kind: 'network', message: 'cancelled', status: null, retryAfterSeconds: null, stopped: true }).title, 'Stopped');
});

test('figures read original → replay with the signed difference', () => {
  const n = (x: number) => String(x);
  assert.equal(figureText({ original: 10, replay: 14, delta: 4 }, n), '10 → 14 (+4)');
  assert.equal(figureText({ original: 10, replay: 7, delta: -3 }, n), '10 → 7 (−3)');
  assert.equal(figureText({ original: 5, replay: 5, delta: 0 }, n), '5 → 5 (±0)');
  assert.equal(figureText({ original: null, replay: 7, delta: null }, n), '— → 7');
});

test('run ids differ', () => {
  let i = 0;
  const random = () => (i++ % 10) / 10;
  assert.notEqual(newRunId(random), newRunId(random));
});
