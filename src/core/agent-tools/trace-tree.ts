// The span tree of one trace as items in display order: spans, runs of alike leaf siblings folded into
// one item, and ghost rows for spans a contract expected but the trace lacks. Iterative: deep traces
// must not overflow the stack.
import type { Finding } from '../contracts/types';
import type { SpanStructure } from '../model/store-types';

export type TreeItem =
  | { type: 'span'; span: SpanStructure; depth: number; childCount: number }
  | { type: 'run'; spans: SpanStructure[]; depth: number }
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
}

export function buildTree(spans: readonly SpanStructure[], options: TreeOptions): TreeItem[] {
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

  const foldable = (s: SpanStructure): boolean => !kids.has(s.spanId) && s.status !== 'error' && !options.flagged.has(s.spanId);
  const childrenOf = (key: string): Child[] => {
    const list = kids.get(key) ?? [];
    const items: Child[] = [];
    for (let i = 0; i < list.length;) {
      const s = list[i]!;
      let j = i + 1;
      if (foldable(s)) while (j < list.length && list[j]!.name === s.name && list[j]!.kind === s.kind && foldable(list[j]!)) j++;
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
    const items = childrenOf(key);
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
      out.push({ type: 'span', span: item.span, depth: item.depth, childCount: kids.get(item.span.spanId)?.length ?? 0 });
      pushChildren(item.span.spanId, item.depth + 1);
    } else if (item.type === 'run') {
      out.push({ type: 'run', spans: item.spans, depth: item.depth });
    } else {
      out.push({ type: 'ghost', finding: item.finding, depth: item.depth });
    }
  }
  return out;
}
