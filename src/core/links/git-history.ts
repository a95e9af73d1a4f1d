/**
 * Find an older prompt version in git history: the revision of a prompt file whose content declares
 * that version, or a file of that version that was since deleted or renamed. Git runs through an
 * injected runner so callers decide how (child_process by default, see runGit).
 */
import { execFile } from 'node:child_process';
import * as nodePath from 'node:path';
import { readPromptHeader } from './front-matter';
import { matchPromptFiles } from './prompt-files';
import { versionsEqual } from './versions';

/** Runs git with args in cwd; resolves stdout, rejects when git fails. */
export type GitRunner = (args: string[], cwd: string) => Promise<string>;

export const runGit: GitRunner = (args, cwd) =>
  new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 32 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });

export interface HistoricalPrompt {
  /** Commit that holds this content. */
  rev: string;
  /** Repository-relative path, slash form. */
  path: string;
  text: string;
}

export interface HistorySearch {
  repoRoot: string;
  name: string;
  version: string;
  /** Repository-relative paths of the prompt's files in the working tree (searched first). */
  knownPaths: readonly string[];
  /** Globs that select prompt files (repository-relative), as for matchPromptFiles. */
  globs: readonly string[];
  git?: GitRunner;
  /** Most revisions read per path (default 200). */
  maxRevisions?: number;
}

/** A file at a git revision, as a read-only document URI carries it. */
export interface HistoryFileRef {
  repoRoot: string;
  rev: string;
  /** Repository-relative path, slash form. */
  path: string;
}

const COMMIT_ID = /^[0-9a-f]{7,64}$/;

function within(parent: string, child: string): boolean {
  const rel = nodePath.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel));
}

/**
 * Check a history reference that came from outside (a document URI) before git sees it: the revision
 * must be a commit id, the path must stay inside the repository, and the repository must be inside
 * one of `folders` or hold one (a workspace folder below the repository's top).
 */
export function checkHistoryRef(value: unknown, folders: readonly string[]): HistoryFileRef | null {
  if (typeof value !== 'object' || value === null) return null;
  const { repoRoot, rev, path } = value as Record<string, unknown>;
  if (typeof repoRoot !== 'string' || typeof rev !== 'string' || typeof path !== 'string') return null;
  if (!COMMIT_ID.test(rev)) return null;
  if (path === '' || path.startsWith('-') || nodePath.isAbsolute(path) || path.split(/[\\/]/).includes('..')) return null;
  if (!nodePath.isAbsolute(repoRoot)) return null;
  const root = nodePath.resolve(repoRoot);
  const allowed = folders.some((f) => within(nodePath.resolve(f), root) || within(root, nodePath.resolve(f)));
  return allowed ? { repoRoot: root, rev, path } : null;
}

/** Top folder of the repository holding `dir`, or null outside git (or without git). */
export async function gitRepoRoot(dir: string, git: GitRunner = runGit): Promise<string | null> {
  try {
    const out = (await git(['rev-parse', '--show-toplevel'], dir)).trim();
    return out === '' ? null : out;
  } catch {
    return null;
  }
}

async function revisionsOf(git: GitRunner, repoRoot: string, path: string, max: number): Promise<string[]> {
  const out = await git(['log', '--all', `--max-count=${max}`, '--format=%H', '--', path], repoRoot).catch(() => '');
  return out.split('\n').map((l) => l.trim()).filter((l) => COMMIT_ID.test(l));
}

async function show(git: GitRunner, repoRoot: string, rev: string, path: string): Promise<string | null> {
  try {
    return await git(['show', `${rev}:${path}`], repoRoot);
  } catch {
    return null; // not present at that revision (e.g. the commit deleted it)
  }
}

/** Version the file declares in its header, else the one its path carries. */
function declaredVersion(text: string, path: string, name: string, globs: readonly string[]): string | null {
  const header = readPromptHeader(text, path);
  if (header?.version) return header.version;
  const byPath = matchPromptFiles({ name, version: null }, [path], () => undefined, globs);
  return byPath.all[0]?.version ?? null;
}

async function searchPath(search: HistorySearch, git: GitRunner, path: string): Promise<HistoricalPrompt | null> {
  for (const rev of await revisionsOf(git, search.repoRoot, path, search.maxRevisions ?? 200)) {
    const text = await show(git, search.repoRoot, rev, path);
    if (text === null) continue;
    const version = declaredVersion(text, path, search.name, search.globs);
    if (version !== null && versionsEqual(version, search.version)) return { rev, path, text };
  }
  return null;
}

export async function findPromptVersionInHistory(search: HistorySearch): Promise<HistoricalPrompt | null> {
  const git = search.git ?? runGit;
  for (const path of search.knownPaths) {
    const found = await searchPath(search, git, path);
    if (found) return found;
  }
  // Paths the repository ever had: one named for that version (deleted or renamed since) may exist.
  const listed = await git(['log', '--all', '--format=', '--name-only'], search.repoRoot).catch(() => '');
  const everPaths = [...new Set(listed.split('\n').map((l) => l.trim()).filter(Boolean))];
  const known = new Set(search.knownPaths);
  const historical = matchPromptFiles({ name: search.name, version: search.version }, everPaths, () => undefined, search.globs);
  const ordered = [historical.exact, ...historical.all.map((m) => m.path)].filter(
    (p): p is string => p !== null && !known.has(p),
  );
  for (const path of [...new Set(ordered)]) {
    const found = await searchPath(search, git, path);
    if (found) return found;
  }
  return null;
}
