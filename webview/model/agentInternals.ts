// Codex's prompt trace holds ~350 bookkeeping spans around its few model and tool calls. Folded, the tree keeps
// the roots, the model, tool and agent spans and any span with an error, each under its nearest kept ancestor;
// the rest is hidden until the toggle shows it.
import type { TreeSpan } from '../../src/protocol/messages';

/** Services whose traces fold their internals by default. */
export function foldsInternals(spans: readonly TreeSpan[]): boolean {
  return spans.some((s) => s.service?.startsWith('codex') === true);
}

const KEPT_KINDS = new Set(['llm', 'tool', 'agent', 'embedding', 'retrieval']);

export function foldAgentInternals(spans: readonly TreeSpan[]): { spans: TreeSpan[]; hidden: number } {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const kept = (s: TreeSpan): boolean =>
    s.parentSpanId === null || !byId.has(s.parentSpanId) || KEPT_KINDS.has(s.kind) || s.status === 'error';
  // Memo of each hidden span's nearest kept ancestor (iterative: deep chains must not overflow the stack).
  const keptAbove = new Map<string, string | null>();
  const nearestKept = (id: string | null): string | null => {
    const path: string[] = [];
    let current = id;
    let found: string | null = null;
    while (current !== null) {
      const memo = keptAbove.get(current);
      if (memo !== undefined) {
        found = memo;
        break;
      }
      const span = byId.get(current);
      if (!span) break;
      if (kept(span)) {
        found = current;
        break;
      }
      path.push(current);
      current = span.parentSpanId;
    }
    for (const p of path) keptAbove.set(p, found);
    return found;
  };
  const out: TreeSpan[] = [];
  for (const s of spans) {
    if (!kept(s)) continue;
    const parent = s.parentSpanId === null || !byId.has(s.parentSpanId) ? s.parentSpanId : nearestKept(s.parentSpanId);
    out.push(parent === s.parentSpanId ? s : { ...s, parentSpanId: parent });
  }
  return { spans: out, hidden: spans.length - out.length };
}
