// The critical path of a trace: the chain of spans that sets its total duration. Walking back from the end of a
// span, the child that finished last (before the cursor) is on the path; the cursor then moves to that child's
// start, and so on; each chosen child is walked the same way. Parallel work that finished earlier is off the path.
// Iterative (a 100k-span chain must not overflow the stack).
import type { TreeIndex } from './tree';

const ROOT = '';

interface Interval { id: string; start: number; end: number }

function intervalsOf(index: TreeIndex, parent: string): Interval[] {
  return (index.children.get(parent) ?? []).map((s) => {
    const start = index.offsetMs.get(s.spanId) ?? 0;
    return { id: s.spanId, start, end: start + Math.max(0, s.durationMs) };
  });
}

/**
 * The children of one span (or of the trace) on the path between `from` and `to`: latest-ending first, each
 * clipped to the cursor; a child that starts at or after the cursor ran in parallel with one already chosen.
 */
function pathChildren(kids: Interval[], from: number, to: number): { child: Interval; to: number }[] {
  const byEnd = [...kids].sort((a, b) => b.end - a.end || b.start - a.start);
  const out: { child: Interval; to: number }[] = [];
  let cursor = to;
  for (const k of byEnd) {
    if (cursor <= from) break;
    if (k.start >= cursor) continue;
    out.push({ child: k, to: Math.min(k.end, cursor) });
    cursor = k.start;
  }
  return out;
}

/**
 * The walk, pausing (yield) every `every` spans so a caller can spread a big trace over several frames; the
 * returned set is complete when the generator is done.
 */
export function* criticalPathSteps(index: TreeIndex, onPath: Set<string>, every = 2000): Generator<void, Set<string>> {
  const tops = intervalsOf(index, ROOT);
  if (tops.length === 0) return onPath;
  const stack: { child: Interval; to: number }[] = pathChildren(tops, 0, index.totalMs);
  let n = 0;
  while (stack.length > 0) {
    const { child, to } = stack.pop()!;
    if (onPath.has(child.id)) continue;
    onPath.add(child.id);
    for (const next of pathChildren(intervalsOf(index, child.id), child.start, to)) stack.push(next);
    if (++n % every === 0) yield;
  }
  return onPath;
}

/** Span ids on the critical path (empty for an empty trace). */
export function criticalPath(index: TreeIndex): Set<string> {
  const steps = criticalPathSteps(index, new Set());
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
