// Which columns of a table fit a width: columns are dropped by priority (highest `drop` first) until the rest
// fit; columns with drop 0 always stay (a row's name). Pure: the view measures, this decides.

export interface ColumnSpec {
  key: string;
  /** The width (px) the column needs to be readable. */
  width: number;
  /** 0: never dropped. Otherwise the higher, the sooner it goes. */
  drop: number;
}

/** The keys of the columns to hide at `available` px (gap px between columns), in the order they were dropped. */
export function droppedColumns(columns: readonly ColumnSpec[], available: number, gap = 0): string[] {
  const needed = (cols: readonly ColumnSpec[]): number =>
    cols.reduce((sum, c) => sum + c.width, 0) + gap * Math.max(0, cols.length - 1);
  // Highest drop first; among equals the rightmost goes first.
  const order = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.drop > 0)
    .sort((a, b) => b.c.drop - a.c.drop || b.i - a.i)
    .map(({ c }) => c);
  let kept = [...columns];
  const dropped: string[] = [];
  for (const c of order) {
    if (needed(kept) <= available) break;
    kept = kept.filter((k) => k !== c);
    dropped.push(c.key);
  }
  return dropped;
}
