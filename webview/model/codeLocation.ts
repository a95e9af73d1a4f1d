// Labels for a CodeLens's code location in the panel.
import type { CodeSpanFilter } from '../../src/protocol/messages';

/** `router.ts:12` from the first recorded path (any separator). */
export function codeLabel(filter: CodeSpanFilter): string {
  const file = filter.codeFiles[0] ?? '';
  const base = file.split(/[\\/]/).pop() || file;
  return filter.codeLine === null ? base : `${base}:${filter.codeLine}`;
}
