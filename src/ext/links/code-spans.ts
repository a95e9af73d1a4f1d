// The spans a CodeLens stands for: same name, emitted from one of the recorded files at that line.
import type { SpanStructure } from '../../core/model/store-types';
import type { CodeSpanFilter, CodeSpansResult } from '../../protocol/messages';
import type { CodeSpansStore } from '../../core/store/views';

/** Spans the name search looks through (newest first) before the exact file/line match. */
export const CODE_SPANS_SCAN = 5000;
export const CODE_SPANS_LIMIT = 500;

export function matchesCodeFilter(span: SpanStructure, filter: CodeSpanFilter): boolean {
  if (span.name !== filter.spanName || !span.code?.filePath) return false;
  if (!filter.codeFiles.includes(span.code.filePath)) return false;
  return filter.codeLine === null || span.code.line === filter.codeLine;
}

/** Newest first; the store's name search is a substring match, so the exact match happens here. */
export async function findCodeSpans(store: CodeSpansStore, filter: CodeSpanFilter, limit = CODE_SPANS_LIMIT): Promise<CodeSpansResult> {
  const candidates = await store.searchSpans({ name: filter.spanName, limit: CODE_SPANS_SCAN });
  const matched = candidates.filter((s) => matchesCodeFilter(s, filter));
  return { spans: matched.slice(0, limit), truncated: matched.length > limit };
}
