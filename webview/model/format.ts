// Display formatting shared by the list, the tree and the details.
import { nsToEpochMs } from './time';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms <= 0) return '0 ms';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${min}m ${s}s`;
}

export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** A count with thousands separators: 1,234. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The noun that agrees with a count: the singular for exactly 1, else the plural. */
export function nounFor(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** Bytes in the largest unit that keeps the number at least 1: "512 B", "34 KB", "1.1 GB" (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A count and its noun: "1 trace", "2 traces", "1,204 spans". */
export function countLabel(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${nounFor(n, singular, plural)}`;
}

/** Below this a cost reads "<$0.000001" (the store keeps costs to a nano-dollar; nobody reads that far). */
const SMALLEST_COST = 0.000001;

/**
 * Dollars for a row or a total: cents from one cent up ("$1.50"); below a cent two significant digits, so one
 * cheap call still says what it cost ("$0.0012", "$0.00004", never "$0.0000").
 */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd) || usd === 0) return '';
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs >= 0.01) return `${sign}$${abs.toFixed(2)}`;
  if (abs < SMALLEST_COST) return `${sign === '-' ? '>-' : '<'}$${SMALLEST_COST.toFixed(6)}`;
  // Digits after the point up to the second significant one: 0.0042 → 4, 0.00004 → 6.
  const digits = Math.min(6, 1 - Math.floor(Math.log10(abs)));
  const fixed = abs.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '');
  return `${sign}$${fixed}`;
}

/** Local wall-clock time of a nanosecond timestamp: `HH:MM:SS` today, else `MM-DD HH:MM`. */
export function formatClock(ns: string, now: Date = new Date()): string {
  const d = new Date(nsToEpochMs(ns));
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? time : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time.slice(0, 5)}`;
}

export interface Truncated {
  text: string;
  truncated: boolean;
  /** Characters not shown. */
  hidden: number;
}

/** Cut long text for display; the caller offers "show more". */
export function truncate(text: string, limit: number): Truncated {
  if (text.length <= limit) return { text, truncated: false, hidden: 0 };
  return { text: text.slice(0, Math.max(0, limit)), truncated: true, hidden: text.length - Math.max(0, limit) };
}

/** Attribute/JSON values as display text: strings as they are, JSON-looking strings and objects pretty-printed. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') {
    const t = value.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(t), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
