// "Open source" for a span: find the workspace file named by the span's code location and reveal the line.
// Simple suffix matching for now; full path mapping is added behind this function later.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NormalizedSpan } from '../core/model/types';

export interface OpenResult {
  ok: boolean;
  message?: string;
}

/** Candidate relative suffixes of a recorded path, longest first (`a/b/c.ts`, `b/c.ts`, `c.ts`). */
export function pathSuffixes(recorded: string): string[] {
  const parts = recorded.replace(/\\/g, '/').replace(/^file:\/\//, '').split('/').filter((p) => p && p !== '.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) out.push(parts.slice(i).join('/'));
  return out;
}

async function findFile(recorded: string): Promise<vscode.Uri | null> {
  const normalized = recorded.replace(/^file:\/\//, '');
  if (path.isAbsolute(normalized)) {
    const uri = vscode.Uri.file(normalized);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not on this machine: fall back to the workspace
    }
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const suffix of pathSuffixes(recorded)) {
    for (const folder of folders) {
      const uri = vscode.Uri.joinPath(folder.uri, suffix);
      try {
        await vscode.workspace.fs.stat(uri);
        return uri;
      } catch {
        // try the next folder
      }
    }
  }
  const base = pathSuffixes(recorded).pop();
  if (!base) return null;
  const found = await vscode.workspace.findFiles(`**/${base}`, '**/node_modules/**', 20);
  if (found.length === 0) return null;
  // Prefer the match that shares the longest path suffix with the recorded path.
  const score = (u: vscode.Uri): number => {
    const a = u.path.split('/').reverse();
    const b = recorded.replace(/\\/g, '/').split('/').reverse();
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  return found.sort((x, y) => score(y) - score(x))[0] ?? null;
}

export async function openSpanSource(span: NormalizedSpan): Promise<OpenResult> {
  const filePath = span.code?.filePath;
  if (!filePath) return { ok: false, message: 'This span has no code location.' };
  const uri = await findFile(filePath);
  if (!uri) return { ok: false, message: `No file matching ${filePath} in the workspace.` };
  const line = Math.max(0, (span.code?.line ?? 1) - 1);
  const column = Math.max(0, (span.code?.column ?? 1) - 1);
  const position = new vscode.Position(line, column);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
  return { ok: true };
}
