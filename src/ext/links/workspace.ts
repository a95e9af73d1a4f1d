// Workspace file access for span links: roots, file lookups by name, text reads, recorded-path mapping.
import * as vscode from 'vscode';
import { mapPathToWorkspace, toSlashPath, type PathMapping } from '../../core/links';

export const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,__pycache__,site-packages}/**';
const MAX_TEXT_BYTES = 1024 * 1024;

export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

/** Local path in slash form, the key every link map uses. */
export function fileKey(uri: vscode.Uri): string {
  return toSlashPath(uri.fsPath);
}

function escapeGlob(text: string): string {
  return text.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}

/** Workspace files whose base name is one of `names` (all roots). */
export async function findFilesNamed(names: readonly string[], limit = 500): Promise<vscode.Uri[]> {
  const unique = [...new Set(names.filter((n) => n !== '' && !n.includes('/')))];
  if (unique.length === 0) return [];
  const pattern = unique.length === 1 ? `**/${escapeGlob(unique[0]!)}` : `**/{${unique.map(escapeGlob).join(',')}}`;
  return vscode.workspace.findFiles(pattern, EXCLUDE_GLOB, limit);
}

export function baseName(recordedPath: string): string {
  const slash = toSlashPath(recordedPath);
  return slash.slice(slash.lastIndexOf('/') + 1);
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Text of a file (open editors' unsaved text first); null when unreadable or too large. */
export async function readText(uri: vscode.Uri, maxBytes = MAX_TEXT_BYTES): Promise<string | null> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > maxBytes) return null;
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

/** `${workspaceFolder}` in a mapping target means the first root. */
export function expandMappings(mappings: readonly PathMapping[]): PathMapping[] {
  const first = workspaceRoots()[0] ?? '';
  return mappings.map((m) => ({ from: m.from, to: m.to.replace(/\$\{workspaceFolder\}/g, first) }));
}

/**
 * Resolves recorded paths (container paths, other checkouts, Windows paths, file:// URIs) to workspace
 * files: configured mappings first, then the longest path suffix. Results are cached until files are
 * created/deleted (entries of that base name) or the mappings change.
 */
export class PathResolver implements vscode.Disposable {
  private cache = new Map<string, Promise<vscode.Uri | null>>();
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(private readonly mappings: () => readonly PathMapping[]) {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.watcher.onDidCreate((uri) => this.forgetName(baseName(uri.fsPath)));
    this.watcher.onDidDelete((uri) => this.forgetName(baseName(uri.fsPath)));
  }

  clear(): void {
    this.cache.clear();
  }

  /**
   * A file or folder appeared or went away: only recorded paths with that base name, or with a folder
   * of that name, can resolve differently.
   */
  private forgetName(name: string): void {
    if (!name) return;
    for (const recorded of [...this.cache.keys()]) {
      if (toSlashPath(recorded).split('/').includes(name)) this.cache.delete(recorded);
    }
  }

  resolve(recordedPath: string): Promise<vscode.Uri | null> {
    let hit = this.cache.get(recordedPath);
    if (!hit) {
      hit = this.lookup(recordedPath);
      this.cache.set(recordedPath, hit);
    }
    return hit;
  }

  /** Resolve many at once with one file search. */
  async resolveAll(recordedPaths: readonly string[]): Promise<Map<string, vscode.Uri | null>> {
    const missing = recordedPaths.filter((p) => !this.cache.has(p));
    if (missing.length > 0) {
      const files = findFilesNamed(missing.map(baseName), 5000);
      for (const p of missing) this.cache.set(p, files.then((found) => this.pick(p, found)));
    }
    const out = new Map<string, vscode.Uri | null>();
    for (const p of recordedPaths) out.set(p, await this.resolve(p));
    return out;
  }

  private async lookup(recordedPath: string): Promise<vscode.Uri | null> {
    return this.pick(recordedPath, await findFilesNamed([baseName(recordedPath)]));
  }

  private async pick(recordedPath: string, files: readonly vscode.Uri[]): Promise<vscode.Uri | null> {
    const candidates = mapPathToWorkspace(recordedPath, {
      mappings: expandMappings(this.mappings()),
      workspaceFiles: files.map((u) => u.fsPath),
      workspaceRoots: workspaceRoots(),
    });
    for (const candidate of candidates) {
      const uri = vscode.Uri.file(candidate.path);
      if (candidate.verified || (await exists(uri))) return uri;
    }
    // A path outside the workspace that exists on this machine (e.g. a library checked out elsewhere).
    const local = toSlashPath(recordedPath);
    if (/^(\/|[A-Z]:\/)/.test(local) && (await exists(vscode.Uri.file(local)))) return vscode.Uri.file(local);
    return null;
  }

  dispose(): void {
    this.watcher.dispose();
    this.cache.clear();
  }
}
