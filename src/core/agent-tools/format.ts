// Small text helpers shared by the tools' answers.
import { formatDurationMs } from '../links/lens-text';

export { formatDurationMs };

/** ISO time (UTC, milliseconds) of an epoch-nanosecond string. */
export function isoTime(unixNano: string): string {
  try {
    const ms = Number(BigInt(unixNano) / 1_000_000n);
    return new Date(ms).toISOString();
  } catch {
    return unixNano;
  }
}

export function nanosOfIso(text: string): string | null {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return null;
  return (BigInt(ms) * 1_000_000n).toString();
}

export function formatCost(usd: number | null): string | null {
  if (usd === null || usd === 0) return null;
  return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

export function formatTokens(input: number | null, output: number | null): string | null {
  if (input === null && output === null) return null;
  return `${input ?? 0} in / ${output ?? 0} out tokens`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** JSON text of a value for display (strings unchanged). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
