// Which spans make up a big trace's first screen: the top-level spans in start order, each followed by its
// children in start order (a big trace opens with its top level expanded and the level below collapsed).
import type { TracePreview } from '../model/store-types';

/** What choosing needs of every span in the trace: ids and start times only. */
export interface SpanLink {
  spanId: string;
  parentSpanId: string | null;
  /** Start time in any unit that orders the spans (NaN when unknown: sorts last). */
  start: number;
}

function byStart(a: SpanLink, b: SpanLink): number {
  const sa = Number.isNaN(a.start) ? Infinity : a.start;
  const sb = Number.isNaN(b.start) ? Infinity : b.start;
  return sa - sb || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

/**
 * The preview's span ids in display order (at most `maxSpans`) and the child counts of those that have children.
 * Top-level spans are those without a parent in the trace; spans on a parent cycle wait for the whole trace.
 */
export function choosePreview(links: readonly SpanLink[], maxSpans: number): { ids: string[]; childCounts: TracePreview['childCounts'] } {
  const present = new Set<string>();
  for (const link of links) present.add(link.spanId);
  const childCount = new Map<string, number>();
  const roots: SpanLink[] = [];
  for (const link of links) {
    const parent = link.parentSpanId;
    if (parent === null || parent === link.spanId || !present.has(parent)) roots.push(link);
    else childCount.set(parent, (childCount.get(parent) ?? 0) + 1);
  }
  roots.sort(byStart);
  const rootIds = new Set(roots.map((r) => r.spanId));
  const childrenOfRoots = new Map<string, SpanLink[]>();
  for (const link of links) {
    const parent = link.parentSpanId;
    if (parent === null || parent === link.spanId || !rootIds.has(parent)) continue;
    let list = childrenOfRoots.get(parent);
    if (!list) childrenOfRoots.set(parent, (list = []));
    list.push(link);
  }
  const ids: string[] = [];
  for (const root of roots) {
    if (ids.length >= maxSpans) break;
    ids.push(root.spanId);
    const children = childrenOfRoots.get(root.spanId)?.sort(byStart) ?? [];
    for (const child of children) {
      if (ids.length >= maxSpans) break;
      ids.push(child.spanId);
    }
  }
  const childCounts: TracePreview['childCounts'] = {};
  for (const id of ids) {
    const count = childCount.get(id);
    if (count) childCounts[id] = count;
  }
  return { ids, childCounts };
}
