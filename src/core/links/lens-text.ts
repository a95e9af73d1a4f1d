/**
 * Text for the editor side of span links: CodeLens titles (`llm.generate · 12 runs · p95 1.8 s ·
 * 2 errors · 41k tokens`) and compact numbers.
 */

export interface LensStat {
  spanName: string;
  count: number;
  p95DurationMs: number;
  errorCount: number;
  totalTokens: number;
}

/** 850 ms, 1.8 s, 12 s, 2.5 min. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${trimZero(s.toFixed(1))} s`;
  if (s < 120) return `${Math.round(s)} s`;
  return `${trimZero((s / 60).toFixed(1))} min`;
}

/** 950, 41k, 1.2k, 3.4M. */
export function formatCompactCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n));
  if (abs < 10_000) return `${trimZero((n / 1000).toFixed(1))}k`;
  if (abs < 1_000_000) return `${Math.round(n / 1000)}k`;
  if (abs < 10_000_000) return `${trimZero((n / 1_000_000).toFixed(1))}M`;
  return `${Math.round(n / 1_000_000)}M`;
}

function trimZero(text: string): string {
  return text.replace(/\.0$/, '');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatLensTitle(stat: LensStat): string {
  const parts = [stat.spanName, plural(stat.count, 'run', 'runs'), `p95 ${formatDurationMs(stat.p95DurationMs)}`];
  if (stat.errorCount > 0) parts.push(plural(stat.errorCount, 'error', 'errors'));
  if (stat.totalTokens > 0) parts.push(`${formatCompactCount(stat.totalTokens)} tokens`);
  return parts.join(' · ');
}
