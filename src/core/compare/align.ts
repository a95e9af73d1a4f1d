// Aligns the spans of two traces by their path of names from the root, so "the 2nd llm.generate under
// refund.answer" in A meets the 2nd one in B. Iterative walks only: a deep chain must not overflow the stack.
import type { SpanKindLabel, SpanStatus } from '../model/types';
import type { SpanStructure } from '../model/store-types';

/** The span fields a comparison reads (SpanStructure has them all). */
export type ComparedSpan = Pick<
  SpanStructure,
  'spanId' | 'parentSpanId' | 'name' | 'kind' | 'startTimeUnixNano' | 'durationMs' | 'status' | 'inputTokens' | 'outputTokens'
>;

export type CompareSide = 'both' | 'a' | 'b';

/** One aligned span: the same place in both traces, or a span only one of them has. */
export interface CompareRow {
  depth: number;
  name: string;
  /** A's kind when A has the span, else B's. */
  kind: SpanKindLabel;
  side: CompareSide;
  a: string | null;
  b: string | null;
  aDurationMs: number | null;
  bDurationMs: number | null;
  /** B minus A; null unless both sides have the span. */
  durationDeltaMs: number | null;
  /** Input plus output tokens; null when the side lacks the span or recorded no tokens. */
  aTokens: number | null;
  bTokens: number | null;
  /** B minus A (a missing count is 0); null unless both sides have the span and one recorded tokens. */
  tokenDelta: number | null;
  aStatus: SpanStatus | null;
  bStatus: SpanStatus | null;
  /** Both sides have the span and their statuses differ. */
  statusChanged: boolean;
}

export interface TraceComparison {
  rows: CompareRow[];
  onlyInA: number;
  onlyInB: number;
  statusChanges: number;
}

const ROOT = '';

function compareNs(x: string, y: string): number {
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

/** Children per parent id in start order (ties by name); orphans and spans on a parent cycle sit at the root level. */
function childrenByParent<S extends ComparedSpan>(spans: readonly S[]): Map<string, S[]> {
  const byId = new Map<string, S>();
  for (const s of spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);
  const parentOf = (s: S): string => {
    const p = s.parentSpanId;
    return p && p !== s.spanId && byId.has(p) ? p : ROOT;
  };
  const children = new Map<string, S[]>();
  const add = (key: string, s: S): void => {
    const list = children.get(key);
    if (list) list.push(s);
    else children.set(key, [s]);
  };
  for (const s of byId.values()) add(parentOf(s), s);
  // Spans on a cycle are unreachable from the root level: lift them there.
  const reached = new Set<string>();
  const walk = (from: string): void => {
    const stack = [from];
    while (stack.length > 0) {
      for (const c of children.get(stack.pop()!) ?? []) {
        if (!reached.has(c.spanId)) {
          reached.add(c.spanId);
          stack.push(c.spanId);
        }
      }
    }
  };
  walk(ROOT);
  for (const s of byId.values()) {
    if (reached.has(s.spanId)) continue;
    const siblings = children.get(parentOf(s))!;
    siblings.splice(siblings.indexOf(s), 1);
    add(ROOT, s);
    reached.add(s.spanId);
    walk(s.spanId);
  }
  for (const list of children.values()) {
    list.sort((x, y) => compareNs(x.startTimeUnixNano, y.startTimeUnixNano) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  }
  return children;
}

/** Each sibling's key: its name and its occurrence among same-named siblings ("llm.generate#1"). */
function siblingKeys(siblings: readonly ComparedSpan[]): string[] {
  const seen = new Map<string, number>();
  return siblings.map((s) => {
    const n = seen.get(s.name) ?? 0;
    seen.set(s.name, n + 1);
    return `${s.name}\u0000${n}`;
  });
}

interface Pair<S> {
  a: S | null;
  b: S | null;
}

/**
 * One level merged: A's order, each B-only span right after the A sibling matched by its preceding sibling in B.
 * B-only spans before B's first match go right before that match; with no match at all, after A's spans.
 */
export function mergeSiblings<S extends ComparedSpan>(as: readonly S[], bs: readonly S[]): Array<Pair<S>> {
  const aIndex = new Map(siblingKeys(as).map((k, i) => [k, i]));
  const matchOfA: Array<S | null> = as.map(() => null);
  const leading: S[] = [];
  let leadingBefore: number | null = null;
  // B-only spans by the index of the A sibling they follow.
  const after = new Map<number, S[]>();
  let anchor: number | null = null;
  siblingKeys(bs).forEach((key, j) => {
    const b = bs[j]!;
    const i = aIndex.get(key);
    if (i !== undefined) {
      matchOfA[i] = b;
      leadingBefore ??= i;
      anchor = i;
    } else if (anchor === null) {
      leading.push(b);
    } else {
      const list = after.get(anchor);
      if (list) list.push(b);
      else after.set(anchor, [b]);
    }
  });
  const out: Array<Pair<S>> = [];
  const onlyB = (list: readonly S[]): void => {
    for (const b of list) out.push({ a: null, b });
  };
  as.forEach((a, i) => {
    if (i === leadingBefore) onlyB(leading);
    out.push({ a, b: matchOfA[i] ?? null });
    onlyB(after.get(i) ?? []);
  });
  if (leadingBefore === null) onlyB(leading);
  return out;
}

function tokensOf(s: ComparedSpan | null): number | null {
  if (!s || (s.inputTokens === null && s.outputTokens === null)) return null;
  return (s.inputTokens ?? 0) + (s.outputTokens ?? 0);
}

function rowOf(pair: Pair<ComparedSpan>, depth: number): CompareRow {
  const { a, b } = pair;
  const both = a !== null && b !== null;
  const aTokens = tokensOf(a);
  const bTokens = tokensOf(b);
  return {
    depth,
    name: (a ?? b)!.name,
    kind: (a ?? b)!.kind,
    side: both ? 'both' : a ? 'a' : 'b',
    a: a?.spanId ?? null,
    b: b?.spanId ?? null,
    aDurationMs: a?.durationMs ?? null,
    bDurationMs: b?.durationMs ?? null,
    durationDeltaMs: both ? b.durationMs - a.durationMs : null,
    aTokens,
    bTokens,
    tokenDelta: both && (aTokens !== null || bTokens !== null) ? (bTokens ?? 0) - (aTokens ?? 0) : null,
    aStatus: a?.status ?? null,
    bStatus: b?.status ?? null,
    statusChanged: both && a.status !== b.status,
  };
}

/** Align two traces' spans into rows in merged tree order (see mergeSiblings). */
export function compareTraces(a: readonly ComparedSpan[], b: readonly ComparedSpan[]): TraceComparison {
  const aKids = childrenByParent(a);
  const bKids = childrenByParent(b);
  const kidsOf = (kids: Map<string, ComparedSpan[]>, s: ComparedSpan | null): ComparedSpan[] => (s ? kids.get(s.spanId) ?? [] : []);
  const rows: CompareRow[] = [];
  const result: TraceComparison = { rows, onlyInA: 0, onlyInB: 0, statusChanges: 0 };
  type Item = Pair<ComparedSpan> & { depth: number };
  const stack: Item[] = [];
  const pushLevel = (as: ComparedSpan[], bs: ComparedSpan[], depth: number): void => {
    const merged = mergeSiblings(as, bs);
    for (let i = merged.length - 1; i >= 0; i--) stack.push({ ...merged[i]!, depth });
  };
  pushLevel(aKids.get(ROOT) ?? [], bKids.get(ROOT) ?? [], 0);
  while (stack.length > 0) {
    const item = stack.pop()!;
    const row = rowOf(item, item.depth);
    rows.push(row);
    if (row.side === 'a') result.onlyInA++;
    else if (row.side === 'b') result.onlyInB++;
    else if (row.statusChanged) result.statusChanges++;
    pushLevel(kidsOf(aKids, item.a), kidsOf(bKids, item.b), item.depth + 1);
  }
  return result;
}
