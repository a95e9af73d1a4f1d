// Original call vs. a replay of it: the answer's text diff, tokens, cost, latency and finish reason. Pure: both
// sides are normalized spans (the replay as stored, priced at ingest like any other).
import type { NormalizedSpan } from '../model/types';
import { diffWords, type DiffOp } from './text-diff';

export interface Figure {
  original: number | null;
  replay: number | null;
  /** replay − original; null unless both are known. */
  delta: number | null;
}

export interface ReplayComparison {
  originalText: string;
  replayText: string;
  sameText: boolean;
  diff: DiffOp[];
  inputTokens: Figure;
  outputTokens: Figure;
  costUsd: Figure;
  latencyMs: Figure;
  finishReason: { original: string | null; replay: string | null; changed: boolean };
  status: { original: NormalizedSpan['status']; replay: NormalizedSpan['status'] };
}

/** The answer a span recorded, as text; tool calls as `name(arguments)` lines. */
export function answerText(span: Pick<NormalizedSpan, 'outputMessages'>): string {
  const lines: string[] = [];
  for (const m of span.outputMessages ?? []) {
    for (const p of m.parts) {
      if (p.type === 'text') lines.push(p.content);
      else if (p.type === 'tool_call') lines.push(`${p.name}(${typeof p.arguments === 'string' ? p.arguments : JSON.stringify(p.arguments)})`);
    }
  }
  return lines.join('\n');
}

function figure(original: number | null, replay: number | null): Figure {
  return { original, replay, delta: original !== null && replay !== null ? replay - original : null };
}

function finish(span: NormalizedSpan): string | null {
  return span.finishReasons?.[0] ?? null;
}

export function compareReplay(original: NormalizedSpan, replay: NormalizedSpan): ReplayComparison {
  const originalText = answerText(original);
  const replayText = answerText(replay);
  return {
    originalText,
    replayText,
    sameText: originalText === replayText,
    diff: diffWords(originalText, replayText),
    inputTokens: figure(original.inputTokens, replay.inputTokens),
    outputTokens: figure(original.outputTokens, replay.outputTokens),
    costUsd: figure(original.costUsd, replay.costUsd),
    latencyMs: figure(original.durationMs, replay.durationMs),
    finishReason: { original: finish(original), replay: finish(replay), changed: finish(original) !== finish(replay) },
    status: { original: original.status, replay: replay.status },
  };
}

export interface RunSpread {
  runs: number;
  failed: number;
  /** Distinct answer texts among the runs that finished, most frequent first. */
  distinctAnswers: Array<{ text: string; count: number }>;
  outputTokens: { min: number; max: number; mean: number } | null;
  costUsd: { total: number; mean: number } | null;
  latencyMs: { min: number; median: number; max: number } | null;
}

function stats(values: number[]): { min: number; max: number; mean: number; median: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, max: sorted[sorted.length - 1]!, mean: values.reduce((s, v) => s + v, 0) / values.length, median };
}

/** The spread of N replays of one request (the stored replay spans). */
export function runSpread(replays: readonly NormalizedSpan[]): RunSpread {
  const finished = replays.filter((s) => s.status !== 'error');
  const counts = new Map<string, number>();
  for (const s of finished) {
    const text = answerText(s);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const tokens = stats(finished.flatMap((s) => (s.outputTokens !== null ? [s.outputTokens] : [])));
  const costs = finished.flatMap((s) => (s.costUsd !== null ? [s.costUsd] : []));
  const latency = stats(replays.map((s) => s.durationMs));
  return {
    runs: replays.length,
    failed: replays.length - finished.length,
    distinctAnswers: [...counts].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count),
    outputTokens: tokens && { min: tokens.min, max: tokens.max, mean: tokens.mean },
    costUsd: costs.length > 0 ? { total: costs.reduce((s, v) => s + v, 0), mean: costs.reduce((s, v) => s + v, 0) / costs.length } : null,
    latencyMs: latency && { min: latency.min, median: latency.median, max: latency.max },
  };
}
