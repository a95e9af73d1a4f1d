// Shared helpers for the benchmarks: percentiles, ratios and target lines. Benchmarks only report;
// a missed target prints MISS and never changes the exit code.

/** Nearest-rank percentile of `samples` (0 < p <= 100). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** "0.42x" style ratio of two figures measured in the same run. */
export function ratio(numerator: number, denominator: number): string {
  return `${(numerator / denominator).toFixed(2)}x`;
}

export function rate(count: number, ms: number): number {
  return count / (ms / 1000);
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `target <what>: PASS|MISS (<measured>)` — printed, never enforced. */
export function targetLine(what: string, pass: boolean, measured: string): string {
  return `target ${what}: ${pass ? 'PASS' : 'MISS'} (measured ${measured})`;
}
