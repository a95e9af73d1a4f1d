// What `trace-lens replay` prints. Everything that came from a span or a model is untrusted text: it goes through
// the safe-text helpers (terminal controls become visible escapes) before it reaches the terminal.
import type { ReplayComparison, RunSpread } from '../core/compare';
import type { NormalizedSpan } from '../core/model/types';
import type { ReplayRunResult } from '../core/replay/run-replay';
import type { ReplayMark, ReplayRequest } from '../core/replay/types';
import { cleanText, labelText, safeLine } from '../core/text/safe-text';

/** Streamed text, chunk by chunk: newlines and tabs kept, everything else unsafe escaped. */
export function safeChunk(text: string): string {
  return cleanText(text, Number.MAX_SAFE_INTEGER, 'lines').text;
}

export function headerLines(request: ReplayRequest, endpointLabel: string, applied: readonly string[]): string {
  const s = request.source;
  const lines = [
    `replay of span ${s.spanId} ${labelText(s.spanName, 80)} in trace ${s.traceId}${s.service ? ` (service ${labelText(s.service, 60)})` : ''}`,
    `to ${request.provider} ${labelText(request.model ?? '', 80)} at ${safeLine(endpointLabel, 200)}`,
  ];
  if (applied.length > 0) lines.push(`edits: ${applied.map((a) => safeLine(a, 200)).join('; ')}`);
  for (const m of request.marks) lines.push(markLine(m));
  return `${lines.join('\n')}\n`;
}

export function markLine(m: ReplayMark): string {
  return `note: ${m.where}: ${safeLine(m.message, 300)}`;
}

function usd(v: number | null): string {
  return v === null ? 'no price' : `$${v.toFixed(6)}`;
}

function ms(v: number | null): string {
  return v === null ? '?' : `${Math.round(v)} ms`;
}

function signed(v: number | null, unit = ''): string {
  if (v === null) return 'n/a';
  return `${v > 0 ? '+' : ''}${Number.isInteger(v) ? v : v.toFixed(6)}${unit}`;
}

export function runFooter(result: ReplayRunResult, stored: NormalizedSpan | null, comparison: ReplayComparison | null): string {
  if (!result.ok) {
    return `\nrun ${result.run} failed: ${safeLine(result.error.message, 600)}\n  stored as trace ${result.traceId}\n`;
  }
  const a = result.answer;
  const lines: string[] = [];
  for (const c of a.toolCalls) lines.push(`tool call (not executed): ${labelText(c.name, 80)}(${safeLine(c.arguments, 400)})`);
  const tokens = `${a.usage.inputTokens ?? '?'} in / ${a.usage.outputTokens ?? '?'} out tokens`;
  lines.push(`finish ${safeLine(a.finishReason ?? 'unknown', 40)} · ${tokens} · ${usd(stored?.costUsd ?? null)} · ${ms(a.latencyMs)} · trace ${result.traceId}`);
  if (comparison) {
    const same = comparison.sameText ? 'same answer' : 'answer differs';
    const finish = comparison.finishReason.changed
      ? `finish ${safeLine(comparison.finishReason.original ?? '?', 40)} → ${safeLine(comparison.finishReason.replay ?? '?', 40)}`
      : 'same finish';
    lines.push(`vs original: ${same} · output tokens ${signed(comparison.outputTokens.delta)} · cost ${signed(comparison.costUsd.delta)} · latency ${signed(comparison.latencyMs.delta === null ? null : Math.round(comparison.latencyMs.delta), ' ms')} · ${finish}`);
  }
  if (result.dropped.length > 0) lines.push(`note: not sent (this API has no place for them here): ${result.dropped.join(', ')}`);
  for (const d of result.defaulted) lines.push(`note: ${safeLine(d, 200)}`);
  return `\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

export function spreadLines(spread: RunSpread): string {
  const lines = [`spread over ${spread.runs} runs: ${spread.distinctAnswers.length} distinct answer(s)${spread.failed > 0 ? `, ${spread.failed} failed` : ''}`];
  for (const d of spread.distinctAnswers.slice(0, 5)) lines.push(`  ×${d.count}  ${safeLine(d.text, 120)}`);
  if (spread.outputTokens) lines.push(`  output tokens: min ${spread.outputTokens.min} · mean ${spread.outputTokens.mean.toFixed(1)} · max ${spread.outputTokens.max}`);
  if (spread.costUsd) lines.push(`  cost: ${usd(spread.costUsd.total)} in all · ${usd(spread.costUsd.mean)} a run`);
  if (spread.latencyMs) lines.push(`  latency: min ${ms(spread.latencyMs.min)} · median ${ms(spread.latencyMs.median)} · max ${ms(spread.latencyMs.max)}`);
  return `${lines.join('\n')}\n`;
}

/** One run in --json output. */
export function runRecord(result: ReplayRunResult, stored: NormalizedSpan | null, comparison: ReplayComparison | null): Record<string, unknown> {
  const base = { run: result.run, traceId: result.traceId, spanId: result.spanId, ok: result.ok, costUsd: stored?.costUsd ?? null };
  if (!result.ok) {
    return { ...base, error: { kind: result.error.kind, status: result.error.status, retryAfterSeconds: result.error.retryAfterSeconds, message: result.error.message }, partialText: result.error.partialText };
  }
  const a = result.answer;
  return {
    ...base, text: a.text, toolCalls: a.toolCalls, finishReason: a.finishReason, usage: a.usage, latencyMs: a.latencyMs,
    firstChunkMs: a.firstChunkMs, responseModel: a.responseModel, droppedParameters: result.dropped, defaulted: result.defaulted,
    vsOriginal: comparison && {
      sameText: comparison.sameText, diff: comparison.diff, outputTokens: comparison.outputTokens, costUsd: comparison.costUsd,
      latencyMs: comparison.latencyMs, finishReason: comparison.finishReason,
    },
  };
}
