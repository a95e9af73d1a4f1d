/**
 * Map a path recorded by a (possibly remote, containerized or Windows) process onto workspace files.
 * Ranking: configured prefix mappings that hit a workspace file, then the exact path inside a root,
 * then the longest matching path suffix, then configured mappings whose target is not in the file list.
 * Returned paths are in slash form (`C:/x/y.ts`, `/home/me/x.ts`); vscode.Uri.file accepts them.
 */
import { isAbsoluteSlashPath, joinSlash, percentDecode, relativeTo, segments, toSlashPath } from './paths';

export interface PathMapping {
  /** Recorded prefix, e.g. `/app` or `C:\build\agent`. */
  from: string;
  /** Local prefix: absolute, or relative to the first workspace root. */
  to: string;
}

export interface WorkspaceFile {
  root: string;
  relPath: string;
}

export interface MapPathOptions {
  mappings?: readonly PathMapping[];
  /** Workspace-relative (belonging to the first root), absolute, or {root, relPath} for multi-root. */
  workspaceFiles: ReadonlyArray<string | WorkspaceFile>;
  workspaceRoots: readonly string[];
  /** Most suffix candidates returned (default 20). */
  limit?: number;
}

export type PathMatchReason = 'mapping' | 'exact' | 'suffix';

export interface PathCandidate {
  /** Absolute local path, slash form. */
  path: string;
  root: string | null;
  relPath: string | null;
  reason: PathMatchReason;
  /** Trailing path segments shared with the recorded path. */
  matchedSegments: number;
  /** The file is in workspaceFiles (always true for 'suffix'). */
  verified: boolean;
}

interface IndexedFile {
  path: string;
  root: string | null;
  relPath: string | null;
  segs: string[];
}

export function mapPathToWorkspace(recordedPath: string, options: MapPathOptions): PathCandidate[] {
  const recorded = toSlashPath(recordedPath);
  if (recorded === '') return [];
  const roots = options.workspaceRoots.map((r) => toSlashPath(r).replace(/\/+$/, ''));
  const files = indexFiles(options.workspaceFiles, roots);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const recordedSegs = segments(recorded);

  const verifiedMapped: PathCandidate[] = [];
  const unverifiedMapped: PathCandidate[] = [];
  for (const mapping of options.mappings ?? []) {
    const target = applyMapping(recorded, mapping, roots[0]);
    if (target === null) continue;
    const file = byPath.get(target);
    const candidate = describe(target, file, roots, 'mapping', recordedSegs, file !== undefined);
    (file ? verifiedMapped : unverifiedMapped).push(candidate);
  }

  const exact: PathCandidate[] = [];
  const exactTargets = isAbsoluteSlashPath(recorded) ? [recorded] : roots.map((r) => joinSlash(r, recorded));
  for (const target of exactTargets) {
    const file = byPath.get(target);
    if (file) exact.push(describe(target, file, roots, 'exact', recordedSegs, true));
  }

  const suffix = suffixCandidates(recordedSegs, files);
  const decoded = percentDecode(recorded);
  if (decoded !== recorded) suffix.push(...suffixCandidates(segments(decoded), files));
  suffix.sort(
    (a, b) =>
      b.matchedSegments - a.matchedSegments ||
      segments(a.path).length - segments(b.path).length ||
      compareText(a.path, b.path),
  );

  const out: PathCandidate[] = [];
  const seen = new Set<string>();
  const limit = options.limit ?? 20;
  let suffixCount = 0;
  for (const c of [...verifiedMapped, ...exact, ...suffix, ...unverifiedMapped]) {
    if (seen.has(c.path)) continue;
    if (c.reason === 'suffix' && suffixCount >= limit) continue;
    if (c.reason === 'suffix') suffixCount++;
    seen.add(c.path);
    out.push(c);
  }
  return out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexFiles(files: MapPathOptions['workspaceFiles'], roots: string[]): IndexedFile[] {
  const out: IndexedFile[] = [];
  for (const entry of files) {
    let path: string;
    let root: string | null;
    if (typeof entry === 'string') {
      const p = toSlashPath(entry);
      if (isAbsoluteSlashPath(p)) {
        path = p;
        root = roots.find((r) => relativeTo(r, p) !== null) ?? null;
      } else {
        root = roots[0] ?? null;
        path = root ? joinSlash(root, p) : p;
      }
    } else {
      root = toSlashPath(entry.root).replace(/\/+$/, '');
      path = joinSlash(root, entry.relPath);
    }
    const relPath = root ? relativeTo(root, path) : null;
    out.push({ path, root, relPath, segs: segments(path) });
  }
  return out;
}

function applyMapping(recorded: string, mapping: PathMapping, firstRoot: string | undefined): string | null {
  const from = toSlashPath(mapping.from).replace(/\/+$/, '');
  if (from === '') return null;
  const rest = recorded === from ? '' : recorded.startsWith(from + '/') ? recorded.slice(from.length + 1) : null;
  if (rest === null) return null;
  let to = toSlashPath(mapping.to).replace(/\/+$/, '');
  if (!isAbsoluteSlashPath(to) && firstRoot) to = joinSlash(firstRoot, to);
  return rest === '' ? to : joinSlash(to, rest);
}

function describe(
  path: string,
  file: IndexedFile | undefined,
  roots: string[],
  reason: PathMatchReason,
  recordedSegs: string[],
  verified: boolean,
): PathCandidate {
  const root = file?.root ?? roots.find((r) => relativeTo(r, path) !== null) ?? null;
  return {
    path,
    root,
    relPath: root ? relativeTo(root, path) : null,
    reason,
    matchedSegments: sharedSuffix(recordedSegs, segments(path)),
    verified,
  };
}

function sharedSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function suffixCandidates(recordedSegs: string[], files: IndexedFile[]): PathCandidate[] {
  const out: PathCandidate[] = [];
  for (const f of files) {
    // Only the part inside the root counts: a shared `/home` prefix is not evidence.
    const segs = f.relPath !== null ? segments(f.relPath) : f.segs;
    const n = sharedSuffix(recordedSegs, segs);
    if (n === 0) continue;
    out.push({ path: f.path, root: f.root, relPath: f.relPath, reason: 'suffix', matchedSegments: n, verified: true });
  }
  return out;
}
