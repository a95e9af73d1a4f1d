// The span tree of one trace as items in display order: spans, runs of alike leaf siblings folded into
// one item, and ghost rows for spans a contract expected but the trace lacks. Iterative: deep traces
// must not overflow the stack.
import type { Finding } from '../contracts/types';
import type { SpanStructure } from '../model/store-types';

export type TreeItem =
  /** `hidden`: descendants not listed (below maxDepth), `hiddenErrors` of them failed. */
  | { type: 'span'; span: SpanStructure; depth: number; childCount: number; hidden: number; hiddenErrors: number }
  | { type: 'run'; spans: SpanStructure[]; depth: number; hidden: number }
  | { type: 'ghost'; finding: Finding; depth: number };

type Child = { type: 'span'; span: SpanStructure } | { type: 'run'; spans: SpanStructure[] } | { type: 'ghost'; finding: Finding };

/** Alike leaf siblings in a row at least this long are folded into one line. */
export const MIN_RUN = 3;

function compareNs(x: string, y: string): number {
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

export interface TreeOptions {
  /** Spans with a finding (never folded into a run). */
  flagged: ReadonlySet<string>;
  ghosts: readonly Finding[];
  /** Start at this span (a subtree); default the whole trace. */
  rootSpanId?: string;
  /** List spans down to this depth (0 = the top level); deeper ones are counted on their ancestor. */
  maxDepth?: number;
}

export function buildTree(spans: readonly SpanStructure[], options: TreeOptions): TreeItem[] {
  return treeBuilder(spans, options)(options.maxDepth);
}

/** The tree's shape computed once; the returned function lists it to any depth (a large trace is tried at several). */
export function treeBuilder(spans: readonly SpanStructure[], options: Omit<TreeOptions, 'maxDepth'>): (maxDepth?: number) => TreeItem[] {
  const byId = new Map<string, SpanStructure>();
  for (const s of spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);
  const kids = new Map<string, SpanStructure[]>();
  for (const s of byId.values()) {
    const p = s.parentSpanId && s.parentSpanId !== s.spanId && byId.has(s.parentSpanId) ? s.parentSpanId : '';
    const list = kids.get(p);
    if (list) list.push(s);
    else kids.set(p, [s]);
  }
  for (const list of kids.values()) list.sort((a, b) => compareNs(a.startTimeUnixNano, b.startTimeUnixNano));
  const ghostsByParent = new Map<string, Finding[]>();
  for (const g of options.ghosts) {
    const parent = g.missing?.parentSpanId && byId.has(g.missing.parentSpanId) ? g.missing.parentSpanId : '';
    const list = ghostsByParent.get(parent);
    if (list) list.push(g);
    else ghostsByParent.set(parent, [g]);
  }

  const stats = subtreeStats(byId, kids, options.flagged);
  return (depthLimit?: number): TreeItem[] => {
    const maxDepth = depthLimit ?? Number.POSITIVE_INFINITY;
    // A span folds into a run when nothing under it is listed and nothing in its subtree failed or broke a rule.
    const foldable = (s: SpanStructure, depth: number): boolean =>
      (!kids.has(s.spanId) || depth >= maxDepth) && stats.get(s.spanId)!.clean;
    const childrenOf = (key: string, depth: number): Child[] => {
      const list = kids.get(key) ?? [];
      const items: Child[] = [];
      for (let i = 0; i < list.length;) {
        const s = list[i]!;
        let j = i + 1;
        if (foldable(s, depth)) while (j < list.length && list[j]!.name === s.name && list[j]!.kind === s.kind && foldable(list[j]!, depth)) j++;
        if (j - i >= MIN_RUN) items.push({ type: 'run', spans: list.slice(i, j) });
        else for (let k = i; k < j; k++) items.push({ type: 'span', span: list[k]! });
        i = j;
      }
      for (const g of ghostsByParent.get(key) ?? []) {
        const after = g.missing?.afterSpanId ?? null;
        const at = after === null ? -1 : items.findIndex((c) => (c.type === 'span' && c.span.spanId === after) || (c.type === 'run' && c.spans.some((s) => s.spanId === after)));
        if (at < 0) items.push({ type: 'ghost', finding: g });
        else items.splice(at + 1, 0, { type: 'ghost', finding: g });
      }
      return items;
  };

  const out: TreeItem[] = [];
  const stack: Array<Child & { depth: number }> = [];
  const pushChildren = (key: string, depth: number): void => {
    const items = childrenOf(key, depth);
    for (let i = items.length - 1; i >= 0; i--) stack.push({ ...items[i]!, depth });
  };
  const start = options.rootSpanId ? byId.get(options.rootSpanId) : undefined;
  if (start) stack.push({ type: 'span', span: start, depth: 0 });
  else pushChildren('', 0);
  const seen = new Set<string>();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.type === 'span') {
      if (seen.has(item.span.spanId)) continue;
      seen.add(item.span.spanId);
      const below = item.depth >= maxDepth;
      const st = stats.get(item.span.spanId)!;
      out.push({
        type: 'span', span: item.span, depth: item.depth, childCount: kids.get(item.span.spanId)?.length ?? 0,
        hidden: below ? st.descendants : 0, hiddenErrors: below ? st.errors - (item.span.status === 'error' ? 1 : 0) : 0,
      });
      if (!below) pushChildren(item.span.spanId, item.depth + 1);
    } else if (item.type === 'run') {
      out.push({ type: 'run', spans: item.spans, depth: item.depth, hidden: item.spans.reduce((n, s) => n + stats.get(s.spanId)!.descendants, 0) });
    } else {
      out.push({ type: 'ghost', finding: item.finding, depth: item.depth });
    }
  }
  return out;
  };
}

interface SubtreeStats {
  descendants: number;
  errors: number;
  /** No error span and no span with a finding in the subtree (the span included). */
  clean: boolean;
}

/** Per span: descendants, error spans and cleanliness of its subtree, computed bottom-up without recursion. */
function subtreeStats(
  byId: ReadonlyMap<string, SpanStructure>, kids: ReadonlyMap<string, SpanStructure[]>, flagged: ReadonlySet<string>,
): Map<string, SubtreeStats> {
  const order: SpanStructure[] = [];
  const stack = [...(kids.get('') ?? [])];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (visited.has(s.spanId)) continue;
    visited.add(s.spanId);
    order.push(s);
    for (const c of kids.get(s.spanId) ?? []) stack.push(c);
  }
  for (const s of byId.values()) if (!visited.has(s.spanId)) order.push(s);
  const out = new Map<string, SubtreeStats>();
  for (let i = order.length - 1; i >= 0; i--) {
    const s = order[i]!;
    const st: SubtreeStats = { descendants: 0, errors: s.status === 'error' ? 1 : 0, clean: s.status !== 'error' && !flagged.has(s.spanId) };
    for (const c of kids.get(s.spanId) ?? []) {
      const cs = out.get(c.spanId);
      if (!cs) continue;
      st.descendants += cs.descendants + 1;
      st.errors += cs.errors;
      st.clean &&= cs.clean;
    }
    out.set(s.spanId, st);
  }
  return out;
}
