// Nanosecond timestamps arrive as decimal strings; compare and subtract them exactly.

/** Compare two non-negative decimal integer strings. */
export function compareNs(a: string, b: string): number {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s[i] === '0') i++;
  return i === 0 ? s : s.slice(i);
}

function toBig(s: string): bigint {
  try {
    return BigInt(s);
  } catch {
    return 0n;
  }
}

/** (a - b) in milliseconds, exact before the final conversion. */
export function diffNsToMs(a: string, b: string): number {
  const d = toBig(a) - toBig(b);
  // Split to keep sub-millisecond precision without overflowing Number for big differences.
  const whole = d / 1_000_000n;
  const rest = d % 1_000_000n;
  return Number(whole) + Number(rest) / 1e6;
}

/** Milliseconds since the epoch for a nanosecond string. */
export function nsToEpochMs(ns: string): number {
  return Number(toBig(ns) / 1_000_000n);
}
