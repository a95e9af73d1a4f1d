// What a trace's editor tab is called and which trace a restored tab showed (no vscode import: unit-tested).
import type { TraceSummary } from '../core/model/types';
import type { SpanRef, TracePair } from '../protocol/messages';

/** "HH:MM:SS" of a nanosecond timestamp, in local time. */
function clock(ns: string): string {
  const ms = /^\d+$/.test(ns) ? Number(BigInt(ns) / 1_000_000n) : 0;
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** A trace tab's title: its root span's name and start time. */
export function traceTitle(summary: Pick<TraceSummary, 'rootName' | 'startTimeUnixNano'> | null, traceId: string): string {
  if (!summary) return `Trace ${traceId.slice(0, 8)}`;
  return `${summary.rootName ?? '(no root span)'} · ${clock(summary.startTimeUnixNano)}`;
}

/** Which trace or pair a restored tab showed: the last route of its saved navigation stack. */
export function savedTarget(state: unknown): { traceId: string } | { pair: TracePair } | { replay: SpanRef } | null {
  const nav = typeof state === 'object' && state !== null ? (state as { nav?: unknown }).nav : undefined;
  const route = Array.isArray(nav) ? nav[nav.length - 1] as Record<string, unknown> | undefined : undefined;
  if (!route || typeof route !== 'object') return null;
  if (route.view === 'trace' && typeof route.traceId === 'string') return { traceId: route.traceId };
  const ref = route.ref as Record<string, unknown> | undefined;
  if (route.view === 'replay' && ref && typeof ref.traceId === 'string' && typeof ref.spanId === 'string') {
    return { replay: { traceId: ref.traceId, spanId: ref.spanId } };
  }
  const pair = route.pair as Record<string, unknown> | undefined;
  if (route.view === 'compare' && pair && typeof pair.traceIdA === 'string' && typeof pair.traceIdB === 'string') {
    return { pair: { traceIdA: pair.traceIdA, traceIdB: pair.traceIdB } };
  }
  return null;
}


/** A Replay tab's title: the span's name. */
export function replayTitle(spanName: string | null, ref: SpanRef): string {
  return `Replay: ${spanName ?? ref.spanId.slice(0, 8)}`;
}
