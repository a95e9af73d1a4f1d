// Tree keyboard navigation as a pure function of the visible rows.
import type { FlatRow } from './tree';

export type TreeKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Enter' | 'Home' | 'End' | 'PageUp' | 'PageDown';

export interface TreeKeyResult {
  /** Row index to select (unchanged when absent). */
  select?: number;
  /** Span to expand or collapse. */
  toggle?: { spanId: string; expand: boolean };
  /** Open the selected span's details. */
  open?: boolean;
}

export function isTreeKey(key: string): key is TreeKey {
  return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Enter', 'Home', 'End', 'PageUp', 'PageDown'].includes(key);
}

export function treeKey(rows: readonly FlatRow[], selected: number, key: TreeKey, pageSize = 10): TreeKeyResult {
  const last = rows.length - 1;
  if (last < 0) return {};
  const current = selected < 0 || selected > last ? -1 : selected;
  switch (key) {
    case 'ArrowDown':
      return { select: current < 0 ? 0 : Math.min(last, current + 1) };
    case 'ArrowUp':
      return { select: current < 0 ? 0 : Math.max(0, current - 1) };
    case 'Home':
      return { select: 0 };
    case 'End':
      return { select: last };
    case 'PageDown':
      return { select: Math.min(last, Math.max(0, current) + pageSize) };
    case 'PageUp':
      return { select: Math.max(0, current - pageSize) };
    case 'Enter':
      return current < 0 ? { select: 0 } : { open: true };
  }
  if (current < 0) return { select: 0 };
  const row = rows[current]!;
  if (key === 'ArrowRight') {
    if (row.type !== 'span' || !row.hasChildren) return {};
    if (!row.expanded) return { toggle: { spanId: row.span.spanId, expand: true } };
    return current < last ? { select: current + 1 } : {};
  }
  // ArrowLeft: collapse an open parent, else go to the parent row.
  if (row.type === 'span' && row.hasChildren && row.expanded) {
    return { toggle: { spanId: row.span.spanId, expand: false } };
  }
  for (let i = current - 1; i >= 0; i--) {
    if (rows[i]!.depth < row.depth) return { select: i };
  }
  return {};
}
