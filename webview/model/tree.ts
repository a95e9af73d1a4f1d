// The span tree as a flat list of visible rows, rebuilt from a parent index and the collapsed set.
// Iterative walks only: a 100k-span chain must not overflow the stack.
import type { GhostRow, TreeSpan } from '../../src/protocol/messages';
import { compareNs, diffNsToMs } from './time';

export interface TreeIndex {
  spans: Map<string, TreeSpan>;
  /** Children in start-time order; key '' holds the roots (and orphans whose parent is absent). */
  children: Map<string, TreeSpan[]>;
  /** Every ghost under each parent key ('' = root level), in the order given. */
  ghosts: Map<string, GhostRow[]>;
  /** Ghosts drawn right after a span's visible subtree (their `afterSpanId`, a sibling under the same parent). */
  ghostsAfter: Map<string, GhostRow[]>;
  /** Span ids whose parent id is set but not present in the trace. */
  orphans: Set<string>;
  traceStartNs: string;
  traceEndNs: string;
  totalMs: number;
  /** Offset of each span's start from the trace start, in ms. */
  offsetMs: Map<string, number>;
  /** A preview's spans whose children are not loaded yet: how many they have. */
  pendingChildren?: Readonly<Record<string, number>>;
}

export type FlatRow =
  | {
      type: 'span';
      span: TreeSpan;
      depth: number;
      hasChildren: boolean;
      expanded: boolean;
      orphan: boolean;
    }
  | { type: 'ghost'; ghost: GhostRow; depth: number };

const ROOT = '';

export function buildTreeIndex(
  spans: readonly TreeSpan[], ghosts: readonly GhostRow[] = [], pendingChildren?: Readonly<Record<string, number>>,
): TreeIndex {
  const byId = new Map<string, TreeSpan>();
  for (const s of spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);

  const children = new Map<string, TreeSpan[]>();
  const orphans = new Set<string>();
  let start: string | null = null;
  let end: string | null = null;
  for (const s of byId.values()) {
    let parent = s.parentSpanId ?? ROOT;
    if (parent !== ROOT && (!byId.has(parent) || parent === s.spanId)) {
      orphans.add(s.spanId);
      parent = ROOT;
    }
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(s);
    if (start === null || compareNs(s.startTimeUnixNano, start) < 0) start = s.startTimeUnixNano;
    if (end === null || compareNs(s.endTimeUnixNano, end) > 0) end = s.endTimeUnixNano;
  }
  breakCycles(byId, children, orphans);
  const traceStartNs = start ?? '0';
  const offsetMs = new Map<string, number>();
  for (const s of byId.values()) offsetMs.set(s.spanId, diffNsToMs(s.startTimeUnixNano, traceStartNs));
  // Sort by the numeric offset (exact to well below a microsecond within a trace), ties by name. Stores
  // usually hand spans over in start order: checking that first spares a 100k-span trace most of its sorting.
  const bySiblingOrder = (a: TreeSpan, b: TreeSpan): number =>
    offsetMs.get(a.spanId)! - offsetMs.get(b.spanId)! || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const list of children.values()) {
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i++) sorted = bySiblingOrder(list[i - 1]!, list[i]!) <= 0;
    if (!sorted) list.sort(bySiblingOrder);
  }

  const ghostMap = new Map<string, GhostRow[]>();
  const ghostsAfter = new Map<string, GhostRow[]>();
  // The level a span is drawn at: orphans (and spans lifted off a cycle) sit at the root level.
  const levelOf = (s: TreeSpan): string => (orphans.has(s.spanId) ? ROOT : (s.parentSpanId ?? ROOT));
  const add = (map: Map<string, GhostRow[]>, key: string, g: GhostRow): void => {
    const list = map.get(key);
    if (list) list.push(g);
    else map.set(key, [g]);
  };
  for (const g of ghosts) {
    const key = g.parentSpanId != null && byId.has(g.parentSpanId) ? g.parentSpanId : ROOT;
    add(ghostMap, key, g);
    const sibling = g.afterSpanId != null ? byId.get(g.afterSpanId) : undefined;
    if (sibling && levelOf(sibling) === key) add(ghostsAfter, sibling.spanId, g);
  }

  const traceEndNs = end ?? traceStartNs;
  return {
    spans: byId,
    children,
    ghosts: ghostMap,
    ghostsAfter,
    orphans,
    traceStartNs,
    traceEndNs,
    totalMs: Math.max(0, diffNsToMs(traceEndNs, traceStartNs)),
    offsetMs,
    ...(pendingChildren ? { pendingChildren } : {}),
  };
}

/** Spans on a parent cycle are unreachable from the roots: lift one span of each cycle to the root level. */
function breakCycles(byId: Map<string, TreeSpan>, children: Map<string, TreeSpan[]>, orphans: Set<string>): void {
  const reached = new Set<string>();
  const walk = (from: string): void => {
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const c of children.get(id) ?? []) {
        if (reached.has(c.spanId)) continue;
        reached.add(c.spanId);
        stack.push(c.spanId);
      }
    }
  };
  walk(ROOT);
  if (reached.size === byId.size) return;
  for (const s of byId.values()) {
    if (reached.has(s.spanId)) continue;
    const parentList = children.get(s.parentSpanId ?? ROOT);
    if (parentList) parentList.splice(parentList.indexOf(s), 1);
    let roots = children.get(ROOT);
    if (!roots) children.set(ROOT, (roots = []));
    roots.push(s);
    orphans.add(s.spanId);
    reached.add(s.spanId);
    walk(s.spanId);
  }
}

export function hasChildren(index: TreeIndex, spanId: string): boolean {
  return (index.children.get(spanId)?.length ?? 0) > 0 || (index.ghosts.get(spanId)?.length ?? 0) > 0
    || (index.pendingChildren?.[spanId] ?? 0) > 0;
}

/** Visible rows in display order: children of a collapsed span are skipped. Cycles are cut. */
export function flattenTree(index: TreeIndex, collapsed: ReadonlySet<string>): FlatRow[] {
  const rows: FlatRow[] = [];
  const visited = new Set<string>();
  // Stack of pending items, pushed in reverse so they pop in order: span children, then the remaining ghosts.
  type Item = { span: TreeSpan; depth: number } | { ghost: GhostRow; depth: number };
  const stack: Item[] = [];
  const placed = new Set<GhostRow>();
  for (const list of index.ghostsAfter.values()) for (const g of list) placed.add(g);
  const pushGhosts = (ghosts: readonly GhostRow[], depth: number): void => {
    for (let i = ghosts.length - 1; i >= 0; i--) stack.push({ ghost: ghosts[i]!, depth });
  };
  const pushLevel = (parentKey: string, depth: number): void => {
    pushGhosts((index.ghosts.get(parentKey) ?? []).filter((g) => !placed.has(g)), depth);
    const kids = index.children.get(parentKey) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth });
  };
  pushLevel(ROOT, 0);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('ghost' in item) {
      rows.push({ type: 'ghost', ghost: item.ghost, depth: item.depth });
      continue;
    }
    const id = item.span.spanId;
    if (visited.has(id)) continue;
    visited.add(id);
    const kids = hasChildren(index, id);
    const expanded = kids && !collapsed.has(id);
    rows.push({
      type: 'span',
      span: item.span,
      depth: item.depth,
      hasChildren: kids,
      expanded,
      orphan: index.orphans.has(id),
    });
    // Below the span's children on the stack: they pop after its whole visible subtree.
    pushGhosts(index.ghostsAfter.get(id) ?? [], item.depth);
    if (expanded) pushLevel(id, item.depth + 1);
  }
  return rows;
}

/** Every span id that has children: the collapsed set for "collapse all". */
export function allParents(index: TreeIndex): Set<string> {
  const out = new Set<string>();
  for (const key of index.children.keys()) if (key !== ROOT) out.add(key);
  for (const key of index.ghosts.keys()) if (key !== ROOT) out.add(key);
  for (const key of Object.keys(index.pendingChildren ?? {})) out.add(key);
  return out;
}

/** Ancestors of a span (nearest first), used to reveal a span selected from outside the tree. */
export function ancestorsOf(index: TreeIndex, spanId: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>([spanId]);
  let current = index.spans.get(spanId)?.parentSpanId ?? null;
  while (current !== null && index.spans.has(current) && !seen.has(current)) {
    out.push(current);
    seen.add(current);
    current = index.spans.get(current)?.parentSpanId ?? null;
  }
  return out;
}

/**
 * Default collapsed set for a freshly opened trace: small trees fully open, big ones open to `depth`. A preview
 * passes the whole trace's `size`.
 */
export function initialCollapsed(index: TreeIndex, fullyOpenBelow = 2000, depth = 2, size = index.spans.size): Set<string> {
  if (size < fullyOpenBelow) return new Set();
  const collapsed = new Set<string>();
  const stack: Array<{ id: string; depth: number }> = (index.children.get(ROOT) ?? []).map((s) => ({ id: s.spanId, depth: 0 }));
  while (stack.length > 0) {
    const { id, depth: d } = stack.pop()!;
    if (!hasChildren(index, id)) continue;
    if (d + 1 >= depth) collapsed.add(id);
    else for (const k of index.children.get(id) ?? []) stack.push({ id: k.spanId, depth: d + 1 });
  }
  return collapsed;
}
