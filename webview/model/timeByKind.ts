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

/** The sweep, pausing (yield) every `every` spans while it collects them; the result is complete when done. */
export function* timeByKindSteps(index: TreeIndex, every = 5000): Generator<void, TimeByKind> {
  const out: TimeByKind = { llm: 0, tool: 0, retrieval: 0, other: 0, idle: 0 };
  if (index.totalMs <= 0) return out;
  // Per kind, the starts and ends of its spans, sorted as numbers (typed arrays: no comparator calls);
  // a sweep over all four then knows at each instant which kinds have a span open.
  const starts: number[][] = [[], [], [], []];
  const ends: number[][] = [[], [], [], []];
  let n = 0;
  for (const s of index.spans.values()) {
    if (++n % every === 0) yield;
    const bucket = timeKindOf(s.kind, (index.children.get(s.spanId)?.length ?? 0) > 0);
    if (bucket === null) continue;
    const start = index.offsetMs.get(s.spanId) ?? 0;
    const end = Math.min(index.totalMs, start + Math.max(0, s.durationMs));
    if (end <= start) continue;
    const k = WORK_ORDER.indexOf(bucket);
    starts[k]!.push(start);
    ends[k]!.push(end);
  }
  const st = starts.map((a) => Float64Array.from(a).sort());
  const en = ends.map((a) => Float64Array.from(a).sort());
  yield;
  const si = [0, 0, 0, 0];
  const ei = [0, 0, 0, 0];
  const open = [0, 0, 0, 0];
  let last = 0;
  for (;;) {
    // The next boundary of any kind; at one instant ends count before starts.
    let at = Infinity;
    for (let k = 0; k < 4; k++) {
      if (ei[k]! < en[k]!.length && en[k]![ei[k]!]! < at) at = en[k]![ei[k]!]!;
      if (si[k]! < st[k]!.length && st[k]![si[k]!]! < at) at = st[k]![si[k]!]!;
    }
    if (at === Infinity) break;
    if (at > last) {
      const k = open.findIndex((c) => c > 0);
      out[k < 0 ? 'idle' : WORK_ORDER[k]!] += at - last;
      last = at;
    }
    for (let k = 0; k < 4; k++) {
      while (ei[k]! < en[k]!.length && en[k]![ei[k]!] === at) { open[k]!--; ei[k]!++; }
      while (si[k]! < st[k]!.length && st[k]![si[k]!] === at) { open[k]!++; si[k]!++; }
    }
  }
  if (index.totalMs > last) out.idle += index.totalMs - last;
  return out;
}

export function timeByKind(index: TreeIndex): TimeByKind {
  const steps = timeByKindSteps(index);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
