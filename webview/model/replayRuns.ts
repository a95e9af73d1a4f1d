// The Replay tab's runs as they stream in: each run's text so far and, once it ended, its stored result; plus the
// words for a failed run and for the figures the comparison and the spread show. Pure.
import type { Figure } from '../../src/core/compare';
import type { ReplayProgressEvent, ReplayRunView } from '../../src/protocol/messages';

export interface LiveRun {
  run: number;
  text: string;
  /** Pieces of text streamed in so far. */
  chunks: number;
  result: ReplayRunView | null;
}

export interface RunsState {
  /** The run (or ×N batch) the tab listens to; events of any other are dropped. */
  runId: string | null;
  runs: number;
  live: LiveRun[];
}

export const NO_RUNS: RunsState = { runId: null, runs: 0, live: [] };

export function startRuns(runId: string, runs: number): RunsState {
  return { runId, runs, live: [] };
}

function upsert(live: readonly LiveRun[], run: number, change: (r: LiveRun) => LiveRun): LiveRun[] {
  const i = live.findIndex((r) => r.run === run);
  if (i < 0) return [...live, change({ run, text: '', chunks: 0, result: null })];
  const next = [...live];
  next[i] = change(live[i]!);
  return next;
}

export function applyProgress(state: RunsState, e: ReplayProgressEvent): RunsState {
  if (e.runId !== state.runId) return state;
  switch (e.type) {
    case 'start':
      return { ...state, runs: e.runs, live: upsert(state.live, e.run, (r) => r) };
    case 'text':
      return { ...state, live: upsert(state.live, e.run, (r) => ({ ...r, text: r.text + e.delta, chunks: r.chunks + 1 })) };
    case 'end':
      // The stored result's text wins over what streamed (a failed run keeps what came before the failure).
      return { ...state, live: upsert(state.live, e.run, (r) => ({ ...r, text: e.result.text || r.text, result: e.result })) };
  }
}

/** The runs' final results (from the request's answer), for runs whose 'end' was missed. */
export function withResults(state: RunsState, results: readonly ReplayRunView[]): RunsState {
  let live = state.live;
  for (const result of results) live = upsert(live, result.run, (r) => ({ ...r, text: result.text || r.text, result }));
  return { ...state, live: [...live].sort((a, b) => a.run - b.run) };
}

export function finishedRuns(state: RunsState): number {
  return state.live.filter((r) => r.result !== null).length;
}

const ERROR_TITLES: Record<NonNullable<ReplayRunView['error']>['kind'], string> = {
  auth: 'The endpoint refused the key',
  'rate-limit': 'Rate limited',
  server: 'The provider failed',
  request: 'The provider refused the request',
  network: 'Could not connect',
  timeout: 'Timed out',
  'stream-cut': 'The answer was cut off',
  provider: 'The provider reported an error',
  'bad-response': 'Unreadable answer',
};

/** A failed run in one line: what kind of failure, the HTTP status, when to retry, the provider's words. */
export function errorSummary(error: NonNullable<ReplayRunView['error']>): { title: string; detail: string } {
  const bits = [error.stopped ? 'Stopped' : ERROR_TITLES[error.kind]];
  if (error.status !== null) bits.push(`HTTP ${error.status}`);
  if (error.retryAfterSeconds !== null) bits.push(`retry after ${error.retryAfterSeconds} s`);
  return { title: bits.join(' · '), detail: error.message };
}

/** A figure of the comparison as "original → replay (±delta)". */
export function figureText(f: Figure, format: (n: number) => string): string {
  const side = (n: number | null): string => (n === null ? '—' : format(n));
  if (f.delta === null) return `${side(f.original)} → ${side(f.replay)}`;
  const sign = f.delta > 0 ? '+' : f.delta < 0 ? '−' : '±';
  return `${side(f.original)} → ${side(f.replay)} (${sign}${format(Math.abs(f.delta))})`;
}

/** A fresh id for one Run / Run ×N. */
export function newRunId(random: () => number = Math.random): string {
  return `run-${Date.now().toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;
}
