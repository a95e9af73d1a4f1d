// Where a trace's wall-clock time went, as one bar: at each instant the most telling kind of work running then
// (model call, then tool, then retrieval, then other work), or "idle" when only wrapper spans (agents, workflows,
// spans whose time is their children's) are open or nothing is. Segments add up to the trace's duration.
import type { SpanKindLabel } from '../../src/core/model/types';
import type { TreeIndex } from './tree';

export const TIME_KINDS = ['llm', 'tool', 'retrieval', 'other', 'idle'] as const;
export type TimeKind = (typeof TIME_KINDS)[number];

export type TimeByKind = Record<TimeKind, number>;

const WORK_ORDER: readonly TimeKind[] = ['llm', 'tool', 'retrieval', 'other'];

/** The bucket a span's own time falls in; null for wrappers whose time is their children's. */
export function timeKindOf(kind: SpanKindLabel, hasChildren: boolean): TimeKind | null {
  switch (kind) {
    case 'llm':
    case 'embedding':
      return 'llm';
    case 'tool':
      return 'tool';
    case 'retrieval':
    case 'rerank':
    case 'memory':
      return 'retrieval';
    case 'agent':
    case 'workflow':
      return null;
    default:
      return hasChildren ? null : 'other';
  }
}

export function timeByKind(index: TreeIndex): TimeByKind {
  const out: TimeByKind = { llm: 0, tool: 0, retrieval: 0, other: 0, idle: 0 };
  if (index.totalMs <= 0) return out;
  // +1/-1 per kind at each span's start/end, swept in time order.
  const points: { at: number; kind: number; delta: number }[] = [];
  for (const s of index.spans.values()) {
    const bucket = timeKindOf(s.kind, (index.children.get(s.spanId)?.length ?? 0) > 0);
    if (bucket === null) continue;
    const start = index.offsetMs.get(s.spanId) ?? 0;
    const end = Math.min(index.totalMs, start + Math.max(0, s.durationMs));
    if (end <= start) continue;
    const k = WORK_ORDER.indexOf(bucket);
    points.push({ at: start, kind: k, delta: 1 }, { at: end, kind: k, delta: -1 });
  }
  points.sort((a, b) => a.at - b.at);
  const open = [0, 0, 0, 0];
  let last = 0;
  for (const p of points) {
    if (p.at > last) {
      const k = open.findIndex((n) => n > 0);
      out[k < 0 ? 'idle' : WORK_ORDER[k]!] += p.at - last;
      last = p.at;
    }
    open[p.kind]! += p.delta;
  }
  if (index.totalMs > last) out.idle += index.totalMs - last;
  return out;
}
