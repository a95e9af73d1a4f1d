// Where code locations and prompt files are resolved: the workspace folders, read straight from disk
// (the same code serves the CLI's MCP server and the extension). File listings are cached briefly.
import { closeSync, openSync, readSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { safeLine } from '../text/safe-text';
import { DEFAULT_PROMPT_GLOBS, mapPathToWorkspace, matchPromptFiles, toSlashPath, type PathMapping } from '../links';

export interface ResolvedPath {
  /** Absolute, slash form. */
  path: string;
  /** Relative to its workspace folder, or null when outside every folder. */
  relPath: string | null;
  /** Matched only by the path's last segments (the recorded path itself is not in the workspace): a guess. */
  guessed?: boolean;
}

export interface PromptFileAnswer {
  /** The file of exactly the version the span used. */
  exact: ResolvedPath | null;
  /** The highest version in the workspace. */
  current: (ResolvedPath & { version: string | null }) | null;
}

export interface WorkspaceView {
  readonly roots: readonly string[];
  resolveCodePath(recordedPath: string): ResolvedPath | null;
  /** Text of one 1-based line of a resolved file (trimmed, clipped), or null. */
  sourceLine(file: ResolvedPath, line: number): string | null;
  findPromptFile(name: string, version: string | null): PromptFileAnswer;
}

export interface FsWorkspaceOptions {
  pathMappings?: readonly PathMapping[];
  promptGlobs?: readonly string[];
  /** Most files listed (default 50,000): a huge tree is cut there, not walked to the end. */
  maxFiles?: number;
  /** How long a listing is reused (default 10 s). */
  cacheMs?: number;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', 'site-packages', '.cache']);
const HEADER_BYTES = 4096;
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

interface Listing {
  at: number;
  files: Array<{ root: string; relPath: string }>;
}

export class FsWorkspace implements WorkspaceView {
  readonly roots: readonly string[];
  private listing: Listing | null = null;
  private readonly resolved = new Map<string, ResolvedPath | null>();

  constructor(roots: readonly string[], private readonly options: FsWorkspaceOptions = {}) {
    this.roots = roots.map((r) => toSlashPath(path.resolve(r)).replace(/\/+$/, ''));
  }

  private files(): Listing['files'] {
    const now = Date.now();
    if (this.listing && now - this.listing.at < (this.options.cacheMs ?? 10_000)) return this.listing.files;
    const max = this.options.maxFiles ?? 50_000;
    const files: Listing['files'] = [];
    for (const root of this.roots) {
      const pending = [''];
      while (pending.length > 0 && files.length < max) {
        const rel = pending.pop()!;
        let entries;
        try {
          entries = readdirSync(path.join(root, rel), { withFileTypes: true });
        } catch {
          continue;
        }
        for (const entry of entries) {
          const child = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) {
            if (!SKIPPED_DIRS.has(entry.name)) pending.push(child);
          } else if (entry.isFile() && files.length < max) {
            files.push({ root, relPath: child });
          }
        }
      }
    }
    this.listing = { at: now, files };
    this.resolved.clear();
    return files;
  }

  resolveCodePath(recordedPath: string): ResolvedPath | null {
    const files = this.files();
    const cached = this.resolved.get(recordedPath);
    if (cached !== undefined) return cached;
    const first = this.roots[0] ?? '';
    const mappings = (this.options.pathMappings ?? []).map((m) => ({ from: m.from, to: m.to.replace(/\$\{workspaceFolder\}/g, first) }));
    const best = mapPathToWorkspace(recordedPath, { workspaceFiles: files, workspaceRoots: this.roots, mappings, limit: 1 })
      .find((c) => c.verified) ?? null;
    const answer = best ? { path: best.path, relPath: best.relPath, ...(best.reason === 'suffix' ? { guessed: true } : {}) } : null;
    this.resolved.set(recordedPath, answer);
    return answer;
  }

  sourceLine(file: ResolvedPath, line: number): string | null {
    try {
      if (statSync(file.path).size > MAX_SOURCE_BYTES) return null;
      const text = readFileSync(file.path, 'utf8').split(/\r?\n/)[line - 1];
      if (text === undefined) return null;
      const trimmed = text.trim();
      return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
    } catch {
      return null;
    }
  }

  findPromptFile(name: string, version: string | null): PromptFileAnswer {
    const byPath = new Map<string, ResolvedPath>();
    for (const f of this.files()) byPath.set(`${f.root}/${f.relPath}`, { path: `${f.root}/${f.relPath}`, relPath: f.relPath });
    const result = matchPromptFiles({ name, version }, [...byPath.keys()], readHead, this.options.promptGlobs ?? DEFAULT_PROMPT_GLOBS);
    const exact = result.exact ? byPath.get(result.exact) ?? null : null;
    const current = result.current ? byPath.get(result.current.path) ?? null : null;
    return { exact, current: current && result.current ? { ...current, version: result.current.version } : null };
  }
}

function readHead(file: string): string | undefined {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Display form: workspace-relative when possible. */
export function displayPath(file: ResolvedPath): string {
  return safeLine(file.relPath ?? file.path, 300);
}
