// Fixed-row-height virtualization and scroll anchoring (pure math, no DOM).

export interface Range {
  /** First row index to render (inclusive). */
  start: number;
  /** One past the last row index to render. */
  end: number;
}

/** A scroller's position and viewport height, as last measured. */
export interface Scroll {
  top: number;
  height: number;
}

export function visibleRange(
  scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 8,
): Range {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * New scrollTop after the list changed, so the row that was at the top of the viewport stays there
 * (new traces inserted above do not push the list under the cursor). At the very top we stay at the
 * top, so the newest traces show.
 */
export function anchoredScrollTop(
  previousIds: readonly string[], nextIds: readonly string[], scrollTop: number, rowHeight: number,
): number {
  if (scrollTop <= 0 || rowHeight <= 0) return 0;
  const topIndex = Math.floor(scrollTop / rowHeight);
  const within = scrollTop - topIndex * rowHeight;
  const anchor = previousIds[topIndex];
  if (anchor === undefined) return scrollTop;
  const nextIndex = nextIds.indexOf(anchor);
  if (nextIndex < 0) return scrollTop;
  return nextIndex * rowHeight + within;
}

/** scrollTop that brings row `index` into view with the least movement. */
export function scrollIntoView(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
