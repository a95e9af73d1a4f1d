// Prompt identity down the span tree. Some producers name the prompt on the LLM span but put its version on an
// enclosing span only (the AI SDK v7 sets `ai.settings.context.*` on agent/step spans; the `chat` span below carries
// just the name). Normalization is per span and its ancestors may arrive later or in another request, so this runs
// where a span is read together with its ancestors: trace assembly and single-span reads in the store.

/** What the walk needs of a span. */
export interface PromptTreeNode {
  parentSpanId: string | null;
  promptName: string | null;
  promptVersion: string | null;
}

/** Deepest chain walked; span trees are far shallower, this only bounds malformed (cyclic) parent links. */
const MAX_DEPTH = 10_000;

/**
 * The version of the nearest ancestor that names the same prompt and has a version; null when the span has its own
 * version, names no prompt, or no ancestor (as far as `lookup` knows them) supplies one.
 */
export function inheritedPromptVersion(
  span: PromptTreeNode, lookup: (spanId: string) => PromptTreeNode | null,
): string | null {
  if (span.promptName === null || span.promptVersion !== null) return null;
  const seen = new Set<string>();
  let parentId = span.parentSpanId;
  while (parentId !== null && !seen.has(parentId) && seen.size < MAX_DEPTH) {
    seen.add(parentId);
    const parent = lookup(parentId);
    if (!parent) return null;
    if (parent.promptName === span.promptName && parent.promptVersion !== null) return parent.promptVersion;
    parentId = parent.parentSpanId;
  }
  return null;
}

/** Fill every span's missing prompt version from its ancestors within `spans` (one trace), in place. */
export function inheritPromptVersions<T extends PromptTreeNode & { spanId: string }>(spans: T[]): T[] {
  if (!spans.some((s) => s.promptName !== null && s.promptVersion === null)) return spans;
  const byId = new Map<string, PromptTreeNode>();
  // Ancestors are read as recorded, so the result does not depend on the order spans are filled in.
  for (const s of spans) byId.set(s.spanId, { parentSpanId: s.parentSpanId, promptName: s.promptName, promptVersion: s.promptVersion });
  for (const s of spans) {
    const version = inheritedPromptVersion(s, (id) => byId.get(id) ?? null);
    if (version !== null) s.promptVersion = version;
  }
  return spans;
}
