/** Group per-location stats by the local file their recorded path maps to, then by line. */

export interface LocatedStat {
  codeFile: string;
  codeLine: number | null;
}

export interface FileStats<S> {
  /** Stats by 1-based line; locations without a line are filed under line 1. */
  byLine: Map<number, S[]>;
  /** Recorded paths that mapped onto this file. */
  recordedPaths: Set<string>;
}

/**
 * `resolve` maps a recorded path to a local key (e.g. an absolute path) or null when it is not in the
 * workspace; it is called once per distinct recorded path.
 */
export function indexStatsByFile<S extends LocatedStat>(
  stats: readonly S[],
  resolve: (recordedPath: string) => string | null,
): Map<string, FileStats<S>> {
  const resolved = new Map<string, string | null>();
  const out = new Map<string, FileStats<S>>();
  for (const stat of stats) {
    let local = resolved.get(stat.codeFile);
    if (local === undefined) {
      local = resolve(stat.codeFile);
      resolved.set(stat.codeFile, local);
    }
    if (local === null) continue;
    let file = out.get(local);
    if (!file) {
      file = { byLine: new Map(), recordedPaths: new Set() };
      out.set(local, file);
    }
    file.recordedPaths.add(stat.codeFile);
    const line = stat.codeLine !== null && stat.codeLine > 0 ? stat.codeLine : 1;
    const list = file.byLine.get(line);
    if (list) list.push(stat);
    else file.byLine.set(line, [stat]);
  }
  return out;
}
